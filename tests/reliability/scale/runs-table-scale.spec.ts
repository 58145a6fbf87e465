// The runs table's acceptance at scale: an experiment of 100,000 runs × 30 params × 20 metrics (nightly; 10,000 in
// CI, RUNS_TABLE_SCALE_RUNS picks any size), entered through the import page as a Runboard database backup
// (bench/generate-runs-table-backup.mjs: an mlflow.db of that size is ~1.3 GB). On it: first rows, sort, filter,
// pin, the column chooser, CSV export of the filtered runs, Back from a run restoring the whole view, hiding a
// run, grouping the filtered runs by a tag with a group opened, and nested runs collapsed and expanded.
// Each step is a helper of ./table-steps.ts, so later table features (group, hide, nested runs) are one more step.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadEmptyDatabase, writeRunsTableBackup } from '../../../bench/generate-runs-table-backup.mjs';
import { tableMetric } from '../../../bench/generate-runs-table-data.mjs';
import { expect, idle, openApp, test } from '../../e2e/fixtures';
import { sized } from '../size';
import {
	chooseColumn,
	exportCsv,
	filterBy,
	firstNames,
	groupBy,
	groupCounts,
	hideRun,
	pinRun,
	sortBy,
	toggleGroup,
	total
} from './table-steps';

const RUNS = Number(process.env.RUNS_TABLE_SCALE_RUNS ?? sized(10_000, 100_000));
const SLOW = { timeout: 120_000 };

let dir: string;
test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'runs-table-scale-'));
	console.log(`runs-table scale: ${RUNS.toLocaleString('en-US')} runs × 30 params × 20 metrics`);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test(`${RUNS} runs: first rows, sort, filter, pin, columns, CSV export, Back, hide, group and nested runs`, async ({
	page
}) => {
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

	// Hide: the pinned run leaves the charts, stays in the table (dimmed), and Back keeps it hidden.
	await hideRun(page, pinned);
	await expect(page.getByTestId('runs-table').locator('tr.hidden-run')).toHaveCount(1);

	// Group the filtered runs by their team tag: five groups whose counts add up to the filtered total; one opened.
	await groupBy(page, 'tag:team');
	await expect.poll(async () => (await groupCounts(page)).length, SLOW).toBe(5);
	const counts = await groupCounts(page);
	expect(counts.reduce((sum, [, n]) => sum + n, 0)).toBe(matching.length);
	await toggleGroup(page, 'team-0');
	await expect(page).toHaveURL(/[?&]open=team-0/);
	await expect
		.poll(async () => page.getByTestId('runs-table').locator('tr[data-run-id]').count(), SLOW)
		.toBeGreaterThan(0);
	await page.goBack();
	await expect(page).not.toHaveURL(/[?&]open=/);
	await groupBy(page, null);

	// Nested runs among 100,000: three children logged under the newest run; collapsed, then that parent expanded.
	const parent = `run-${RUNS - 1}`;
	await page.evaluate(
		async ({ experimentId, parent }) => {
			const rb = window.runboard;
			const { runs } = await rb.searchRuns({
				experimentIds: [experimentId],
				filter: `attributes.run_name = '${parent}'`
			});
			const parentId = runs[0]!.info.runId;
			for (const name of ['child-a', 'child-b', 'child-c'])
				await rb.createRun({ experimentId, runName: name, tags: { 'mlflow.parentRunId': parentId } });
		},
		{ experimentId, parent }
	);
	await filterBy(page, `attributes.run_name = '${parent}' OR attributes.run_name LIKE 'child-%'`);
	await expect(total(page)).toHaveText('4', SLOW);
	await page.getByTestId('collapse-all').click();
	await expect.poll(() => firstNames(page, 5), SLOW).toEqual([parent]);
	await page.getByRole('button', { name: new RegExp(`Expand the 3 runs under ${parent}`) }).click();
	await expect.poll(() => firstNames(page, 5), SLOW).toHaveLength(4);
});
