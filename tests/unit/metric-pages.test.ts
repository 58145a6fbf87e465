// Metric pages (workers/db/charts/summary/pages.ts): the points of long series packed 128 to a row beside their block
// summaries. They must hold exactly the points `metrics` holds, through appends of any size; a zoom's range and its
// neighbours read from them must equal those read from `metrics`; and anything unexpected falls back to `metrics`.
import { describe, expect, it } from 'vitest';
import { pointReads, readColumns } from '../../workers/db/charts/series-read';
import type { Conn } from '../../workers/db/sql';
import { PAGE_POINTS, readPages } from '../../workers/db/charts/summary/pages';
import type { PointColumns } from '../../workers/db/charts/summary/point-columns';
import { rangeSeries } from '../../workers/db/charts/summary/view';
import { clientOf, log, oldDatabase, rng, series, setup, state } from './summary-fixtures';
import { createDbApi } from '../../workers/db/api';

function allPages(conn: Conn): [number[], number[]] {
	const out = readPages(conn, 1, 1);
	expect(out).toBeDefined();
	const [x, y] = (out as PointColumns).trimmed();
	return [Array.from(x), Array.from(y)];
}

function pageRows(conn: Conn, where = '1') {
	return Number(conn.db.selectValue(`SELECT count(*) FROM metric_pages WHERE ${where}`));
}

/** The points of [a, b] with the nearest one outside each end, from every point in memory. */
function expectedRange(steps: number[], values: number[], a: number, b: number) {
	const inside = steps.flatMap((s, i) => (s >= a && s <= b ? [i] : []));
	let before = -1;
	steps.forEach((s, i) => s < a && (before = i));
	const after = steps.findIndex((s) => s > b);
	const at = [...(before >= 0 ? [before] : []), ...inside, ...(after >= 0 ? [after] : [])];
	return { x: at.map((i) => steps[i]), y: at.map((i) => values[i]) };
}

describe('metric pages', () => {
	it('hold every point of a long series appended in batches of any size, as `metrics` does', async () => {
		const { api, conn, runId } = await setup();
		// Repeated steps, jumps, NaN and ±Infinity (pages with their steps stored), then an even stretch.
		const raw = series(25_000, 5);
		const last = raw.steps[raw.steps.length - 1]!;
		for (let i = 1; i <= 5_000; i++) {
			raw.steps.push(last + 10 * i);
			raw.values.push(i % 3 === 0 ? -0 : Math.cos(i));
		}
		const r = rng(8);
		for (let at = 0; at < raw.steps.length;) {
			const size = r() < 0.3 ? 1 : 1 + Math.floor(r() * 2500);
			await log(api, runId, raw.steps, raw.values, at, Math.min(raw.steps.length, at + size));
			at += size;
		}
		expect(state(conn)).toEqual({ points: 30_000, summary: 1 });
		const [steps, values] = readColumns(conn, 1, 1, 'step, value');
		expect(allPages(conn)).toEqual([Array.from(steps), Array.from(values)]);
		expect(pageRows(conn)).toBe(Math.ceil(30_000 / PAGE_POINTS));
		// The even stretch needs no steps: whole pages of it store none.
		expect(pageRows(conn, 'steps IS NULL')).toBeGreaterThanOrEqual(Math.floor(5_000 / PAGE_POINTS) - 1);
		expect(pageRows(conn, 'steps IS NOT NULL')).toBeGreaterThanOrEqual(Math.floor(25_000 / PAGE_POINTS));
	});

	it('give a zoom the points of its range and their neighbours exactly as `metrics` does', async () => {
		const { api, conn, runId } = await setup();
		const raw = series(40_000, 3);
		// A long gap inside one page and one between pages: ranges that fall into them hold no point.
		raw.steps.forEach((s, i) => (raw.steps[i] = s + (i >= 20_050 ? 5_000 : 0) + (i >= 20_480 ? 7_000 : 0)));
		await log(api, runId, raw.steps, raw.values);
		const first = raw.steps[0]!;
		const last = raw.steps[raw.steps.length - 1]!;
		const gapInPage = raw.steps[20_050]! - 2_000;
		const gapBetween = raw.steps[20_480]! - 3_000;
		const r = rng(4);
		const ranges: [number, number][] = [
			[first, last],
			[first - 100, first + 50],
			[last - 50, last + 100],
			[gapInPage, gapInPage + 10],
			[gapBetween, gapBetween + 10],
			[raw.steps[128 * 40]!, raw.steps[128 * 41]!], // from a page's first point
			[raw.steps[128 * 40 - 1]!, raw.steps[128 * 80 - 1]!], // from a page's last point
			...Array.from({ length: 40 }, () => {
				const a = first + Math.floor(r() * (last - first));
				return [a, a + Math.floor(r() * 3_000)] as [number, number];
			})
		];
		for (const [a, b] of ranges) {
			const rows = pointReads.rows;
			const got = rangeSeries(conn, 1, 1, a, b);
			expect(pointReads.rows, `[${a}, ${b}] from the pages`).toBe(rows);
			const want = expectedRange(raw.steps, raw.values, a, b);
			expect({ x: Array.from(got.x), y: Array.from(got.y) }, `[${a}, ${b}]`).toEqual(want);
			await api.setTag(runId, 't', `${a}`); // empties the cache: the next range is read again
		}
	});

	it('are dropped with the blocks when a point arrives out of order, and rebuilt by the next full read', async () => {
		const { api, conn, runId } = await setup();
		const raw = series(12_000, 6);
		await log(api, runId, raw.steps, raw.values);
		expect(pageRows(conn)).toBe(Math.ceil(12_000 / PAGE_POINTS));
		await api.logBatch(runId, { metrics: [{ key: 'loss', value: 5, step: 3, timestamp: 0 }] });
		expect([state(conn).summary, pageRows(conn)]).toEqual([2, 0]);
		await api.getChartSeries({ runIds: [runId], key: 'loss', width: 300 });
		expect(state(conn).summary).toBe(1);
		const [steps, values] = readColumns(conn, 1, 1, 'step, value');
		expect(allPages(conn)).toEqual([Array.from(steps), Array.from(values)]);
	});

	it('fall back to `metrics` when a page is missing, and go stale when the last one cannot be extended', async () => {
		const { api, conn, runId } = await setup();
		const raw = series(20_000, 2);
		await log(api, runId, raw.steps, raw.values);
		conn.db.exec('DELETE FROM metric_pages WHERE page = 60');
		expect(readPages(conn, 1, 1)).toBeUndefined();
		const [a, b] = [raw.steps[7_000]!, raw.steps[9_000]!];
		const rows = pointReads.rows;
		const got = rangeSeries(conn, 1, 1, a, b);
		expect(pointReads.rows).toBeGreaterThan(rows);
		expect({ x: Array.from(got.x), y: Array.from(got.y) }).toEqual(
			expectedRange(raw.steps, raw.values, a, b)
		);
		// Found broken, the summary went stale (blocks and pages dropped): the next full read rebuilds it whole.
		expect([state(conn).summary, pageRows(conn)]).toEqual([2, 0]);
		await api.getChartSeries({ runIds: [runId], key: 'loss', width: 300 });
		expect([state(conn).summary, pageRows(conn)]).toEqual([1, Math.ceil(20_000 / PAGE_POINTS)]);
		expect(allPages(conn)).toEqual([raw.steps, raw.values.map((v) => (Object.is(v, -0) ? 0 : v))]);
		// The next batch cannot extend pages it does not find whole: the summary goes stale, pages and all.
		conn.db.exec(`DELETE FROM metric_pages WHERE page = ${Math.floor(20_000 / PAGE_POINTS)}`);
		await api.logBatch(runId, { metrics: [{ key: 'loss', value: 1, step: 1e7, timestamp: 0 }] });
		expect([state(conn).summary, pageRows(conn)]).toEqual([2, 0]);
		await api.getChartSeries({ runIds: [runId], key: 'loss', width: 300 });
		expect(pageRows(conn)).toBe(Math.ceil(20_001 / PAGE_POINTS));
	});

	it('serve whole-series reads (smoothing) as `metrics` does, and fall back to it when pages are missing', async () => {
		const { api, conn, runId } = await setup();
		const raw = series(15_000, 12);
		await log(api, runId, raw.steps, raw.values);
		const request = { runIds: [runId], key: 'loss', width: 400, smoothing: 0.6 };
		let rows = pointReads.rows;
		const paged = await api.getChartSeries(request);
		expect(pointReads.rows).toBe(rows);
		conn.db.exec('DELETE FROM metric_pages WHERE page > 100');
		await api.setTag(runId, 't', 'x'); // empties the cache
		rows = pointReads.rows;
		const fromPoints = await api.getChartSeries(request);
		expect(pointReads.rows - rows).toBe(15_000);
		for (const column of ['x', 'y', 'smoothed'] as const)
			expect(Array.from(paged[column]!), column).toEqual(Array.from(fromPoints[column]!));
		// The broken pages made the series stale; the next read rebuilds them, and the one after reads them again.
		expect(state(conn).summary).toBe(2);
		await api.setTag(runId, 't', 'y');
		await api.getChartSeries(request);
		expect([state(conn).summary, pageRows(conn)]).toEqual([1, Math.ceil(15_000 / PAGE_POINTS)]);
		await api.setTag(runId, 't', 'z');
		rows = pointReads.rows;
		const again = await api.getChartSeries(request);
		expect(pointReads.rows).toBe(rows);
		expect(Array.from(again.smoothed!)).toEqual(Array.from(paged.smoothed!));
	});

	it('are built for summaries made before pages existed (schema 4 → 5)', async () => {
		const conn = oldDatabase(
			4,
			'b'.repeat(32),
			'1, 1, 9999, 9999, 9999 % 7, 10000, 1',
			"INSERT INTO metric_blocks VALUES (1, 1, 0, 0, x'00');"
		);
		const { db } = conn;
		const api = clientOf(createDbApi(conn, { mode: 'memory' }));
		expect(state(conn)).toEqual({ points: 10_000, summary: 2 });
		expect(Number(db.selectValue('SELECT count(*) FROM metric_blocks'))).toBe(0);
		await api.getChartSeries({ runIds: ['b'.repeat(32)], key: 'loss', width: 100 });
		expect(state(conn).summary).toBe(1);
		const steps = Array.from({ length: 10_000 }, (_, i) => i);
		expect(allPages(conn)).toEqual([steps, steps.map((i) => i % 7)]);
		expect(pageRows(conn, 'steps IS NOT NULL')).toBe(0);
	});
});
