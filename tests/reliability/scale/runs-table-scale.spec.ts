// The runs table's acceptance at scale: an experiment of 100,000 runs × 30 params × 20 metrics (nightly; 10,000 in
// CI, RUNS_TABLE_SCALE_RUNS picks any size), entered through the import page as a Runboard database backup
// (bench/generate-runs-table-backup.mjs: an mlflow.db of that size is ~1.3 GB). On it: first rows, sort, filter,
// pin, the column chooser, CSV export of the filtered runs, and Back from a run restoring the whole view.
// Each step is a helper of ./table-steps.ts, so later table features (group, hide, nested runs) are one more step.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadEmptyDatabase, writeRunsTableBackup } from '../../../bench/generate-runs-table-backup.mjs';
import { tableMetric } from '../../../bench/generate-runs-table-data.mjs';
import { expect, idle, openApp, test } from '../../e2e/fixtures';
import { sized } from '../size';
import { chooseColumn, exportCsv, filterBy, firstNames, pinRun, sortBy, total } from './table-steps';

const RUNS = Number(process.env.RUNS_TABLE_SCALE_RUNS ?? sized(10_000, 100_000));
const SLOW = { timeout: 120_000 };

let dir: string;
test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'runs-table-scale-'));
	console.log(`runs-table scale: ${RUNS.toLocaleString('en-US')} runs × 30 params × 20 metrics`);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test(`${RUNS} runs: first rows, sort, filter, pin, columns, CSV export and Back`, async ({ page }) => {
	test.setTimeout(sized(900_000, 2_400_000));
	// The data: written for the schema of the build under test, imported as a user would.
	const template = await downloadEmptyDatabase(page, 'storage/', join(dir, 'empty.sqlite'));
	const backup = await writeRunsTableBackup(template, join(dir, 'runs.sqlite'), RUNS);
	await openApp(page, 'import/');
	await page.getByTestId('file-input').setInputFiles(backup);
	const report = page.getByTestId('import-report');
	await expect(report).toContainText('Import finished', { timeout: 1_800_000 });
	await expect(report).toContainText(`${RUNS} runs added`);
	await idle(page);
	const experimentId = await page.evaluate(
		async () => (await window.runboard.getExperimentByName('runs-table'))!.experimentId
	);

	// First rows: newest first, every run counted, a screenful in the DOM.
	await openApp(page, `experiments/${experimentId}/`);
	await expect(total(page)).toHaveText(String(RUNS), SLOW);
	expect(await firstNames(page, 1)).toEqual([`run-${RUNS - 1}`]);
	expect(await page.getByTestId('runs-table').locator('tbody tr').count()).toBeLessThan(80);

	// Sort by a metric: the smallest first.
	const m1 = Array.from({ length: RUNS }, (_, i) => tableMetric(i, 1));
	const ascending = m1.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
	await sortBy(page, 'metric:m1', 'ascending');
	await expect.poll(() => firstNames(page, 1), SLOW).toEqual([`run-${ascending[0]![1]}`]);

	// A filter: only the matching runs, still sorted.
	const matching = ascending.filter(([v]) => v < 5);
	await filterBy(page, 'metrics.m1 < 5');
	await expect(total(page)).toHaveText(String(matching.length), SLOW);
	const top = matching.slice(0, 4).map(([, i]) => `run-${i}`);
	await expect.poll(() => firstNames(page, 4), SLOW).toEqual(top);

	// Pin the third run: it comes first, the others keep their order.
	const pinned = top[2]!;
	await pinRun(page, pinned);
	await expect.poll(() => firstNames(page, 4), SLOW).toEqual([top[2], top[0], top[1], top[3]]);

	// A param not shown by default (metrics first when there are many params), added from the chooser.
	await chooseColumn(page, 'p29');

	// CSV export of the filtered runs: every matching run once, with the chosen column.
	const csv = await exportCsv(page);
	expect(csv[0]).toContain('params.p29');
	expect(csv).toHaveLength(matching.length + 1);
	const runNames = new Set(csv.slice(1).map((line) => line.split(',')[1]));
	expect(runNames).toEqual(new Set(matching.map(([, i]) => `run-${i}`)));

	// Open a run, then Back: the filter, the sort, the pin and the columns are all as they were.
	await page.getByTestId('runs-table').locator(`tr[data-row] a:text-is("${pinned}")`).click();
	await expect(page).toHaveURL(/\/runs\//);
	await page.goBack();
	await expect(total(page)).toHaveText(String(matching.length), SLOW);
	await expect(page.locator('#filter')).toHaveValue('metrics.m1 < 5');
	await expect(page.locator('th[data-column="metric:m1"]')).toHaveAttribute('aria-sort', 'ascending');
	await expect(page.locator('th[data-column="param:p29"]')).toBeVisible();
	await expect.poll(() => firstNames(page, 4), SLOW).toEqual([top[2], top[0], top[1], top[3]]);
});
