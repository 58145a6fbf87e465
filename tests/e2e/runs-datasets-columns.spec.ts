// The runs table's dataset columns and `datasets.` filters on the demo (MLflow's quickstart, whose runs have
// training and testing inputs), and the columns' order and widths: reordered in the chooser by keyboard and
// pointer and by dragging a header (kept in the URL and per experiment), resized by pointer and keyboard.
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

async function loadDemo(page: Page): Promise<string> {
	await openApp(page);
	await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
	await expect(page).toHaveURL(/\/experiments\/\d+\/$/);
	await idle(page);
	return page.url().match(/experiments\/(\d+)\//)![1]!;
}

/** The shown columns after the run name, in header order. */
const headers = (page: Page) =>
	page
		.getByTestId('runs-table')
		.locator('thead th[data-column]')
		.evaluateAll((ths) => ths.map((th) => th.getAttribute('data-column')).filter((c) => c !== 'runName'));

test("dataset columns show each run's inputs, and datasets. filters find runs by them", async ({ page }) => {
	await loadDemo(page);
	// What the database holds: each run's training inputs as "name (digest)".
	const expected = await page.evaluate(async () => {
		const exp = await window.runboard.getExperimentByName('diabetes-quickstart');
		const { runs } = await window.runboard.searchRuns({ experimentIds: [exp!.experimentId] });
		const out: Record<string, string> = {};
		for (const run of runs) {
			const inputs = await window.runboard.getRunInputs(run.info.runId);
			const training = inputs.filter((i) => i.context === 'training');
			out[run.info.runId] = training.map((i) => `${i.name} (${i.digest})`).join(', ');
		}
		return out;
	});
	const table = page.getByTestId('runs-table');
	await expect(table.locator('th[data-column="dataset:training"]')).toContainText('training');
	await expect(table.locator('th[data-column="dataset:testing"]')).toBeVisible();
	const rows = table.locator('tr[data-row]');
	await expect(rows).toHaveCount(15);
	for (const row of await rows.all()) {
		const runId = (await row.getAttribute('data-run-id'))!;
		await expect(row.locator('td[data-column="dataset:training"]')).toHaveText(expected[runId]!);
	}
	const withTraining = Object.values(expected).filter((v) => v !== '').length;
	expect(withTraining).toBeGreaterThan(0);
	expect(withTraining).toBeLessThan(15);

	const filter = page.locator('#filter');
	await filter.fill("datasets.name = 'diabetes-train'");
	await filter.press('Enter');
	await expect(page.getByTestId('run-total')).toHaveText(String(withTraining));
	await expect(page).toHaveURL(/filter=datasets.name/);
	for (const cell of await table.locator('td[data-column="dataset:training"]').all()) {
		await expect(cell).toContainText('diabetes-train (');
	}
	await filter.fill("datasets.context = 'testing' AND datasets.digest LIKE 'eb87%'");
	await filter.press('Enter');
	await expect(page.getByTestId('run-total')).not.toHaveText(String(withTraining));
	await expect(table.locator('td[data-column="dataset:testing"]').first()).toContainText('(eb87');

	// An unknown key empties the table and says which keys there are.
	await filter.fill("datasets.source = 'x'");
	await filter.press('Enter');
	await expect(page.getByRole('alert')).toContainText('expected name, digest or context');
	await expect(page.getByTestId('run-total')).toHaveText('0');

	// Group by the training dataset: a group per input name with its runs, and the runs without one last.
	await filter.fill('');
	await filter.press('Enter');
	await page.getByTestId('group-by').selectOption('dataset:training');
	await expect(page).toHaveURL(/group=dataset%3Atraining/);
	const groupRows = table.locator('tr.group');
	await expect(groupRows).toHaveCount(2);
	await expect(groupRows.first()).toHaveAttribute('data-group', 'diabetes-train');
	await expect(groupRows.first().getByTestId('group-count')).toHaveText(String(withTraining));
	await expect(groupRows.last().getByTestId('group-count')).toHaveText(String(15 - withTraining));
});

test('columns reorder by keyboard, pointer and header drag; the order persists; widths resize', async ({
	page
}) => {
	const experimentId = await loadDemo(page);
	const before = await headers(page);
	expect(before.slice(0, 3)).toEqual(['status', 'startTime', 'duration']);

	await page.getByTestId('column-chooser').locator('summary').click();
	const order = page.getByTestId('column-order');
	await expect(order.locator('li')).toHaveCount(before.length);

	// Keyboard: Alt+↑ on "Started" moves it before "Status"; the focus stays on it for a second step.
	const started = order.locator('li[data-order="startTime"]');
	await started.focus();
	await page.keyboard.press('Alt+ArrowUp');
	await expect.poll(() => headers(page)).toEqual(['startTime', 'status', ...before.slice(2)]);
	await expect(started).toBeFocused();
	await page.keyboard.press('Alt+ArrowDown');
	await page.keyboard.press('Alt+ArrowDown');
	await expect.poll(() => headers(page)).toEqual(['status', 'duration', 'startTime', ...before.slice(3)]);
	// The ↑ button does the same.
	await order.getByRole('button', { name: 'Move Started earlier' }).click();
	await expect.poll(() => headers(page)).toEqual(['status', 'startTime', 'duration', ...before.slice(3)]);

	// Pointer: drag the last column onto the first.
	const last = before[before.length - 1]!;
	await order.locator(`li[data-order="${last}"]`).dragTo(order.locator('li[data-order="status"]'));
	const dragged = [last, 'status', 'startTime', 'duration', ...before.slice(3, -1)];
	await expect.poll(() => headers(page)).toEqual(dragged);
	await expect(page).toHaveURL(
		new RegExp(`col=${encodeURIComponent(last).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}&col=status`)
	);

	// Header drag: "Duration" onto "Status".
	const table = page.getByTestId('runs-table');
	await table.locator('th[data-column="duration"]').dragTo(table.locator('th[data-column="status"]'));
	const afterHeader = [last, 'duration', 'status', 'startTime', ...before.slice(3, -1)];
	await expect.poll(() => headers(page)).toEqual(afterHeader);

	// Remembered for the experiment: a plain link (no columns in the URL) shows the same order.
	await openApp(page, `experiments/${experimentId}/`);
	await expect.poll(() => headers(page)).toEqual(afterHeader);

	// Widths: the keyboard widens a column by steps, the pointer drags its edge.
	const th = table.locator('th[data-column="status"]');
	const width = async () => (await th.boundingBox())!.width;
	const start = await width();
	const grip = page.getByRole('separator', { name: 'Resize Status' });
	await grip.focus();
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await expect.poll(width).toBeCloseTo(start + 32, 0);
	await expect(grip).toHaveAttribute('aria-valuenow', String(Math.round(start + 32)));
	const box = (await grip.boundingBox())!;
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2, { steps: 4 });
	await page.mouse.up();
	await expect.poll(width).toBeCloseTo(start + 32 - 60, 0);
	// A resize is not a header drag: the order did not change.
	expect(await headers(page)).toEqual(afterHeader);
});

test('two experiments picked on the home page open as one table; runs of both compare together', async ({
	page
}) => {
	await openApp(page);
	await page.evaluate(async () => {
		const rb = window.runboard;
		let start = 1_700_000_000_000;
		for (const [name, runs] of [
			['vision <b>', ['v1', 'v2']],
			['speech', ['s1', 's2', 's3']],
			['unpicked', ['u1']]
		] as const) {
			const id = await rb.createExperiment(name);
			for (const runName of runs) {
				const run = await rb.createRun({ experimentId: id, runName, startTime: start++ });
				await rb.logBatch(run.info.runId, {
					params: { lr: runName.endsWith('1') ? '0.1' : '0.2' },
					metrics: [{ key: 'loss', value: start % 7, step: 0, timestamp: 1 }]
				});
			}
		}
	});
	await openApp(page);
	await page.getByRole('checkbox', { name: 'Select experiment vision <b>' }).check();
	await page.getByRole('checkbox', { name: 'Select experiment speech' }).check();
	await expect(page.getByTestId('experiments-picked')).toHaveText('2 selected');
	await page.getByTestId('open-together').click();
	await expect(page).toHaveURL(/experiments\/\d+\/\?with=\d+$/);
	await idle(page);

	await expect(page.getByRole('heading', { level: 1 })).toHaveText('2 experiments');
	await expect(page).toHaveTitle('2 experiments · Runboard');
	await expect(page.getByTestId('run-total')).toHaveText('5');
	const set = page.getByTestId('experiment-set');
	await expect(set.getByRole('link', { name: 'vision <b>', exact: true })).toBeVisible();
	await expect(set.getByRole('link', { name: 'speech', exact: true })).toBeVisible();
	const table = page.getByTestId('runs-table');
	expect((await headers(page))[0]).toBe('experiment');
	const experimentOf = (run: string) =>
		table.locator('tr[data-row]', { hasText: run }).locator('td[data-column="experiment"] a');
	await expect(experimentOf('v2')).toHaveText('vision <b>');
	await expect(experimentOf('s3')).toHaveText('speech');
	await expect(table.locator('b')).toHaveCount(0);

	// A filter and a sort act on both experiments' runs; the set stays in the URL.
	const filter = page.locator('#filter');
	await filter.fill("params.lr = '0.1'");
	await filter.press('Enter');
	await expect(page.getByTestId('run-total')).toHaveText('2');
	await expect(page).toHaveURL(/with=\d+/);
	await table.locator('th[data-column="experiment"] button').click();
	await expect
		.poll(() => table.locator('td[data-column="experiment"]').allTextContents())
		.toEqual(['speech', 'vision <b>']);

	// One run of each, compared.
	await page.getByRole('checkbox', { name: 'Select run v1' }).check();
	await page.getByRole('checkbox', { name: 'Select run s1' }).check();
	await page.getByTestId('compare-selected').click();
	await expect(page).toHaveURL(/\/compare\/\?runs=/);
	await idle(page);
	await expect(page.getByRole('heading', { name: 'Compare 2 runs' })).toBeVisible();
	const crumb = page
		.getByRole('navigation', { name: 'Breadcrumb' })
		.getByRole('link', { name: '2 experiments' });
	await expect(crumb).toBeVisible();
	await crumb.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('2 experiments');
	await idle(page);
	await expect(page.getByTestId('run-total')).toHaveText('5');
});
