import { expect, idle, launch, test } from './fixtures';

// A page served over plain http from a non-local host is not a secure context: no OPFS, no Web Locks. The app
// must fall back to an in-memory database and say so, never silently.
test('without OPFS the app works in memory and shows a persistent banner', async ({ profileDir }) => {
	const context = await launch(`${profileDir}-insecure`, [
		'--host-resolver-rules=MAP runboard.test 127.0.0.1'
	]);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(`http://runboard.test:${process.env.E2E_PORT ?? 4174}/runboard/`);
		await idle(page);
		await expect(page.getByTestId('memory-banner')).toContainText('Changes will not be saved');
		expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
		const mode = await page.evaluate(async () => {
			const id = await window.runboard.createExperiment('in-memory');
			await window.runboard.createRun({ experimentId: id });
			return (await window.runboard.ready()).mode;
		});
		expect(mode).toBe('memory');
		await page.goto(`http://runboard.test:${process.env.E2E_PORT ?? 4174}/runboard/storage/`);
		await idle(page);
		await expect(page.getByTestId('memory-banner')).toBeVisible();
		await expect(page.getByTestId('storage-mode')).toContainText('Memory only');
	} finally {
		await context.close();
	}
});
