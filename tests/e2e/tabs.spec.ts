import { expect, idle, openApp, test } from './fixtures';

test('a second tab says the app is open elsewhere, and "Use it here" moves the database without losing data', async ({
	context,
	page
}) => {
	await openApp(page);
	await page.evaluate(async () => {
		const id = await window.runboard.createExperiment('tab-one');
		const run = await window.runboard.createRun({ experimentId: id, runName: 'before-handover' });
		await window.runboard.logMetric(run.info.runId, 'm', 1);
	});

	const second = await context.newPage();
	await second.goto('');
	await expect(second.getByTestId('other-tab')).toBeVisible();
	const refused = await second.evaluate(() =>
		window.runboard.createExperiment('should-not-exist').then(
			() => 'written',
			(e: { code: string }) => e.code
		)
	);
	expect(refused).toBe('DB_BUSY');

	await second.getByRole('button', { name: 'Use it here' }).click();
	await expect(second.getByTestId('other-tab')).toHaveCount(0);
	await idle(second);
	await expect(second.getByRole('link', { name: 'tab-one' })).toBeVisible();
	await expect(page.getByTestId('other-tab')).toBeVisible();

	// The second tab now writes; the first one refuses instead of writing to a database it no longer owns.
	await second.evaluate(() => window.runboard.createExperiment('tab-two'));
	const firstRefused = await page.evaluate(() =>
		window.runboard.createExperiment('x').then(
			() => 'written',
			(e: { code: string }) => e.code
		)
	);
	expect(firstRefused).toBe('DB_BUSY');

	// Closing the owner hands the database back to the waiting tab on its own.
	await second.close();
	await expect(page.getByTestId('other-tab')).toHaveCount(0);
	await idle(page);
	const names = await page.evaluate(async () =>
		(await window.runboard.searchExperiments()).map((e) => e.name).sort()
	);
	expect(names).toEqual(['tab-one', 'tab-two']);
	expect(await page.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});
