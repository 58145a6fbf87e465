// Identity and labels: breadcrumbs and titles name experiments and runs (as text, markup included), the home page's
// "Last activity" is when the runs last changed, and run-page numbers stay on one line at 1440 px.
import { expect, idle, openApp, test } from './fixtures';

test.use({ viewport: { width: 1440, height: 900 } });

const EXPERIMENT = '<b>exp</b> & co';
const START = Date.UTC(2020, 0, 2, 3, 4, 5);

test('breadcrumbs and titles show names; numbers do not wrap; last activity is the runs’ time', async ({
	page
}) => {
	await openApp(page);
	const { experimentId, runId, runIds } = await page.evaluate(
		async ({ name, start }) => {
			const id = await window.runboard.createExperiment(name);
			const run = await window.runboard.createRun({
				experimentId: id,
				runName: 'named-run',
				startTime: start
			});
			const metrics = Array.from({ length: 12 }, (_, i) => ({
				key: `validation/a_rather_long_metric_name_that_takes_room_${i}`,
				value: 0.999441234 + i,
				step: 123456789 + i,
				timestamp: start + 20_000
			}));
			await window.runboard.logBatch(run.info.runId, {
				metrics,
				params: { lr: '0.000123456789', opt: 'adam' }
			});
			await window.runboard.setTerminated(run.info.runId, 'FINISHED', start + 30_000);
			const other = await window.runboard.createRun({ experimentId: id, runName: 'other', startTime: start });
			return { experimentId: id, runId: run.info.runId, runIds: [run.info.runId, other.info.runId] };
		},
		{ name: EXPERIMENT, start: START }
	);

	await openApp(page);
	const row = page.locator('tr', { has: page.getByRole('link', { name: EXPERIMENT }) });
	await expect(row.locator('td[title]')).toHaveAttribute('title', new Date(START + 30_000).toISOString());

	await openApp(page, `runs/${runId}/`);
	const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
	await expect(crumbs).toHaveText(`Experiments / ${EXPERIMENT} / named-run`);
	await expect(crumbs.getByRole('link', { name: EXPERIMENT })).toHaveAttribute(
		'href',
		new RegExp(`/experiments/${experimentId}/?$`)
	);
	await expect(page.locator('b')).toHaveCount(0);
	await expect(page).toHaveTitle(`named-run · ${EXPERIMENT} · Runboard`);

	// Every number cell (and its header) lays out as one line of text.
	const lines = await page.evaluate(() =>
		[...document.querySelectorAll('[data-testid="metrics"] .num, [data-testid="params"] .num')].map(
			(cell) => {
				const range = document.createRange();
				range.selectNodeContents(cell);
				const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
				return { text: cell.textContent, lines: tops.size };
			}
		)
	);
	expect(lines.length).toBe(2 + 12 * 2 + 1);
	expect(lines.filter((l) => l.lines !== 1)).toEqual([]);
	await expect(page.getByTestId('metrics').locator('td.num').first()).toHaveAttribute('title', '0.999441234');

	await openApp(page, `compare/?runs=${runIds.join(',')}`);
	await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toHaveText(
		`Experiments / ${EXPERIMENT} /`
	);
	await idle(page);
	await expect(page.locator('b')).toHaveCount(0);
});

test('the run page lists the datasets the run used, as the database holds them', async ({ page }) => {
	await openApp(page);
	await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
	await expect(page).toHaveURL(/\/experiments\/\d+\/$/);
	await idle(page);
	const { runId, inputs } = await page.evaluate(async () => {
		const exp = await window.runboard.getExperimentByName('diabetes-quickstart');
		const { runs } = await window.runboard.searchRuns({ experimentIds: [exp!.experimentId] });
		for (const run of runs) {
			const found = await window.runboard.getRunInputs(run.info.runId);
			if (found.length > 0) return { runId: run.info.runId, inputs: found };
		}
		throw new Error('the demo has no run with datasets');
	});
	await openApp(page, `runs/${runId}/`);
	const rows = page.getByTestId('datasets').locator('tbody tr');
	await expect(rows).toHaveCount(inputs.length);
	for (const [i, input] of inputs.entries()) {
		const cells = rows.nth(i);
		await expect(cells.locator('th')).toHaveText(input.name);
		await expect(cells.locator('td').nth(0)).toHaveText(input.digest);
		await expect(cells.locator('td').nth(1)).toHaveText(input.context || '—');
		await expect(cells.locator('td').nth(2)).toHaveAttribute('title', input.source);
	}
	await expect(page.getByRole('heading', { name: `Datasets (${inputs.length})` })).toBeVisible();
});
