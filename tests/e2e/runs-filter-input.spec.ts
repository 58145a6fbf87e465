// What a person can type into the experiment page's filter box: a 10,000-character filter, an injection attempt,
// quotes and backslashes in values, a key no run has (a hint, as MLflow matches nothing), HTML in values — a
// clear message or a correct result, the table never stale under an error, the page never frozen.
import { expect, idle, openApp, test } from './fixtures';

test('long, hostile and unknown-key filters get a clear message or the right runs', async ({ page }) => {
	await openApp(page);
	const experimentId = await page.evaluate(async () => {
		const rb = window.runboard;
		const id = await rb.createExperiment('filters');
		const values: [string, string][] = [
			['plain', 'a'],
			['quoted', 'it\'s \\ "odd"'],
			['html', '<img src=x onerror=alert(1)>']
		];
		for (const [name, value] of values) {
			const r = await rb.createRun({ experimentId: id, runName: name });
			await rb.logBatch(r.info.runId, {
				params: [{ key: 'x', value }],
				metrics: [{ key: 'rmse', value: 1, step: 0, timestamp: 1 }]
			});
		}
		return id;
	});
	await openApp(page, `experiments/${experimentId}/`);
	const box = page.locator('#filter');
	const search = async (text: string) => {
		await box.fill(text);
		await box.press('Enter');
		await idle(page);
	};
	const rows = page.getByTestId('runs-table').locator('tr[data-run-id]');

	await search(`params.x = '${'a'.repeat(10_000)}'`);
	await expect(page.getByTestId('no-runs')).toBeVisible();

	await search("params.x = '' OR 1=1 --");
	await expect(page.getByRole('alert')).toBeVisible();
	await expect(page.getByRole('alert')).not.toContainText(/SQLITE|sqlite3|no such column/i);
	await expect(rows).toHaveCount(0);

	await search(`params.x = 'it''s \\ "odd"'`);
	await expect(rows).toHaveCount(1);
	await search("params.x = '<img src=x onerror=alert(1)>'");
	await expect(rows).toHaveCount(1);
	await expect(page.locator('img[src="x"]')).toHaveCount(0);

	await search('metrics.rmsee < 5');
	await expect(page.getByTestId('filter-hint')).toHaveText(
		'No run here has metrics.rmsee, so it matches nothing (as in MLflow). Did you mean metrics.rmse?'
	);
	await search('metrics.rmse < 5');
	await expect(rows).toHaveCount(3);
	await expect(page.getByTestId('filter-hint')).toHaveCount(0);
});
