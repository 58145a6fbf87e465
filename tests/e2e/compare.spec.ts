// The Compare view on the built-in demo: select runs → Compare → every chart holds the database's values; the
// URL reopens the same view; hostile and degenerate data give empty states, not a frozen tab.
import type { Page } from '@playwright/test';
import { decodeUrl } from '../../src/lib/compare/url';
import { expect, idle, openApp, test } from './fixtures';

interface DbRun {
	id: string;
	name: string;
	params: Record<string, string>;
	metrics: Record<string, number>;
}

async function loadDemoAndCompareAll(page: Page): Promise<DbRun[]> {
	await openApp(page);
	await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
	await expect(page).toHaveURL(/experiments\/\d+\/$/);
	await idle(page);
	await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(15);
	const runs = await page.evaluate(async () => {
		const exp = await window.runboard.getExperimentByName('diabetes-quickstart');
		const { runs } = await window.runboard.searchRuns({ experimentIds: [exp!.experimentId] });
		return runs.map((r) => ({
			id: r.info.runId,
			name: r.info.runName,
			params: Object.fromEntries(r.data.params.map((p) => [p.key, p.value])),
			metrics: Object.fromEntries(r.data.metrics.map((m) => [m.key, m.value]))
		}));
	});
	await page.getByLabel('Select all runs').check();
	await expect(page.getByTestId('selected-count')).toHaveText('15 selected');
	await page.getByTestId('compare-selected').click();
	await expect(page).toHaveURL(/\/compare\/\?runs=/);
	await idle(page);
	return runs;
}

const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

function median(values: number[]): number {
	const s = [...values].sort((a, b) => a - b);
	const mid = (s.length - 1) / 2;
	return (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2;
}

test('select runs → Compare: table, line, parallel, scatter, bar, box and contour charts hold the DB values', async ({
	page
}) => {
	const runs = await loadDemoAndCompareAll(page);
	const byId = new Map(runs.map((r) => [r.id, r]));
	const url = new URL(page.url());
	expect(url.searchParams.get('runs')!.split(',').sort()).toEqual(runs.map((r) => r.id).sort());

	// Bar: rmse per run, one bar per run with a finite value, each labelled with the DB value.
	const bar = page.getByTestId('chart-bar');
	await bar.getByTestId('pick-metric').selectOption('m:rmse');
	const withRmse = runs.filter((r) => finite(r.metrics.rmse));
	await expect(bar.locator('g.bar')).toHaveCount(withRmse.length);
	for (const g of await bar.locator('g.bar').all()) {
		const run = byId.get((await g.getAttribute('data-run-id'))!)!;
		expect(Number(await g.getAttribute('data-value'))).toBe(run.metrics.rmse);
		await expect(g.locator('text').first()).toHaveText(
			run.name.length > 20 ? `${run.name.slice(0, 19)}…` : run.name
		);
	}
	// Longer value → longer bar.
	const widths = await bar
		.locator('g.bar')
		.evaluateAll((gs) =>
			gs.map((g) => [
				Number(g.getAttribute('data-value')),
				Number(g.querySelector('rect')!.getAttribute('width'))
			])
		);
	const sortedByValue = [...widths].sort((a, b) => a[0]! - b[0]!).map((w) => w[1]!);
	expect(sortedByValue).toEqual([...sortedByValue].sort((a, b) => a - b));

	// Scatter: alpha vs rmse, a dot per run having both, placed in the order of its values.
	const scatter = page.getByTestId('chart-scatter');
	await scatter.getByTestId('pick-x').selectOption('p:alpha');
	await scatter.getByTestId('pick-y').selectOption('m:rmse');
	const both = runs.filter((r) => r.params.alpha !== undefined && finite(r.metrics.rmse));
	await expect(scatter.locator('circle.dot')).toHaveCount(both.length);
	const dots = await scatter.locator('circle.dot').evaluateAll((cs) =>
		cs.map((c) => ({
			id: c.getAttribute('data-run-id')!,
			x: Number(c.getAttribute('data-x')),
			y: Number(c.getAttribute('data-y')),
			cx: Number(c.getAttribute('cx')),
			cy: Number(c.getAttribute('cy'))
		}))
	);
	for (const d of dots) {
		expect(d.x).toBe(Number(byId.get(d.id)!.params.alpha));
		expect(d.y).toBe(byId.get(d.id)!.metrics.rmse);
	}
	for (const a of dots)
		for (const b of dots) {
			if (a.x < b.x) expect(a.cx).toBeLessThan(b.cx);
			if (a.y < b.y) expect(a.cy).toBeGreaterThan(b.cy);
		}
	// Hover: a text tooltip with the run's name (the last dot is drawn on top of any it overlaps).
	await scatter.locator('circle.dot').last().hover();
	await expect(scatter.getByTestId('chart-tooltip')).toContainText(byId.get(dots.at(-1)!.id)!.name);

	// Box: rmse grouped by alpha, medians per group as computed from the DB.
	const box = page.getByTestId('chart-box');
	await box.getByTestId('pick-metric').selectOption('m:rmse');
	await box.getByTestId('pick-group').selectOption('p:alpha');
	const groups = new Map<string, number[]>();
	for (const r of runs.filter((r) => finite(r.metrics.rmse))) {
		const key = r.params.alpha ?? '(none)';
		groups.set(key, [...(groups.get(key) ?? []), r.metrics.rmse!]);
	}
	await expect(box.locator('g.box')).toHaveCount(groups.size);
	for (const [label, values] of groups) {
		const g = box.locator(`g.box[data-group="${label}"]`);
		expect(Number(await g.getAttribute('data-median'))).toBeCloseTo(median(values), 9);
		expect(Number(await g.getAttribute('data-n'))).toBe(values.length);
	}

	// Contour: rmse over alpha × l1_ratio from the runs having all three.
	const contour = page.getByTestId('chart-contour');
	const full = runs.filter((r) => r.params.alpha && r.params.l1_ratio && finite(r.metrics.rmse));
	await contour.getByTestId('pick-z').selectOption('m:rmse');
	await expect(contour.getByTestId('contour-svg')).toHaveAttribute('data-points', String(full.length));
	expect(await contour.locator('path.band').count()).toBeGreaterThan(2);

	// Line charts: one per metric key at least two of the runs logged, each with those runs.
	const keyCounts = new Map<string, number>();
	for (const r of runs) for (const k of Object.keys(r.metrics)) keyCounts.set(k, (keyCounts.get(k) ?? 0) + 1);
	const shared = [...keyCounts]
		.filter(([, n]) => n >= 2)
		.map(([k]) => k)
		.sort();
	const lineCharts = page.getByTestId('line-chart');
	await expect(lineCharts).toHaveCount(shared.length);
	expect(await lineCharts.evaluateAll((fs) => fs.map((f) => f.getAttribute('data-metric')))).toEqual(shared);

	// Parallel coordinates: brush the rmse axis; the highlighted runs are exactly those inside the brush.
	const plot = page.getByTestId('parallel-plot');
	await expect(plot).toHaveAttribute('data-highlighted', '15');
	// Hover on the alpha axis at the tick 1.0: the tooltip names a run with alpha = 1 and lists its values.
	const tick = plot
		.locator('g.axis')
		.first()
		.locator('g.tick', { hasText: /^1\.0$/ });
	await tick.scrollIntoViewIfNeeded();
	const tickBox = (await tick.locator('line').boundingBox())!;
	await page.mouse.move(tickBox.x + tickBox.width + 2, tickBox.y + tickBox.height / 2);
	const tip = plot.getByTestId('chart-tooltip');
	await expect(tip).toContainText('param alpha: 1');
	const tipName = (await tip.locator('div').first().textContent())!;
	expect(runs.find((r) => r.name === tipName)?.params.alpha).toMatch(/^1(\.0)?$/);
	await page.mouse.move(0, 0);
	const overlay = page.locator('g.brush[data-axis="m:rmse"] rect.overlay');
	await overlay.scrollIntoViewIfNeeded();
	const box2 = (await overlay.boundingBox())!;
	await page.mouse.move(box2.x + box2.width / 2, box2.y + box2.height * 0.05);
	await page.mouse.down();
	await page.mouse.move(box2.x + box2.width / 2, box2.y + box2.height * 0.55, { steps: 6 });
	await page.mouse.up();
	const brushOf = () => decodeUrl(new URL(page.url()).searchParams).parallel.brushes['m:rmse'];
	await expect.poll(() => brushOf() !== undefined).toBe(true);
	const brush = brushOf();
	expect(brush && 'range' in brush).toBe(true);
	const [lo, hi] = (brush as { range: [number, number] }).range;
	const inside = runs.filter((r) => finite(r.metrics.rmse) && r.metrics.rmse >= lo && r.metrics.rmse <= hi);
	expect(inside.length).toBeGreaterThan(0);
	expect(inside.length).toBeLessThan(withRmse.length);
	await expect(plot).toHaveAttribute('data-highlighted', String(inside.length));
	const highlighted = (await plot.getAttribute('data-highlighted-ids'))!.split(',').sort();
	expect(highlighted).toEqual(inside.map((r) => r.id).sort());
	await expect(page.getByTestId('highlighted-count')).toContainText(
		`${inside.length} of 15 runs highlighted`
	);

	// Exports: CSV of the bar chart holds the DB values; PNG and SVG download.
	await bar.getByLabel('Export metric rmse per run').click();
	const [csvDownload] = await Promise.all([
		page.waitForEvent('download'),
		bar.getByRole('button', { name: 'CSV' }).click()
	]);
	const csv = await (await csvDownload.createReadStream()).toArray();
	const lines = Buffer.concat(csv).toString('utf8').trim().split('\r\n');
	expect(lines[0]).toBe('run_id,run_name,metric rmse');
	expect(lines).toHaveLength(runs.length + 1);
	const [svgDownload] = await Promise.all([
		page.waitForEvent('download'),
		bar.getByRole('button', { name: 'SVG' }).click()
	]);
	expect(svgDownload.suggestedFilename()).toBe('metric rmse per run.svg');
	const [pngDownload] = await Promise.all([
		page.waitForEvent('download'),
		bar.getByRole('button', { name: 'PNG' }).click()
	]);
	expect(pngDownload.suggestedFilename()).toMatch(/\.png$/);
	const plotFrame = page.getByTestId('chart-parallel');
	await plotFrame.getByLabel('Export Parallel coordinates').click();
	const [parallelPng] = await Promise.all([
		page.waitForEvent('download'),
		plotFrame.getByRole('button', { name: 'PNG' }).click()
	]);
	const png = Buffer.concat(await (await parallelPng.createReadStream()).toArray());
	expect(png.subarray(1, 4).toString()).toBe('PNG');
	// Its SVG carries the canvas lines as an embedded image and the axes as vectors.
	const [parallelSvg] = await Promise.all([
		page.waitForEvent('download'),
		plotFrame.getByRole('button', { name: 'SVG' }).click()
	]);
	const svgText = Buffer.concat(await (await parallelSvg.createReadStream()).toArray()).toString('utf8');
	expect(svgText).toContain('<image');
	expect(svgText).toContain('data:image/png;base64,');
	expect(svgText).toContain('metric rmse');

	// Table: runs as columns; differences only; deltas to a baseline.
	await page.getByRole('tab', { name: 'Table' }).click();
	const table = page.getByTestId('compare-table');
	await expect(table.locator('thead th[data-run-id]')).toHaveCount(15);
	const allRows = await table.locator('tr[data-row]').count();
	await page.getByTestId('diff-only').check();
	const diffRows = await table.locator('tr[data-row]').count();
	expect(diffRows).toBeLessThan(allRows);
	await expect(table.locator('tr[data-row="m:rmse"]')).toBeVisible();
	const base = withRmse[0]!;
	const other = withRmse.find((r) => r.metrics.rmse !== base.metrics.rmse)!;
	await page.getByTestId('baseline').selectOption(base.id);
	const cell = table.locator(`tr[data-row="m:rmse"] td[data-run-id="${other.id}"]`);
	const diff = other.metrics.rmse! - base.metrics.rmse!;
	await expect(cell.getByTestId('delta')).toContainText(diff > 0 ? '+' : '−');
	const shownDelta = Number(
		(await cell.getByTestId('delta').textContent())!.split(' ')[0]!.replace('−', '-')
	);
	expect(shownDelta).toBeCloseTo(diff, 2);

	await page.getByRole('tab', { name: 'Artifacts' }).click();
	await expect(page.getByTestId('artifact-compare')).toHaveAttribute('data-runs', '15');
});

test('the URL holds the whole view: reloading it restores the same charts, axes, brushes and table', async ({
	page
}) => {
	await loadDemoAndCompareAll(page);
	// Set state through the UI.
	await page.getByTestId('chart-scatter').getByTestId('pick-color').selectOption('m:r2');
	await page.getByTestId('chart-contour').getByRole('button', { name: 'Remove chart' }).click();
	await page.getByRole('button', { name: 'Box', exact: true }).click();
	await page.getByTestId('line-x').selectOption('relative');
	await page.getByTestId('line-y-scale').selectOption('log');
	await page.getByTestId('line-group-by').selectOption('p:l1_ratio');
	await page.getByTestId('line-aggregate').selectOption('std');
	await page.getByTestId('parallel-axes').click();
	await page.locator('[data-log-axis="p:alpha"]').check();
	await page.getByTestId('parallel-axes').click();
	const overlay = page.locator('g.brush[data-axis="m:mae"] rect.overlay');
	await overlay.scrollIntoViewIfNeeded();
	const b = (await overlay.boundingBox())!;
	await page.mouse.move(b.x + b.width / 2, b.y + b.height * 0.3);
	await page.mouse.down();
	await page.mouse.move(b.x + b.width / 2, b.y + b.height * 0.9, { steps: 5 });
	await page.mouse.up();
	await page.getByRole('tab', { name: 'Table' }).click();
	await page.getByTestId('diff-only').check();
	const baseline = await page.locator('[data-testid="baseline"] option').nth(3).getAttribute('value');
	await page.getByTestId('baseline').selectOption(baseline!);
	await page.getByRole('tab', { name: 'Charts' }).click();
	await idle(page);

	const snapshot = async () => ({
		url: page.url(),
		charts: await page
			.locator('figure[data-testid^="chart-"]')
			.evaluateAll((fs) => fs.map((f) => f.getAttribute('data-testid'))),
		color: await page.getByTestId('chart-scatter').getByTestId('pick-color').inputValue(),
		lineX: await page.getByTestId('line-x').inputValue(),
		yScale: await page.getByTestId('line-y-scale').inputValue(),
		group: await page.getByTestId('line-group-by').inputValue(),
		aggregate: await page.getByTestId('line-aggregate').inputValue(),
		highlighted: await page.getByTestId('parallel-plot').getAttribute('data-highlighted-ids'),
		axisLabels: await page.locator('[data-testid="parallel-plot"] .axis-label').allTextContents()
	});
	await expect(page.getByTestId('parallel-plot')).not.toHaveAttribute('data-highlighted', '15');
	const before = await snapshot();
	expect(before.charts).toEqual(['chart-parallel', 'chart-scatter', 'chart-bar', 'chart-box', 'chart-box']);
	const state = decodeUrl(new URL(before.url).searchParams);
	expect(state.parallel.logAxes).toEqual(['p:alpha']);
	expect(state.line.view).toMatchObject({ xAxis: { kind: 'relative' }, yScale: 'log', aggregate: 'std' });

	await page.reload();
	await idle(page);
	await expect(page.getByTestId('parallel-plot')).toHaveAttribute(
		'data-highlighted-ids',
		before.highlighted!
	);
	expect(await snapshot()).toEqual(before);
	await page.getByRole('tab', { name: 'Table' }).click();
	await expect(page.getByTestId('diff-only')).toBeChecked();
	await expect(page.getByTestId('baseline')).toHaveValue(baseline!);
	await expect(page.getByTestId('compare-table').getByTestId('delta').first()).toBeVisible();
});

test('degenerate data: missing metrics, one point, all-NaN, constant, 10,000 keys in one run, unknown ids', async ({
	page
}) => {
	await openApp(page);
	const ids = await page.evaluate(async () => {
		const rb = window.runboard;
		const experimentId = await rb.createExperiment('edge cases');
		const make = async (
			name: string,
			metrics: { key: string; value: number; step?: number }[],
			params = {}
		) => {
			const run = await rb.createRun({ experimentId, runName: name });
			await rb.logBatch(run.info.runId, { metrics, params });
			return run.info.runId;
		};
		const many = Array.from({ length: 10_000 }, (_, i) => ({ key: `k${i}`, value: i }));
		return [
			await make(
				'<img src=x onerror="window.__xss=1">',
				[
					{ key: 'nan', value: NaN },
					{ key: 'k1', value: 1 }
				],
				{ p: '<b>1</b>' }
			),
			await make('nan-only', [
				{ key: 'nan', value: NaN },
				{ key: 'nan', value: NaN, step: 1 },
				{ key: 'k1', value: 2 }
			]),
			await make('constant', [
				{ key: 'flat', value: 3 },
				{ key: 'flat', value: 3, step: 1 },
				{ key: 'k1', value: 3 }
			]),
			await make('one point', [{ key: 'flat', value: 3 }]),
			await make('no metrics', []),
			await make('ten thousand keys', many)
		];
	});
	await openApp(page, `compare/?runs=${[...ids, 'f'.repeat(32)].join(',')}`);
	await expect(page.getByTestId('missing-runs')).toContainText('1 of the requested runs');
	await expect(page.locator('h1')).toHaveText('Compare 6 runs');
	// Names and values are text, never markup.
	expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
	// Shared keys: k1 (4 runs), flat (2), nan (2): a chart each; the 9,999 keys of one run are not charted.
	await expect(page.getByTestId('line-chart')).toHaveCount(3);
	// The bar of an all-NaN metric is an empty state, not a blank chart.
	const bar = page.getByTestId('chart-bar');
	await bar.getByTestId('pick-metric').selectOption('m:nan');
	await expect(bar.getByTestId('chart-empty')).toContainText('No run has a finite metric nan');
	await bar.getByTestId('pick-metric').selectOption('m:flat');
	await expect(bar.locator('g.bar')).toHaveCount(2);
	await page.getByRole('button', { name: 'Contour' }).click();
	await expect(page.getByTestId('chart-contour').last()).toContainText(
		/contour needs at least 3 runs|No run has/
	);
	await expect(page.getByTestId('parallel-plot')).toHaveAttribute('data-highlighted', '6');
	await page.getByRole('tab', { name: 'Table' }).click();
	await expect(page.getByTestId('compare-table').locator('thead')).toContainText(
		'<img src=x onerror="window.__xss=1">'
	);
	await expect(page.getByTestId('compare-table').locator('tr[data-row]')).toHaveCount(10_000 + 2 + 1 + 1 + 0);
});
