// The runs table on an experiment of many runs (5,000 here; RUNS_TABLE_E2E_RUNS=100000 for the full size), imported
// as an mlflow.db through the import page: first rows, sort, scroll, filter, an invalid filter, Back restoring
// the view, the column chooser, select all — and the DOM stays a screenful whatever the size.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { tableMetric, writeRunsTableDb } from '../../bench/generate-runs-table-data.mjs';
import { expect, idle, openApp, test } from './fixtures';

const RUNS = Number(process.env.RUNS_TABLE_E2E_RUNS ?? 5_000);
const metric = tableMetric;

/** The run names of the rows in the DOM, top to bottom. */
const names = (page: Page) =>
	page.getByTestId('runs-table').locator('tr[data-row] [data-column="runName"] a').allTextContents();

test('many runs: first rows, sort, scroll, filter, Back, columns and select all, with a bounded DOM', async ({
	page
}) => {
	test.setTimeout(600_000);
	const db = join(mkdtempSync(join(tmpdir(), 'runs-table-')), 'mlflow.db');
	await writeRunsTableDb('tests/fixtures/mlflow/mlflow.db', db, RUNS);
	await openApp(page, 'import/');
	await page.getByTestId('file-input').setInputFiles(db);
	await expect(page.getByTestId('import-report')).toContainText('Import finished', { timeout: 500_000 });
	const experimentId = await page.evaluate(
		async () => (await window.runboard.searchExperiments())[0]!.experimentId
	);
	await openApp(page, `experiments/${experimentId}/`);

	// First rows: newest first; the count is every run; only a screenful of rows is in the DOM.
	const table = page.getByTestId('runs-table');
	await expect(page.getByTestId('run-total')).toHaveText(String(RUNS));
	await expect(table.locator('tr[data-row]').first()).toContainText(`run-${RUNS - 1}`);
	const domRows = () => table.locator('tbody tr').count();
	expect(await domRows()).toBeLessThan(80);

	// Sort by a metric: the smallest value first, in the URL.
	await table.locator('th[data-column="metric:m1"] button').click();
	await expect(page).toHaveURL(/sort=metric%3Am1/);
	const values = Array.from({ length: RUNS }, (_, i) => metric(i, 1));
	const smallest = values.indexOf(Math.min(...values));
	await expect(table.locator('tr[data-row]').first()).toContainText(`run-${smallest}`);
	await expect(table.locator('th[data-column="metric:m1"]')).toHaveAttribute('aria-sort', 'ascending');

	// Scrolling halfway fetches that window; the DOM stays small.
	const box = page.getByTestId('runs-table-box');
	await box.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
	const middle = Math.floor(RUNS / 2);
	await expect(table.locator(`tr[data-index="${middle}"]`)).toBeVisible();
	const sorted = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
	await expect(table.locator(`tr[data-index="${middle}"]`)).toContainText(`run-${sorted[middle]![1]}`);
	expect(await domRows()).toBeLessThan(80);
	await box.evaluate((el) => el.scrollTo(0, 0));

	// A filter: only the matching runs, counted; in the URL beside the sort.
	const filter = page.locator('#filter');
	await filter.fill('metrics.m1 < 5');
	await filter.press('Enter');
	const matching = values.filter((v) => v < 5).length;
	await expect(page.getByTestId('run-total')).toHaveText(String(matching));
	await expect(page).toHaveURL(/filter=metrics.m1/);
	await expect(page.getByTestId('compare-all')).toBeVisible();
	for (const name of await names(page)) expect(metric(Number(name.slice(4)), 1)).toBeLessThan(5);

	// An invalid filter empties the table and says why.
	await filter.fill('metrics.m1 <');
	await filter.press('Enter');
	await expect(page.getByRole('alert')).toBeVisible();
	await expect(table).toHaveCount(0);
	await expect(page.getByTestId('run-total')).toHaveText('0');

	// Back: the previous filter and its rows; Back again: no filter, still sorted.
	await page.goBack();
	await expect(page.getByTestId('run-total')).toHaveText(String(matching));
	await expect(filter).toHaveValue('metrics.m1 < 5');
	await expect(page.getByRole('alert')).toHaveCount(0);
	await page.goBack();
	await expect(page.getByTestId('run-total')).toHaveText(String(RUNS));
	await expect(table.locator('tr[data-row]').first()).toContainText(`run-${smallest}`);

	// The column chooser: p29 is not a default column (30 params: metrics first, a dozen of each).
	await expect(table.locator('th[data-column="param:p29"]')).toHaveCount(0);
	const chooser = page.getByTestId('column-chooser');
	await chooser.locator('summary').click();
	await chooser.getByLabel('Find a column').fill('p29');
	await chooser.getByRole('checkbox', { name: 'p29' }).check();
	await expect(table.locator('th[data-column="param:p29"]')).toBeVisible();
	await expect(page).toHaveURL(/col=param%3Ap29/);
	// Remembered for the experiment: a plain link to it shows the choice too.
	await openApp(page, `experiments/${experimentId}/`);
	await expect(page.getByTestId('runs-table').locator('th[data-column="param:p29"]')).toBeVisible();

	// Select all: every run, not only those in the DOM.
	await idle(page);
	await page.getByLabel('Select all runs').check();
	await expect(page.getByTestId('selected-count')).toHaveText(`${RUNS} selected`);
});
