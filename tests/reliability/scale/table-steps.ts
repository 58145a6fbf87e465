// What a user does on the experiment page's runs table, one helper per action, for the scale acceptance spec:
// each acts as a user would (clicks, typing, the download) and waits for the page to say it is done.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

const table = (page: Page) => page.getByTestId('runs-table');

/** The run count the page shows above the table. */
export const total = (page: Page) => page.getByTestId('run-total');

/** The names of the first `count` rows in table order (the rows rendered are a window of the table). */
export async function firstNames(page: Page, count: number): Promise<string[]> {
	const names = await table(page).locator('tr[data-row] [data-column="runName"] a').allTextContents();
	return names.slice(0, count);
}

/** Clicks a column's header until it sorts the way asked (a click cycles ascending, descending). */
export async function sortBy(page: Page, column: string, order: 'ascending' | 'descending') {
	const header = table(page).locator(`th[data-column="${column}"]`);
	for (let i = 0; i < 3 && (await header.getAttribute('aria-sort')) !== order; i++) {
		await header.locator('button').click();
		await expect(header).toHaveAttribute('aria-sort', /.+/);
	}
	await expect(header).toHaveAttribute('aria-sort', order);
}

/** Types a filter and submits it, as Enter does. */
export async function filterBy(page: Page, filter: string) {
	const input = page.locator('#filter');
	await input.fill(filter);
	await input.press('Enter');
	await expect(page).toHaveURL(/[?&]filter=/);
}

/** Pins a run by its name cell's pin button. */
export async function pinRun(page: Page, name: string) {
	const pin = page.getByRole('button', { name: `Pin run ${name}`, exact: true });
	await pin.click();
	await expect(pin).toHaveAttribute('aria-pressed', 'true');
}

/** Shows a column through the column chooser's search. */
export async function chooseColumn(page: Page, name: string) {
	const chooser = page.getByTestId('column-chooser');
	await chooser.locator('summary').click();
	await chooser.getByLabel('Find a column').fill(name);
	await chooser.getByRole('checkbox', { name, exact: true }).check();
	await chooser.locator('summary').click();
	await expect(table(page).locator(`th[data-column$=":${name}"]`)).toBeVisible();
}

/** "Export CSV" of the runs shown: the file's lines. */
export async function exportCsv(page: Page): Promise<string[]> {
	const [file] = await Promise.all([
		page.waitForEvent('download', { timeout: 120_000 }),
		page.getByTestId('export-csv').click()
	]);
	return readFileSync((await file.path())!, 'utf8')
		.trim()
		.split('\r\n');
}

/** Hides a run from the charts by its eye; the row stays, dimmed, and the URL keeps it. */
export async function hideRun(page: Page, name: string) {
	const eye = page.getByRole('button', { name: `Hide run ${name} from the charts`, exact: true });
	await eye.click();
	await expect(eye).toHaveAttribute('aria-pressed', 'true');
	await expect(page).toHaveURL(/[?&]hide=/);
}

/** Groups by a column (`tag:team`) or none; the group rows' values and counts, top to bottom. */
export async function groupBy(page: Page, column: string | null): Promise<void> {
	await page.getByTestId('group-by').selectOption(column ?? '');
	if (column) await expect(page).toHaveURL(/[?&]group=/);
	else await expect(page).not.toHaveURL(/[?&]group=/);
}

export async function groupCounts(page: Page): Promise<[string, number][]> {
	const rows = table(page).locator('tr.group');
	const values = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-group') ?? ''));
	const counts = await rows.getByTestId('group-count').allTextContents();
	return values.map((v, i) => [v, Number(counts[i])]);
}

/** Opens (or closes) one group by its twisty. */
export async function toggleGroup(page: Page, value: string) {
	await table(page).locator(`tr.group[data-group="${value}"] button`).first().click();
}
