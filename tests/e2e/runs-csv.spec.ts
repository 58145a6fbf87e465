// The experiment page's run actions: "Export CSV" (the runs shown or selected, in the table's order, with the
// columns shown; a name a spreadsheet would run as a formula is written as text) and pinning runs to the top.
import { readFileSync } from 'node:fs';
import { expect, idle, openApp, test } from './fixtures';

test('Export CSV writes the filtered or selected runs with the columns shown', async ({ page }) => {
	await openApp(page);
	const experimentId = await page.evaluate(async () => {
		const rb = window.runboard;
		const id = await rb.createExperiment('csv');
		const runs: [string, number, string][] = [
			['=HYPERLINK("x")', 0.5, 'a,b'],
			['plain', 0.25, 'say "hi"'],
			['third', NaN, '0.1']
		];
		let start = 1_700_000_000_000;
		for (const [runName, loss, lr] of runs) {
			const run = await rb.createRun({ experimentId: id, runName, startTime: start++ });
			await rb.logBatch(run.info.runId, {
				params: { lr },
				metrics: [{ key: 'loss', value: loss, step: 0, timestamp: 1 }]
			});
		}
		return id;
	});
	await openApp(page, `experiments/${experimentId}/?sort=metric:loss`);
	await idle(page);
	const download = async () => {
		const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
		expect(file.suggestedFilename()).toBe('csv-runs.csv');
		return readFileSync((await file.path())!, 'utf8')
			.trim()
			.split('\r\n')
			.map((line) => line.replace(/,[0-9a-f]{32},/, ',<id>,').replace(/^[0-9a-f]{32},/, '<id>,'));
	};
	const all = await download();
	expect(all[0]).toBe('run_id,run_name,status,start_time,end_time,parent_run_id,params.lr,metrics.loss');
	// Sorted by loss (NaN after numbers), as the table shows; quotes, commas and a formula kept as text.
	expect(all.slice(1).map((l) => l.split(',')[1])).toEqual(['plain', `"'=HYPERLINK(""x"")"`, 'third']);
	expect(all[1]).toContain(',"say ""hi""",0.25');
	expect(all[3]).toMatch(/,0\.1,NaN$/);

	await page.getByLabel('Select run third').check();
	const selected = await download();
	expect(selected).toHaveLength(2);
	expect(selected[1]).toContain(',third,');
});

test('a pinned run stays at the top whatever the sort; the pin lives in the URL, so Back unpins', async ({
	page
}) => {
	await openApp(page);
	const experimentId = await page.evaluate(async () => {
		const rb = window.runboard;
		const id = await rb.createExperiment('pins');
		for (const [i, runName] of ['first', 'second', 'third'].entries())
			await rb.createRun({ experimentId: id, runName, startTime: 1_700_000_000_000 + i });
		return id;
	});
	await openApp(page, `experiments/${experimentId}/`);
	await idle(page);
	const names = () =>
		page.getByTestId('runs-table').locator('tr[data-row] [data-column="runName"] a').allTextContents();
	await expect.poll(names).toEqual(['third', 'second', 'first']);
	await page.getByRole('button', { name: 'Pin run first' }).click();
	await expect.poll(names).toEqual(['first', 'third', 'second']);
	await expect(page.getByRole('button', { name: 'Pin run first' })).toHaveAttribute('aria-pressed', 'true');
	expect(new URL(page.url()).searchParams.getAll('pin')).toHaveLength(1);
	// Sorted by name, descending: the pin still comes first.
	await page.locator('th[data-column="runName"] button').click();
	await page.locator('th[data-column="runName"] button').click();
	await expect.poll(names).toEqual(['first', 'third', 'second']);
	await page.goBack();
	await page.goBack();
	await page.goBack();
	await expect.poll(names).toEqual(['third', 'second', 'first']);
});
