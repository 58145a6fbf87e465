// Nested runs and group by on the experiment page, on a few runs logged through window.runboard: children under
// their parents (expand one, collapse and expand all), a parent loop showing every run, grouping by a param with
// each group's count and min / mean / max, opening a group, and Back restoring grouping and expansion.
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

/** Run name per row of the table, top to bottom, with a "-" per level of depth taken from the indentation. */
const names = (page: Page) =>
	page.getByTestId('runs-table').locator('tr[data-run-id] [data-column="runName"] a').allTextContents();
const groups = (page: Page) =>
	page
		.getByTestId('runs-table')
		.locator('tr.group')
		.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-group')));

test('nested runs expand and collapse, a parent loop shows every run, group by a param with stats, Back', async ({
	page
}) => {
	await openApp(page);
	const { experimentId, parent } = await page.evaluate(async () => {
		const rb = window.runboard;
		const experimentId = await rb.createExperiment('nest & group');
		const run = async (name: string, start: number, lr: string | null, loss: number, parent?: string) => {
			const r = await rb.createRun({
				experimentId,
				runName: name,
				startTime: start,
				tags: parent ? { 'mlflow.parentRunId': parent } : {}
			});
			await rb.logBatch(r.info.runId, {
				params: lr === null ? [] : [{ key: 'lr', value: lr }],
				metrics: [{ key: 'loss', value: loss, step: 0, timestamp: 1 }]
			});
			return r.info.runId;
		};
		const p = await run('P', 100, '0.1', 1);
		const c1 = await run('c1', 101, '0.1', 3, p);
		await run('c2', 102, '1', NaN, p);
		await run('g', 103, '1', 4, c1);
		const l1 = await run('L1', 99, null, 5);
		const l2 = await run('L2', 98, '0.1', 2, l1);
		await rb.setTag(l1, 'mlflow.parentRunId', l2);
		return { experimentId, parent: p };
	});
	await openApp(page, `experiments/${experimentId}/`);
	const table = page.getByTestId('runs-table');
	const row = (name: string) =>
		table.locator('tr[data-run-id]').filter({ has: page.getByRole('link', { name, exact: true }) });

	// Nested, every parent open: children after their parent; the loop's runs both at top level, marked.
	await expect(page.getByTestId('run-total')).toHaveText('6');
	await expect.poll(() => names(page)).toEqual(['P', 'c2', 'c1', 'g', 'L1', 'L2']);
	await expect(row('P').getByRole('button', { name: /Collapse the 3 runs under P/ })).toHaveAttribute(
		'aria-expanded',
		'true'
	);
	await expect(row('L1').getByTestId('parent-not-shown')).toHaveAttribute('title', /loop/);
	await expect(row('L2').getByTestId('parent-not-shown')).toHaveAttribute('title', /loop/);
	await expect(row('P').getByTestId('parent-not-shown')).toHaveCount(0);

	// Collapse all: only the top level; the count is still every run.
	await page.getByTestId('collapse-all').click();
	await expect(page).toHaveURL(/expand=none/);
	await expect.poll(() => names(page)).toEqual(['P', 'L1', 'L2']);
	await expect(page.getByTestId('run-total')).toHaveText('6');

	// Expand one parent: its children show, the grandchild stays under its collapsed parent.
	await row('P')
		.getByRole('button', { name: /Expand the 3 runs under P/ })
		.click();
	await expect(page).toHaveURL(new RegExp(`expand=${parent}`));
	await expect.poll(() => names(page)).toEqual(['P', 'c2', 'c1', 'L1', 'L2']);
	await expect(row('c1').getByRole('button', { name: /Expand the 1 run under c1/ })).toHaveAttribute(
		'aria-expanded',
		'false'
	);

	// Group by lr: a row per value, numbers by value and "(none)" last, each with its count and loss stats.
	await page.getByTestId('group-by').selectOption('param:lr');
	await expect(page).toHaveURL(/group=param%3Alr/);
	await expect.poll(() => groups(page)).toEqual(['0.1', '1', '(none)']);
	expect(await names(page)).toEqual([]);
	const group = (value: string) => table.locator(`tr.group[data-group="${value}"]`);
	await expect(group('0.1').getByTestId('group-count')).toHaveText('3');
	// loss over P, c1, L2 = 1, 3, 2; over c2, g = NaN (left out), 4.
	await expect(group('0.1').locator('td[data-column="metric:loss"]')).toHaveText('1 / 2 / 3');
	await expect(group('1').locator('td[data-column="metric:loss"]')).toHaveText('4 / 4 / 4');
	await expect(group('1').locator('td[data-column="metric:loss"]')).toHaveAttribute(
		'title',
		/over 1 of 2 runs/
	);

	// Open a group: its runs under it, in table order.
	await group('1')
		.getByRole('button', { name: /Expand the group lr = 1/ })
		.click();
	await expect(page).toHaveURL(/open=1/);
	await expect.poll(() => names(page)).toEqual(['g', 'c2']);
	await expect(group('1').getByRole('button')).toHaveAttribute('aria-expanded', 'true');

	// Back: the group closes, then the grouping goes, and the nested view is as it was.
	await page.goBack();
	await idle(page);
	await expect.poll(() => names(page)).toEqual([]);
	await expect.poll(() => groups(page)).toEqual(['0.1', '1', '(none)']);
	await page.goBack();
	await idle(page);
	await expect.poll(() => names(page)).toEqual(['P', 'c2', 'c1', 'L1', 'L2']);
	await expect(page.getByTestId('group-by')).toHaveValue('');

	// Expand all puts every run back.
	await page.getByTestId('expand-all').click();
	await expect.poll(() => names(page)).toEqual(['P', 'c2', 'c1', 'g', 'L1', 'L2']);

	// The keyboard: j moves to a group row's twisty (the row's main control), Enter opens the group.
	await page.getByTestId('group-by').selectOption('param:lr');
	await expect.poll(() => groups(page)).toEqual(['0.1', '1', '(none)']);
	await page.locator('h1').click();
	await page.keyboard.press('j');
	await expect(group('0.1').getByRole('button')).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/open=0\.1/);
	await expect.poll(() => names(page)).toEqual(['c1', 'P', 'L2']);
});
