// Metric charts in a real Chromium: drawn values are read back from the chart (hover read-out, data attributes)
// and checked against the values stored in the database, not only looked at.
import type { Locator, Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

interface Point {
	key: string;
	value: number;
	step: number;
	timestamp: number;
}

/** Creates a run with the given points through the page API; returns its id. */
async function logRun(page: Page, name: string, metrics: Point[], experiment = 'charts'): Promise<string> {
	return page.evaluate(
		async ({ name, metrics, experiment }) => {
			const rb = window.runboard;
			const experimentId =
				(await rb.getExperimentByName(experiment))?.experimentId ?? (await rb.createExperiment(experiment));
			const run = await rb.createRun({ experimentId, runName: name });
			// NaN and ±Infinity do not survive Playwright's serialisation as numbers: sent as text.
			const decoded = metrics.map((m) => ({ ...m, value: Number(m.value) }));
			await rb.logBatch(run.info.runId, { metrics: decoded });
			return run.info.runId;
		},
		{ name, metrics: metrics.map((m) => ({ ...m, value: String(m.value) as unknown as number })), experiment }
	);
}

function chart(page: Page, key: string): Locator {
	return page.locator(`[data-testid="line-chart"][data-metric="${key}"]`);
}

/** Charts are created when scrolled near: bring the key's group into view first. */
async function showChart(page: Page, key: string): Promise<Locator> {
	const group = key.includes('/') ? key.slice(0, key.indexOf('/')) : '';
	await page.locator(`[data-testid="chart-group"][data-group="${group}"]`).scrollIntoViewIfNeeded();
	const c = chart(page, key);
	await c.scrollIntoViewIfNeeded();
	await expect(c).toHaveAttribute('data-state', /ready|empty/);
	return c;
}

/** Moves the pointer over the chart at data x = `x` and returns the tooltip's first row. */
async function hoverAt(page: Page, c: Locator, x: number) {
	await c.getByTestId('chart-overlay').scrollIntoViewIfNeeded();
	const domain = (await c.getAttribute('data-x-domain'))!.split(',').map(Number) as [number, number];
	const box = (await c.getByTestId('chart-overlay').boundingBox())!;
	const px = box.x + ((x - domain[0]) / (domain[1] - domain[0])) * box.width;
	await page.mouse.move(px, box.y + box.height / 2);
	const row = c.getByTestId('chart-tooltip').locator('tr').first();
	await expect(row).toBeVisible();
	return {
		x: Number(await row.getAttribute('data-x')),
		value: Number(await row.getAttribute('data-value')),
		raw: Number(await row.getAttribute('data-raw'))
	};
}

const LOSS: Point[] = Array.from({ length: 500 }, (_, step) => ({
	key: 'train/loss',
	value: step === 250 ? 1000 : step === 100 ? NaN : Math.round(1000 * Math.exp(-step / 100)) / 1000,
	step,
	timestamp: 1_700_000_000_000 + step * 60_000
}));

test('the run page grid draws every metric with the stored values, zooms, smooths and shows empty states', async ({
	page
}) => {
	await openApp(page);
	const runId = await logRun(page, 'resnet', [
		...LOSS,
		...[0, 1, 2].map((step) => ({ key: 'val/acc', value: 0.5 + step / 10, step, timestamp: step })),
		{ key: 'system/cpu', value: 42, step: 0, timestamp: 0 },
		...[0, 1, 2].map((step) => ({ key: 'all_nan', value: NaN, step, timestamp: 0 })),
		...[0, 1, 2].map((step) => ({ key: 'constant', value: 7, step, timestamp: 0 }))
	]);
	await openApp(page, `runs/${runId}/`);
	const groups = page.getByTestId('chart-group');
	await expect(groups).toHaveCount(4);
	expect(await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-group')))).toEqual([
		'',
		'system',
		'train',
		'val'
	]);

	const loss = await showChart(page, 'train/loss');
	await expect(loss).toHaveAttribute('data-state', 'ready');
	await expect(loss).toHaveAttribute('data-totals', '500');
	await expect(loss).toHaveAttribute('data-points', '500'); // short series come back whole
	// The spike is inside the y-domain, and the hover read-out at step 250 is the stored value.
	const yMax = Number((await loss.getAttribute('data-y-domain'))!.split(',')[1]);
	expect(yMax).toBeGreaterThanOrEqual(1000);
	const history = await page.evaluate((id) => window.runboard.getMetricHistory(id, 'train/loss'), runId);
	for (const step of [250, 37, 480]) {
		const row = await hoverAt(page, loss, step);
		expect(row.x).toBe(step);
		expect(row.value).toBe(history[step]!.value);
	}
	// NaN is a gap, never a zero: the read-out says NaN.
	expect(Number.isNaN((await hoverAt(page, loss, 100)).value)).toBe(true);

	// Drag to zoom: the x-domain narrows and the chart re-queries; double-click resets.
	const box = (await loss.getByTestId('chart-overlay').boundingBox())!;
	await page.mouse.move(box.x + box.width * 0.2, box.y + 20);
	const drawsBefore = Number(await loss.getAttribute('data-draws'));
	await page.mouse.down();
	await page.mouse.move(box.x + box.width * 0.4, box.y + 20, { steps: 4 });
	await page.mouse.up();
	await idle(page);
	// One draw per zoom: the old lines are not redrawn at the new range while the answer is on its way.
	expect(Number(await loss.getAttribute('data-draws'))).toBe(drawsBefore + 1);
	const zoomed = (await loss.getAttribute('data-x-domain'))!.split(',').map(Number);
	expect(zoomed[0]).toBeGreaterThan(80);
	expect(zoomed[1]).toBeLessThan(220);
	expect(Number(await loss.getAttribute('data-points'))).toBeLessThan(200);
	expect((await hoverAt(page, loss, 150)).value).toBe(history[150]!.value);
	await loss.getByTestId('chart-overlay').dblclick();
	await idle(page);
	await expect(loss).toHaveAttribute('data-x-domain', '0,499');

	// Smoothing: the line shows the debiased EMA over the full series, the raw value stays in the read-out.
	await page.getByTestId('chart-smoothing').fill('0.9');
	await idle(page);
	const smoothed = await hoverAt(page, loss, 300);
	let last = 0;
	let count = 0;
	let expected = NaN;
	for (const m of history) {
		if (!Number.isFinite(m.value)) continue;
		last = last * 0.9 + 0.1 * m.value;
		count++;
		if (m.step === 300) expected = last / (1 - 0.9 ** count);
	}
	expect(smoothed.value).toBeCloseTo(expected, 9);
	expect(smoothed.raw).toBe(history[300]!.value);

	// Odd series: one point, constant, all NaN.
	await expect(await showChart(page, 'system/cpu')).toHaveAttribute('data-points', '1');
	const constant = await showChart(page, 'constant');
	await expect(constant).toHaveAttribute('data-state', 'ready');
	expect((await constant.getAttribute('data-y-domain'))!.split(',').map(Number)[0]).toBeLessThan(7);
	await expect((await showChart(page, 'all_nan')).getByTestId('chart-empty')).toContainText('NaN');

	// Search narrows the grid; relative time puts the first point at 0.
	await page.getByTestId('chart-search').fill('val/');
	await expect(groups).toHaveCount(1);
	await page.getByTestId('chart-x-axis').selectOption('relative');
	await idle(page);
	const acc = await showChart(page, 'val/acc');
	await expect(acc).toHaveAttribute('data-x', 'relative');
	await expect(acc).toHaveAttribute('data-x-domain', '0,2');
});

test('one chart of many runs: one line per run, legend names as text, runs without the metric, log scale', async ({
	page
}) => {
	await openApp(page);
	const hostile = '<img src=x onerror="window.__pwned=1">';
	const ids: string[] = [];
	for (let r = 0; r < 5; r++) {
		const points = Array.from({ length: 50 }, (_, step) => ({
			key: 'loss',
			value: (r + 1) * (step + 1),
			step,
			timestamp: step
		}));
		ids.push(await logRun(page, r === 0 ? hostile : `run-${r}`, points));
	}
	ids.push(await logRun(page, 'no-loss', [{ key: 'other', value: 1, step: 0, timestamp: 0 }]));
	const experimentId = await page.evaluate(
		async () => (await window.runboard.getExperimentByName('charts'))!.experimentId
	);
	await openApp(page, `chart/?experiment=${experimentId}&key=loss`);
	const c = chart(page, 'loss');
	await expect(c).toHaveAttribute('data-state', 'ready');
	const totals = (await c.getAttribute('data-totals'))!.split(',').map(Number);
	expect(totals.sort((a, b) => a - b)).toEqual([0, 50, 50, 50, 50, 50]);
	const legend = c.getByTestId('chart-legend');
	await expect(legend.locator('li')).toHaveCount(6);
	await expect(legend).toContainText(hostile);
	expect(await page.locator('img[src="x"]').count()).toBe(0);
	expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
	// Every run's value at step 20 in the read-out, largest first.
	await hoverAt(page, c, 20);
	const rows = c.getByTestId('chart-tooltip').locator('tr');
	await expect(rows).toHaveCount(5);
	const values = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-value'))));
	expect(values).toEqual([105, 84, 63, 42, 21]);
	// Export: the SVG holds one path per drawn run (labels escaped), the CSV every stored point.
	const exported = async (format: string) => {
		await c.locator('summary[title="Export"]').click();
		const download = page.waitForEvent('download');
		await c.getByRole('button', { name: format }).click();
		const file = await download;
		const chunks: Buffer[] = [];
		for await (const chunk of (await file.createReadStream())!) chunks.push(chunk as Buffer);
		return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
	};
	const svg = await exported('SVG');
	expect(svg.name).toBe('loss.svg');
	expect(svg.text.match(/<path [^>]*data-run="[0-9a-f]{32}"/g)).toHaveLength(5);
	expect(svg.text).not.toContain('<img');
	expect(svg.text).toContain('&#60;img src=x');
	const csv = await exported('CSV (all points)');
	const lines = csv.text.trim().split('\r\n');
	expect(lines[0]).toBe('run_id,run_name,step,timestamp,value');
	expect(lines).toHaveLength(1 + 5 * 50);
	expect(lines).toContain(`${ids[2]},run-2,20,20,63`);
	await c.getByRole('button', { name: 'log' }).click();
	await idle(page);
	const [lo, hi] = (await c.getAttribute('data-y-domain'))!.split(',').map(Number);
	expect([lo, hi]).toEqual([1, 250]);
});

test('a run with 10,000 metric keys opens without freezing and charts only what is on screen', async ({
	page
}) => {
	await openApp(page);
	const metrics = Array.from({ length: 10_000 }, (_, i) => ({
		key: `layer_${i % 100}/m${i}`,
		value: i,
		step: 0,
		timestamp: 0
	}));
	const runId = await logRun(page, 'wide', metrics);
	await openApp(page, `runs/${runId}/`);
	await expect(page.getByTestId('metric-charts').locator('h2')).toHaveText('Charts (10,000)');
	// A page of groups, a page of charts each: far fewer than 10,000 charts exist.
	expect(await page.getByTestId('chart-group').count()).toBeLessThanOrEqual(30);
	expect(await page.getByTestId('line-chart').count()).toBeLessThanOrEqual(30 * 12);
	await page.getByTestId('chart-search').fill('m9999');
	await expect(page.getByTestId('line-chart')).toHaveCount(1);
	const row = await hoverAt(page, await showChart(page, 'layer_99/m9999'), 0);
	expect(row.value).toBe(9999);
});

test('a dense chart is drawn into pixels: every run where its values are, and a one-point spike', async ({
	page
}) => {
	await openApp(page);
	// 20 runs × 8,000 noisy points: ~4 drawn points per pixel column each, over 50,000 in all — the pixel path.
	const experimentId = await page.evaluate(async () => {
		const rb = window.runboard;
		const experimentId = await rb.createExperiment('dense');
		for (let r = 0; r < 20; r++) {
			const run = await rb.createRun({ experimentId, runName: `dense-${r}` });
			const metrics = Array.from({ length: 8_000 }, (_, step) => ({
				key: 'loss',
				value: r === 7 && step === 4_000 ? 36 : r + 0.2 * Math.sin(step * 12.9898), // noise: 4 per column
				step,
				timestamp: step
			}));
			// Run 3: NaN over steps 5,000–5,999 but for one lone point (a ring) at 5,500.
			if (r === 3)
				for (let step = 5_000; step < 6_000; step++)
					(metrics[step] as { value: number }).value = step === 5_500 ? 30 : NaN;
			await rb.logBatch(run.info.runId, { metrics });
		}
		return experimentId;
	});
	await openApp(page, `chart/?experiment=${experimentId}&key=loss`);
	const c = chart(page, 'loss');
	await expect(c).toHaveAttribute('data-state', 'ready');
	await idle(page);
	await expect(c).toHaveAttribute('data-render', 'pixels');
	const [x0, x1] = (await c.getAttribute('data-x-domain'))!.split(',').map(Number) as [number, number];
	const [y0, y1] = (await c.getAttribute('data-y-domain'))!.split(',').map(Number) as [number, number];
	/** Whether a pixel within `near` pixels of each data point (step, value) is painted. */
	const painted = (points: [number, number][], near = 1) =>
		c.locator('canvas').evaluate(
			(canvas: HTMLCanvasElement, { points, near, x0, x1, y0, y1 }) => {
				const ctx = canvas.getContext('2d')!;
				const ratio = canvas.width / canvas.clientWidth;
				return points.map(([step, value]) => {
					const px = Math.floor(((step - x0) / (x1 - x0)) * canvas.clientWidth * ratio);
					const py = Math.floor((1 - (value - y0) / (y1 - y0)) * canvas.clientHeight * ratio);
					const { data } = ctx.getImageData(px - near, py - near, 2 * near + 1, 2 * near + 1);
					return data.some((v, i) => i % 4 === 3 && v >= 128);
				});
			},
			{ points, near, x0, x1, y0, y1 }
		);
	const onLines = Array.from({ length: 20 }, (_, r) => [2_000, r] as [number, number]);
	expect(await painted(onLines)).toEqual(onLines.map(() => true));
	// The spike's top is drawn; halfway up, only its own column is painted.
	expect(
		await painted([
			[4_000, 36],
			[4_000, 28],
			[2_000, 28],
			[6_000, 28]
		])
	).toEqual([true, true, false, false]);
	// Drawn on top of the pixels: the lone point's ring (not its centre) and the NaN markers along the bottom
	// (a cross 6 px high at the foot of the plot), and nothing of run 3 where its values are NaN.
	expect(await painted([[5_500, 30]], 3)).toEqual([true]);
	expect(await painted([[5_500, 30]], 1)).toEqual([false]);
	const foot = y0 + (y1 - y0) * (3 / Number(await c.locator('canvas').evaluate((e) => e.clientHeight)));
	expect(await painted([[5_250, foot]], 2)).toEqual([true]);
	expect(await painted([[5_250, 3]], 1)).toEqual([false]);
});
