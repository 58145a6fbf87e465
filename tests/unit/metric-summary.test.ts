// Block summaries of long metric series (workers/db/charts/summary/): kept exact under appends in many batches, dropped
// and rebuilt when points arrive out of order, built for data written before they existed, and charts drawn
// from them keep every bucket's first, last, minimum and maximum point.
import { describe, expect, it } from 'vitest';
import { createDbApi } from '../../workers/db/api';
import type { Conn } from '../../workers/db/sql';
import { LEVELS, SUMMARY_MIN_POINTS, appendedBlocks } from '../../workers/db/charts/summary/blocks';
import { CHUNK_BLOCKS, blockReads, readBlocks } from '../../workers/db/charts/summary/store';
import { chartReads } from '../../workers/db/charts/series';
import { pointReads } from '../../workers/db/charts/series-read';
import { pageReads } from '../../workers/db/charts/summary/pages';
import { clientOf, log, oldDatabase, rng, series, setup, sqlite3, state } from './summary-fixtures';

/** Every stored block equals the one built in one go from the whole series. */
function expectBlocksMatch(conn: Conn, steps: number[], values: number[]) {
	const expected = appendedBlocks(0, steps, values);
	for (let level = 0; level < LEVELS; level++) {
		const want = expected[level]!;
		const got = readBlocks(conn, 1, 1, level, 0, want.blocks.length - 1);
		expect(Array.from(got), `level ${level}`).toEqual(Array.from(want.records));
	}
	const rows = Number(conn.db.selectValue('SELECT count(*) FROM metric_blocks'));
	expect(rows).toBe(expected.reduce((sum, level) => sum + Math.ceil(level.blocks.length / CHUNK_BLOCKS), 0));
}

describe('metric block summaries', () => {
	it('stay equal to a summary built in one go when a series is appended in many batches', async () => {
		const { api, conn, runId } = await setup();
		const { steps, values } = series(30_000, 7);
		const r = rng(3);
		let at = 0;
		while (at < steps.length) {
			const size = r() < 0.3 ? 1 : 1 + Math.floor(r() * 3000);
			await log(api, runId, steps, values, at, Math.min(steps.length, at + size));
			at += size;
			if (at < SUMMARY_MIN_POINTS) expect(state(conn).summary).toBe(0);
		}
		expect(state(conn)).toEqual({ points: 30_000, summary: 1 });
		expectBlocksMatch(conn, steps, values);
	});

	it('go stale when points arrive out of order, and are rebuilt by the next full read', async () => {
		const { api, conn, runId } = await setup();
		const { steps, values } = series(20_000, 11);
		await log(api, runId, steps, values);
		expect(state(conn).summary).toBe(1);
		await api.logBatch(runId, { metrics: [{ key: 'loss', value: 123, step: 10, timestamp: 5 }] });
		expect(state(conn)).toEqual({ points: 20_001, summary: 2 });
		expect(Number(conn.db.selectValue('SELECT count(*) FROM metric_blocks'))).toBe(0);
		// A stale series is drawn from its points (exact M4), which summarises it again.
		const chart = await api.getChartSeries({ runIds: [runId], key: 'loss', width: 300 });
		expect(Array.from(chart.y)).toContain(123);
		expect(state(conn).summary).toBe(1);
		const history = await api.getMetricHistory(runId, 'loss');
		expectBlocksMatch(
			conn,
			history.map((m) => m.step),
			history.map((m) => m.value)
		);
	});

	it('are built for long series written before they existed (schema 3 → 4)', async () => {
		const conn = oldDatabase(3, 'a'.repeat(32), '1, 1, 9999, 9999, 9999 % 7');
		const api = clientOf(createDbApi(conn, { mode: 'memory' }));
		expect(state(conn)).toEqual({ points: 10_000, summary: 2 });
		await api.getChartSeries({ runIds: ['a'.repeat(32)], key: 'loss', width: 100 });
		expect(state(conn).summary).toBe(1);
		const steps = Array.from({ length: 10_000 }, (_, i) => i);
		expectBlocksMatch(
			conn,
			steps,
			steps.map((i) => i % 7)
		);
	});
});

/** A database API that warms charts while idle, with one run of `points` points of "loss" (sin of the step). */
async function warmingWorker(points: number) {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const worker = createDbApi({ db, sqlite3 }, { mode: 'memory', warmCharts: true });
	const api = clientOf(worker);
	const experimentId = await api.createExperiment('warm');
	const runId = (await api.createRun({ experimentId, runName: 'r', startTime: 0 })).info.runId;
	const steps = Array.from({ length: points }, (_, i) => i);
	await log(api, runId, steps, steps.map(Math.sin));
	return { worker, api, runId, request: { runIds: [runId], key: 'loss', width: 500 } };
}

describe('charts from block summaries', () => {
	/** Checks the M4 guarantees of a reduced view against the raw points of [a, b]. */
	function expectFaithful(
		raw: { steps: number[]; values: number[] },
		view: { x: number[]; y: number[] },
		a: number,
		b: number,
		width: number
	) {
		const column = (b - a) / width;
		const rawKeys = new Set(raw.steps.map((s, i) => `${s}|${raw.values[i]}`));
		// Only real points, in step order, at most 7 per column (+ the buckets outside each end).
		view.x.forEach((x, i) => expect(rawKeys.has(`${x}|${view.y[i]}`)).toBe(true));
		for (let i = 1; i < view.x.length; i++) expect(view.x[i]!).toBeGreaterThanOrEqual(view.x[i - 1]!);
		expect(view.x.length).toBeLessThanOrEqual(7 * (width + 2));
		// Every point's value is matched or exceeded (both ways) by a drawn point less than two columns away: a
		// one-point spike is always drawn, and so is every NaN / ±Infinity (as a marker of its kind).
		const misses: string[] = [];
		let lo = 0;
		raw.steps.forEach((s, i) => {
			if (s < a || s > b) return;
			const v = raw.values[i]!;
			while (lo < view.x.length && view.x[lo]! < s - 2 * column) lo++;
			let above = false;
			let below = false;
			for (let j = lo; j < view.x.length && view.x[j]! <= s + 2 * column; j++) {
				const y = view.y[j]!;
				if (!Number.isFinite(v)) above = below = above || Object.is(y, v);
				else {
					above ||= y >= v;
					below ||= y <= v;
				}
			}
			if (!above || !below) misses.push(`step ${s} value ${v}`);
		});
		expect(misses).toEqual([]);
	}

	it('keep every extreme and marker of random series, whole and zoomed (property test)', async () => {
		for (const seed of [1, 2, 3, 4]) {
			const { api, conn, runId } = await setup();
			const raw = series(60_000 + seed * 7_919, seed);
			await log(api, runId, raw.steps, raw.values);
			expect(state(conn).summary).toBe(1);
			const last = raw.steps[raw.steps.length - 1]!;
			for (const [a, b, width] of [
				[raw.steps[0]!, last, 500],
				[Math.floor(last / 3), Math.floor(last / 2), 300],
				[Math.floor(last / 5), Math.floor(last / 5) + 400, 50]
			] as const) {
				const zoomed = a !== raw.steps[0] || b !== last;
				const before = { ...chartReads };
				const chart = await api.getChartSeries({
					runIds: [runId],
					key: 'loss',
					width,
					...(zoomed ? { xMin: a, xMax: b } : {})
				});
				expect(chart.totals[0]).toBe(raw.steps.length);
				// From the blocks; 400 steps over 50 px (8 per column) is a deep zoom: the points of the range.
				const used = width === 50 ? 'range' : 'summary';
				expect(chartReads[used] - before[used]).toBe(1);
				expect(Array.from(chart.extents)).toEqual([raw.steps[0], last]);
				expectFaithful(raw, { x: Array.from(chart.x), y: Array.from(chart.y) }, a, b, width);
				// The ends: the first and last point in range, or the nearest outside when zoomed.
				const inRange = raw.steps.flatMap((s, i) => (s >= a && s <= b ? [i] : []));
				const first = zoomed ? Math.max(0, inRange[0]! - 1) : 0;
				expect(chart.x[0]).toBeLessThanOrEqual(raw.steps[first]!);
			}
		}
	});

	it('answer a zoom from blocks kept by earlier views exactly as from a fresh read', async () => {
		const { api, runId } = await setup();
		const raw = series(150_000, 9);
		await log(api, runId, raw.steps, raw.values);
		const last = raw.steps[raw.steps.length - 1]!;
		// Whole, nested zooms in, out again, then ranges overlapping and beside the ones read before.
		const views: [number, number][] = [
			[0, last],
			[last * 0.25, last * 0.75],
			[last * 0.375, last * 0.625],
			[last * 0.3, last * 0.7],
			[last * 0.6, last * 0.95],
			[last * 0.05, last * 0.2],
			[0, last]
		];
		let write = 0;
		for (const [a, b] of views) {
			const request = { runIds: [runId], key: 'loss', width: 700, xMin: a, xMax: b };
			const before = { ...chartReads };
			const kept = await api.getChartSeries(request);
			expect(chartReads.summary - before.summary).toBe(1);
			await api.setTag(runId, 'write', String(write++)); // any write empties the cache
			const fresh = await api.getChartSeries(request);
			expect(Array.from(kept.x)).toEqual(Array.from(fresh.x));
			expect(Array.from(kept.y)).toEqual(Array.from(fresh.y));
			// Read again without a write in between: from the kept blocks of this very view.
			await api.getChartSeries({ ...request, xMin: a + 1 });
			const again = await api.getChartSeries(request);
			expect(Array.from(again.y)).toEqual(Array.from(fresh.y));
		}
	});

	it('read the points themselves where they are sparse (a dense start, then one point every 10,000 steps)', async () => {
		const { api, runId } = await setup();
		const steps = [
			...Array.from({ length: 20_000 }, (_, i) => i),
			...Array.from({ length: 100 }, (_, i) => 30_000 + i * 10_000)
		];
		const values = steps.map((s) => (s < 20_000 ? Math.sin(s) : s / 1e6));
		await log(api, runId, steps, values);
		const before = { ...chartReads };
		const chart = await api.getChartSeries({ runIds: [runId], key: 'loss', width: 200 });
		expect(chartReads.summary - before.summary).toBe(1);
		// Each sparse point has a pixel column of its own: every one is drawn, with its own value.
		const drawn = new Map(Array.from(chart.x, (x, i) => [x, chart.y[i]]));
		for (let i = 20_000; i < steps.length; i++) expect(drawn.get(steps[i]!)).toBe(values[i]);
		const view = { x: Array.from(chart.x), y: Array.from(chart.y) };
		expectFaithful({ steps, values }, view, steps[0]!, steps[steps.length - 1]!, 200);
	});

	it('are followed by a warm-up that reads the blocks and the series while idle, so later views come from memory', async () => {
		const { worker, api, runId, request } = await warmingWorker(20_000);
		let before = { ...chartReads };
		await api.getChartSeries(request);
		expect(chartReads.summary - before.summary).toBe(1);
		await new Promise((resolve) => setTimeout(resolve, 1_300)); // whole series: after a quiet second
		let [blocks, rows, pages] = [blockReads.ranges, pointReads.rows, pageReads.rows];
		before = { ...chartReads };
		const warm = await api.getChartSeries(request);
		expect(chartReads.summary - before.summary).toBe(1); // blocks, from memory
		expect(warm.totals[0]).toBe(20_000);
		// A deep zoom anywhere: M4 of the whole series in memory, exact.
		const deepRequest = { ...request, xMin: 12_345, xMax: 12_845 };
		const deepWarm = await api.getChartSeries(deepRequest);
		expect(chartReads.full - before.full).toBe(1);
		expect([blockReads.ranges, pointReads.rows, pageReads.rows]).toEqual([blocks, rows, pages]);
		expect(Array.from(deepWarm.x).filter((x) => x >= 12_345 && x <= 12_845)).toHaveLength(501);
		// A zoomed view drawn from the blocks warms the points of its range: a deeper zoom inside reads none.
		await api.logBatch(runId, { metrics: [{ key: 'loss', value: 0, step: 20_000, timestamp: 1 }] });
		before = { ...chartReads };
		await api.getChartSeries({ ...request, xMin: 5_000, xMax: 15_000 });
		expect(chartReads.summary - before.summary).toBe(1);
		await new Promise((resolve) => setTimeout(resolve, 800)); // a range: after half a second
		[blocks, rows, pages] = [blockReads.ranges, pointReads.rows, pageReads.rows];
		before = { ...chartReads };
		const deep = await api.getChartSeries({ ...request, xMin: 9_000, xMax: 10_000 });
		expect(chartReads.range - before.range).toBe(1);
		expect([blockReads.ranges, pointReads.rows, pageReads.rows]).toEqual([blocks, rows, pages]);
		expect(Array.from(deep.x).filter((x) => x >= 9_000 && x <= 10_000)).toHaveLength(1_001); // 2 per column
		// Any write empties the cache: the next view comes from the summaries again.
		await api.logBatch(runId, { metrics: [{ key: 'loss', value: 0, step: 20_000, timestamp: 1 }] });
		before = { ...chartReads };
		await api.getChartSeries(request);
		expect(chartReads.summary - before.summary).toBe(1);
		await worker.close(); // stops the warm-up
	});

	it('are warmed (every level but the finest) after a chart of a series too long to warm its points: zooms then read no storage', async () => {
		const { worker, api, request } = await warmingWorker(300_000);
		await api.getChartSeries(request);
		await new Promise((resolve) => setTimeout(resolve, 300));
		const [blocks, rows, pages] = [blockReads.ranges, pointReads.rows, pageReads.rows];
		for (const [xMin, xMax] of [
			[50_000, 250_000],
			[100_000, 120_000],
			[0, 299_999]
		]) {
			const before = { ...chartReads };
			const chart = await api.getChartSeries({ ...request, xMin, xMax });
			expect(chartReads.summary - before.summary).toBe(1);
			expect(chart.x.length).toBeGreaterThan(500);
		}
		expect([blockReads.ranges, pointReads.rows, pageReads.rows]).toEqual([blocks, rows, pages]);
		await worker.close();
	});

	it('are read ahead as soon as the page says it has painted the chart, not only after a quiet time', async () => {
		const sleep = () => new Promise((resolve) => setTimeout(resolve, 80)); // blocks wait 200 ms without the hint
		for (const painted of [true, false]) {
			const { worker, api, request } = await warmingWorker(300_000);
			// After the whole series: every level's blocks.
			await api.getChartSeries(request);
			if (painted) await api.chartsPainted();
			await sleep();
			const blocks = blockReads.ranges;
			await api.getChartSeries({ ...request, xMin: 100_000, xMax: 120_000 });
			expect(blockReads.ranges > blocks, `zoom after the whole series, painted: ${painted}`).toBe(!painted);
			await worker.close();
		}
		for (const painted of [true, false]) {
			const { worker, api, request } = await warmingWorker(300_000);
			// After a zoom (coming at once, before any warm-up): the blocks a zoom by two inside it reads.
			await api.getChartSeries(request);
			await api.getChartSeries({ ...request, xMin: 20_000, xMax: 40_000 });
			if (painted) await api.chartsPainted();
			await sleep();
			const blocks = blockReads.ranges;
			await api.getChartSeries({ ...request, xMin: 25_000, xMax: 35_000 });
			expect(blockReads.ranges > blocks, `zoom after a zoom, painted: ${painted}`).toBe(!painted);
			await worker.close();
		}
	});

	it('draw a long series from the blocks alone (no point is read), and zoom deep from the points in range', async () => {
		const { api, conn, runId } = await setup();
		const steps = Array.from({ length: 100_000 }, (_, i) => i);
		const values = steps.map((i) => (i === 77_777 ? 1e6 : Math.sin(i / 100)));
		await log(api, runId, steps, values);
		// Remove the points behind the summary: what is drawn must come from the blocks.
		conn.db.exec('DELETE FROM metrics WHERE step BETWEEN 1000 AND 99000');
		const chart = await api.getChartSeries({ runIds: [runId], key: 'loss', width: 1000 });
		expect(Array.from(chart.y)).toContain(1e6);
		expect(chart.x.length).toBeGreaterThan(2 * 1000);
		expect(chart.x.length).toBeLessThanOrEqual(4 * 1000);
		// 50 steps over 100 px: two points per column, too sparse for blocks → the points of the range.
		const deep = await api.getChartSeries({
			runIds: [runId],
			key: 'loss',
			width: 100,
			xMin: 99_950,
			xMax: 99_999
		});
		expect(Array.from(deep.x)).toEqual([99_949, ...steps.slice(99_950)]);
	});
});
