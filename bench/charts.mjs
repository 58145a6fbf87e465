// Charts benchmark: one chart of 100 runs × 100,000 points of one metric, and one 1,000,000-point series. Figures:
// time from the data request to the end of the first draw (a fresh page each time, so the worker reads SQLite
// cold), and per zoom step (drag to zoom: the visible range re-queried at full resolution). Printed beside the
// targets, never pass/fail.
const RUNS = Number(process.env.BENCH_CHART_RUNS ?? 100);
const POINTS = Number(process.env.BENCH_CHART_POINTS ?? 100_000);
const BIG = Number(process.env.BENCH_CHART_BIG ?? 1_000_000);
const REPEATS = 3;
const ZOOMS = 5;

async function logRuns(page, name, runs, points) {
	return page.evaluate(
		async ({ name, runs, points }) => {
			const rb = window.runboard;
			const experimentId = await rb.createExperiment(`${name}-${Date.now()}`);
			for (let r = 0; r < runs; r++) {
				const run = await rb.createRun({ experimentId, runName: `run-${r}` });
				const metrics = new Array(points);
				for (let i = 0; i < points; i++) {
					// A noisy decay with a rare one-point spike, different per run.
					const noise = Math.sin(i * 12.9898 + r * 78.233) * 0.05;
					const spike = i % 49_999 === r % 7 ? 5 : 0;
					metrics[i] = {
						key: 'loss',
						value: Math.exp(-i / (points / 4)) * (1 + r / runs) + noise + spike,
						step: i,
						timestamp: 1_700_000_000_000 + i * 1000
					};
				}
				await rb.logBatch(run.info.runId, { metrics });
			}
			return experimentId;
		},
		{ name, runs, points }
	);
}

const idle = (page) =>
	page.waitForFunction(() => window.__runboardIdle?.() === true, null, { timeout: 600_000 });

/** [request → painted frame, request → worker's answer received] of the last draw. */
async function drawMs(page) {
	await idle(page);
	const chart = page.getByTestId('line-chart');
	return [
		Number(await chart.getAttribute('data-draw-ms')),
		Number(await chart.getAttribute('data-fetch-ms'))
	];
}

const split = (times, fmt, median) =>
	`${fmt(median(times.map((t) => t[0])))} ms (runs, total/worker: ${times.map((t) => `${fmt(t[0])}/${fmt(t[1])}`).join(', ')}; ` +
	`of which worker + transfer median ${fmt(median(times.map((t) => t[1])))} ms`;

async function measure(page, baseUrl, experimentId, fmt, median, label) {
	const first = [];
	for (let i = 0; i < REPEATS; i++) {
		await page.goto(`${baseUrl}chart/?experiment=${experimentId}&key=loss`);
		await page.locator('[data-testid="line-chart"][data-state="ready"]').waitFor({ timeout: 600_000 });
		first.push(await drawMs(page));
	}
	const points = await page.getByTestId('line-chart').getAttribute('data-points');
	const drawn = points.split(',').reduce((a, b) => a + Number(b), 0);
	console.log(
		`${label}: first draw median ${split(first, fmt, median)}; ${fmt(drawn)} points drawn) · target ≤ 300 ms`
	);
	const zooms = [];
	const overlay = page.getByTestId('chart-overlay');
	for (let i = 0; i < ZOOMS; i++) {
		const box = await overlay.boundingBox();
		// Keep the middle half: each step halves the visible range.
		await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
		await page.mouse.down();
		await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 3 });
		await page.mouse.up();
		zooms.push(await drawMs(page));
	}
	const domain = await page.getByTestId('line-chart').getAttribute('data-x-domain');
	console.log(
		`${label}: per zoom step median ${split(zooms, fmt, median)}; last x-range ${domain}) · target ≤ 100 ms`
	);
}

export async function chartsBench(page, { baseUrl, fmt, median }) {
	let t0 = performance.now();
	const many = await logRuns(page, 'bench-charts', RUNS, POINTS);
	console.log(
		`charts data: ${fmt(RUNS)} runs × ${fmt(POINTS)} points logged in ${fmt(performance.now() - t0)} ms`
	);
	await measure(page, baseUrl, many, fmt, median, `${fmt(RUNS)} runs × ${fmt(POINTS)} points`);
	t0 = performance.now();
	const big = await logRuns(page, 'bench-chart-big', 1, BIG);
	console.log(`charts data: 1 run × ${fmt(BIG)} points logged in ${fmt(performance.now() - t0)} ms`);
	await measure(page, baseUrl, big, fmt, median, `1 series × ${fmt(BIG)} points`);
}
