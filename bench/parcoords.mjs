// Parallel coordinates benchmark: 10,000 runs (20 params, 5 metrics each, imported as an mlflow.db) in the
// Compare view, then a brush dragged along a metric axis. Figures: the page's own handler time per brush move
// (highlight test + canvas redraw) and the wall time per move until the next frame. Target: ≤ 50 ms per move.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMlflowDb } from './generate-import-data.mjs';

const RUNS = Number(process.env.BENCH_PARCOORDS_RUNS ?? 10_000);
const MOVES = 40;
const FIXTURE_DB = 'tests/fixtures/mlflow/mlflow.db';

const idle = (page) =>
	page.waitForFunction(() => window.__runboardIdle?.() === true, null, { timeout: 600_000 });
const nextFrame = (page) =>
	page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

export async function parcoordsBench(page, { baseUrl, fmt, median }) {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-parcoords-'));
	try {
		if (!existsSync(FIXTURE_DB)) throw new Error(`${FIXTURE_DB} is needed to build the benchmark's data.`);
		const db = await writeMlflowDb(FIXTURE_DB, join(dir, 'mlflow.db'), RUNS, 1);
		await page.goto(`${baseUrl}import/`);
		await idle(page);
		await page.getByTestId('file-input').setInputFiles(db);
		await page.getByTestId('import-report').waitFor({ timeout: 600_000 });
		await idle(page);
		const experimentId = await page.evaluate(
			async () => (await window.runboard.getExperimentByName('import-bench')).experimentId
		);

		const t0 = performance.now();
		await page.goto(`${baseUrl}compare/?exp=${experimentId}`);
		await idle(page);
		const plot = page.getByTestId('parallel-plot');
		await plot.waitFor();
		await page.waitForFunction(
			(n) =>
				document.querySelector('[data-testid="parallel-plot"]')?.getAttribute('data-total') === String(n),
			RUNS,
			{ timeout: 600_000 }
		);
		await nextFrame(page);
		const openMs = performance.now() - t0;

		const overlay = page.locator('g.brush[data-axis="m:loss"] rect.overlay');
		await overlay.scrollIntoViewIfNeeded();
		const box = await overlay.boundingBox();
		const x = box.x + box.width / 2;
		await page.mouse.move(x, box.y + box.height * 0.05);
		await page.mouse.down();
		const handler = [];
		const wall = [];
		for (let i = 1; i <= MOVES; i++) {
			const start = performance.now();
			await page.mouse.move(x, box.y + box.height * (0.05 + (0.85 * i) / MOVES));
			await nextFrame(page);
			wall.push(performance.now() - start);
			handler.push(Number(await plot.getAttribute('data-brush-ms')));
		}
		await page.mouse.up();
		await idle(page);
		const highlighted = await plot.getAttribute('data-highlighted');

		// The same drag driven inside the page, one mouse move per animation frame: the interval between frames is
		// what a user sees per move (handler, canvas raster and paint), without Playwright's round trip.
		const { intervals: frames, fill } = await page.evaluate(
			async ({ x, top, height, moves }) => {
				const overlay = document.querySelector('g.brush[data-axis="m:loss"] rect.overlay');
				const mouse = (type, target, y) =>
					target.dispatchEvent(
						new MouseEvent(type, {
							bubbles: true,
							cancelable: true,
							view: window,
							clientX: x,
							clientY: y,
							button: 0
						})
					);
				const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
				mouse('mousedown', overlay, top + height * 0.9);
				const intervals = [];
				let last = await frame();
				for (let i = 1; i <= moves; i++) {
					mouse('mousemove', window, top + height * (0.9 - (0.85 * i) / moves));
					const now = await frame();
					intervals.push(now - last);
					last = now;
				}
				// Then how long until every highlighted run is drawn (the layer fills in over a few frames).
				const plot = document.querySelector('[data-testid="parallel-plot"]');
				const moved = performance.now();
				while (plot.getAttribute('data-drawn') !== 'complete') await frame();
				const fill = performance.now() - moved;
				mouse('mouseup', window, top + height * 0.05);
				return { intervals, fill };
			},
			{ x, top: box.y, height: box.height, moves: MOVES }
		);
		const max = (xs) => Math.max(...xs);
		console.log(
			`parallel coordinates, ${fmt(RUNS)} runs × ${await page.locator('[data-testid="parallel-plot"] .axis-label').count()} axes: ` +
				`view open ${fmt(openMs)} ms · brush move: handler median ${median(handler).toFixed(1)} ms (max ${max(handler).toFixed(1)}), ` +
				`frame per move (in page) median ${median(frames).toFixed(1)} ms (max ${max(frames).toFixed(1)}), ` +
				`all highlighted lines drawn ${fmt(fill)} ms after the last move, ` +
				`through Playwright incl. its round trip median ${fmt(median(wall))} ms · ${highlighted} highlighted after the first drag · target ≤ 50 ms per move`
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
