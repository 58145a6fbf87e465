import { readFileSync } from 'node:fs';
import { expect, idle, openApp, test } from './fixtures';

test('the storage page shows usage, downloads a valid .sqlite file and deletes all data after confirming', async ({
	page
}) => {
	await openApp(page);
	await page.evaluate(async () => {
		const id = await window.runboard.createExperiment('to-download');
		const run = await window.runboard.createRun({ experimentId: id, runName: 'r' });
		await window.runboard.logMetric(run.info.runId, 'm', 42);
	});
	await openApp(page, 'storage/');
	await expect(page.getByTestId('storage-mode')).toContainText('private file system');
	await expect(page.getByTestId('storage-facts')).toContainText('Site storage used');

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download database (.sqlite)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^runboard-\d{4}-\d{2}-\d{2}\.sqlite$/);
	const bytes = readFileSync(await download.path());
	expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
	expect(bytes.includes(Buffer.from('to-download'))).toBe(true);

	await page.getByRole('button', { name: 'Delete all data…' }).click();
	const confirm = page.getByRole('button', { name: 'Delete everything' });
	await expect(confirm).toBeDisabled();
	await page.getByRole('dialog').getByRole('textbox').fill('delete');
	await confirm.click();
	await expect(page.getByRole('status')).toHaveText('All data was deleted.');
	await idle(page);
	expect(await page.evaluate(async () => (await window.runboard.searchExperiments()).length)).toBe(0);
	expect(await page.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});

test('every call misused from the page gets a coded error and writes nothing', async ({ page }) => {
	await openApp(page);
	const codes = await page.evaluate(async () => {
		const rb = window.runboard;
		const id = await rb.createExperiment('misuse');
		const run = await rb.createRun({ experimentId: id });
		const runId = run.info.runId;
		await rb.logParam(runId, 'p', 'a');
		const attempt = (p: Promise<unknown>) =>
			p.then(
				() => 'ok',
				(e: { code?: string; name?: string }) => `${e.name}:${e.code}`
			);
		return {
			conflict: await attempt(rb.logParam(runId, 'p', 'b')),
			notFound: await attempt(rb.getRun('a'.repeat(32))),
			badId: await attempt(rb.logMetric('xyz', 'm', 1)),
			badValue: await attempt(rb.logMetric(runId, 'm', 'NaN' as unknown as number)),
			hugeString: await attempt(rb.setTag(runId, 't', 'x'.repeat(10 * 1024 * 1024))),
			emptyName: await attempt(rb.createExperiment('')),
			wrongType: await attempt(rb.createRun({ experimentId: {} as unknown as string })),
			params: (await rb.getRun(runId)).data.params
		};
	});
	expect(codes).toEqual({
		conflict: 'RunboardError:PARAM_CONFLICT',
		notFound: 'RunboardError:NOT_FOUND',
		badId: 'RunboardError:INVALID_ARGUMENT',
		badValue: 'RunboardError:INVALID_ARGUMENT',
		hugeString: 'RunboardError:INVALID_ARGUMENT',
		emptyName: 'RunboardError:INVALID_ARGUMENT',
		wrongType: 'RunboardError:INVALID_ARGUMENT',
		params: [{ key: 'p', value: 'a' }]
	});
});
