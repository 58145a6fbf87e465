// Chart queries: full series (series-read.ts) reduced per pixel column (downsample.ts), for one run or many runs
// of one metric in a single round trip.
import { RunboardError } from '$lib/api/errors';
import type { ChartSeriesBatch, ChartSeriesRequest, MetricSeries, SeriesOptions } from '$lib/api/db-api';
import { m4Index, smoothEma } from './downsample';
import {
	cachedSeries,
	fullSeries,
	keepCacheAfterOwnWrite,
	keyIdOf,
	type FullSeries,
	type SeriesX
} from './series-read';
import { SUMMARY_MIN_POINTS } from './summary/blocks';
import { SUMMARY_VALID } from './summary/store';
import { pagedSeries, rebuildSummary, seriesInfo, summaryView, type SeriesInfo } from './summary/view';
import type { Conn } from './sql';
import { cachedStatement } from './sql';
import type { WarmSeries } from './chart-warmup';
import { PointColumns } from './summary/point-columns';

const AXES: readonly SeriesX[] = ['step', 'time', 'relative', 'metric'];

/** Index of the first x ≥ value (binary search). */
function lowerBound(x: Float64Array, value: number): number {
	let lo = 0;
	let hi = x.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((x[mid] as number) < value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Copies the points at `index` of xs, ys to `steps`, `values` from `at` on (a loop of its own: kept compiled). */
function gather(
	xs: Float64Array,
	ys: Float64Array,
	index: Uint32Array,
	steps: Float64Array,
	values: Float64Array,
	at: number
): void {
	for (let k = 0; k < index.length; k++, at++) {
		const i = index[k] as number;
		steps[at] = xs[i] as number;
		values[at] = ys[i] as number;
	}
}

/**
 * M4 over [xMin, xMax] plus the neighbours just outside, so a zoomed line runs off the plot's edges: the kept points
 * are appended to `out` (copied straight from the series), their smoothed values returned when smoothing is on.
 */
export function reduceSeries(
	series: FullSeries,
	options: SeriesOptions,
	out: PointColumns
): Float64Array | undefined {
	const x0 = options.xMin ?? -Infinity;
	const x1 = options.xMax ?? Infinity;
	let start = lowerBound(series.x, x0);
	let end = lowerBound(series.x, x1);
	while (end < series.x.length && (series.x[end] as number) <= x1) end++;
	if (start > 0 && Number.isFinite(x0)) start--;
	if (end < series.x.length && Number.isFinite(x1)) end++;
	const xs = series.x.subarray(start, end);
	const ys = series.y.subarray(start, end);
	const index = m4Index({ x: xs, y: ys }, options.width);
	out.room(index.length);
	gather(xs, ys, index, out.steps, out.values, out.n);
	out.n += index.length;
	if (!(options.smoothing && options.smoothing > 0)) return undefined;
	// Over the full series: the smoothed value at a point does not depend on the zoom.
	const smooth = smoothEma(series.y, options.smoothing);
	const smoothed = new Float64Array(index.length);
	for (let k = 0; k < smoothed.length; k++) smoothed[k] = smooth[start + (index[k] as number)] as number;
	return smoothed;
}

/** Validated axis and the key id of the x metric (-1 when x is not a metric). */
export function resolveAxis(conn: Conn, options: SeriesOptions): { axis: SeriesX; xKeyId: number } {
	for (const bound of [options.xMin, options.xMax]) {
		if (bound !== undefined && (typeof bound !== 'number' || Number.isNaN(bound)))
			throw new RunboardError('INVALID_ARGUMENT', 'xMin and xMax must be numbers.');
	}
	const axis = options.xAxis ?? 'step';
	if (!AXES.includes(axis)) {
		throw new RunboardError('INVALID_ARGUMENT', `xAxis must be one of ${AXES.join(', ')}.`);
	}
	if (axis !== 'metric') return { axis, xKeyId: -1 };
	if (typeof options.xMetric !== 'string' || !options.xMetric) {
		throw new RunboardError('INVALID_ARGUMENT', 'xAxis "metric" needs xMetric (a metric key).');
	}
	return { axis, xKeyId: keyIdOf(conn, options.xMetric) ?? -2 };
}

const EMPTY: FullSeries = { x: new Float64Array(0), y: new Float64Array(0), x0: NaN, x1: NaN };

/** How chart series were read since the worker started (tests and the benchmark look at it). */
export const chartReads = { summary: 0, range: 0, full: 0 };

/** One run's view: its points are appended to the caller's columns; smoothed values, when asked for, come apart. */
interface RunView {
	smoothed?: Float64Array;
	total: number;
	x0: number;
	x1: number;
}

/** Reduces `series` into `out` (reduceSeries) and returns the view's other parts. */
function reducedView(
	out: PointColumns,
	series: FullSeries,
	options: SeriesOptions,
	view: Omit<RunView, 'smoothed'>
): RunView {
	const smoothed = reduceSeries(series, options, out);
	return smoothed ? { ...view, smoothed } : view;
}

/** What the warm-up reads after a view drawn from blocks: the whole series, or the points of a zoomed range. */
function warmItem(
	runPk: number,
	keyId: number,
	points: number,
	view: { x0: number; x1: number },
	options: SeriesOptions
): WarmSeries {
	if (options.xMin === undefined && options.xMax === undefined)
		return { runPk, keyId, points, width: options.width };
	const a = Math.max(options.xMin ?? view.x0, view.x0);
	const b = Math.min(options.xMax ?? view.x1, view.x1);
	const share = view.x1 > view.x0 ? (b - a) / (view.x1 - view.x0) : 1;
	return {
		runPk,
		keyId,
		points: Math.ceil(points * share),
		range: [a, b],
		total: points,
		width: options.width
	};
}

/**
 * One run's reduced series, appended to `out`. Long series on the step axis come from their block summaries
 * (combined straight into `out`; deep zooms from the points of their range, or from the whole series when it is in
 * memory); everything else reads the full series (and a long series whose summary went stale is summarised again
 * on the way).
 */
function runView(
	conn: Conn,
	runPk: number | undefined,
	keyId: number | undefined,
	options: SeriesOptions,
	out: PointColumns,
	notCached?: WarmSeries[],
	known?: SeriesInfo | null
): RunView {
	const { axis, xKeyId } = resolveAxis(conn, options);
	if (runPk === undefined || keyId === undefined || xKeyId === -2) {
		return reducedView(out, EMPTY, options, { total: 0, x0: NaN, x1: NaN });
	}
	const stepOnly = axis === 'step' && !(options.smoothing && options.smoothing > 0);
	// `known`: looked up with the run (null: the run has no such series).
	const info =
		axis !== 'step' ? undefined : known === undefined ? seriesInfo(conn, runPk, keyId) : (known ?? undefined);
	const long = info !== undefined && info.points >= SUMMARY_MIN_POINTS;
	if (stepOnly && long) {
		// Blocks even when the whole series is in memory: reducing ~50,000 points per run for a view takes several
		// times longer than combining their blocks. The points serve deep zooms.
		const full = cachedSeries(conn, runPk, keyId, 'step');
		const view = summaryView(conn, runPk, keyId, info, options, out, full);
		if (view?.range) {
			if (view.range === full) chartReads.full++;
			else chartReads.range++;
			return reducedView(out, view.range, options, {
				total: info.points,
				x0: view.x0,
				x1: view.x1
			});
		}
		if (view) {
			if (!full) notCached?.push(warmItem(runPk, keyId, info.points, view, options));
			chartReads.summary++;
			return { total: info.points, x0: view.x0, x1: view.x1 };
		}
	}
	chartReads.full++;
	// A long series with a valid summary has its points packed in pages too: read those (far fewer rows).
	const paged = long && info.summary === SUMMARY_VALID;
	const series = fullSeries(
		conn,
		runPk,
		keyId,
		axis,
		xKeyId,
		paged ? () => pagedSeries(conn, runPk, keyId, info.points) : undefined
	);
	if (long && info.summary !== SUMMARY_VALID && rebuildSummary(conn, runPk, keyId, series.x, series.y)) {
		keepCacheAfterOwnWrite(conn);
	}
	return reducedView(out, series, options, {
		total: series.x.length,
		x0: series.x0,
		x1: series.x1
	});
}

/** One run (DbApi.getMetricSeries). */
export function metricSeries(conn: Conn, runPk: number, key: string, options: SeriesOptions): MetricSeries {
	const out = new PointColumns(4 * options.width + 16);
	const view = runView(conn, runPk, keyIdOf(conn, key), options, out);
	const result: MetricSeries = {
		steps: out.steps.slice(0, out.n),
		values: out.values.slice(0, out.n),
		total: view.total
	};
	if (view.smoothed) result.smoothed = view.smoothed;
	return result;
}

/** Smoothed values of many runs, packed like their points (grown by doubling). */
class Packed {
	data: Float64Array;
	constructor(capacity: number) {
		this.data = new Float64Array(Math.max(1024, capacity));
	}
	put(values: Float64Array, at: number): void {
		if (at + values.length > this.data.length) {
			const grown = new Float64Array(Math.max(2 * this.data.length, at + values.length));
			grown.set(this.data.subarray(0, at));
			this.data = grown;
		}
		this.data.set(values, at);
	}
}

/**
 * The asked runs' keys and their series of `keyId` (points and summary state), in one query: a lookup each costs
 * ~25 µs in the worker, two per run — ~5 ms of a 100-run zoom.
 */
function runsOf(conn: Conn, runIds: string[], keyId: number | undefined) {
	const runs = new Map<string, { pk: number; info?: SeriesInfo }>();
	const stmt = cachedStatement(
		conn.db,
		`SELECT r.run_uuid, r.run_pk, l.points, l.summary FROM json_each(?) AS asked
			JOIN runs AS r ON r.run_uuid = asked.value
			LEFT JOIN latest_metrics AS l ON l.run_pk = r.run_pk AND l.key_id = ?`
	);
	try {
		stmt.bind([JSON.stringify(runIds), keyId ?? -1]);
		while (stmt.step()) {
			const [id, pk, points, summary] = stmt.get([]) as [string, number, number | null, number | null];
			runs.set(id, points === null ? { pk } : { pk, info: { points, summary: summary as number } });
		}
	} finally {
		stmt.reset(true);
	}
	return runs;
}

/**
 * Many runs of one metric (DbApi.getChartSeries), packed into flat arrays: every run's points are appended to one
 * pair of columns (views drawn from blocks are combined straight into them, ~450k points for a 100-run zoom, so
 * they are never copied on the way). Long series drawn from block summaries are listed in `notCached`:
 * chart-warmup.ts reads them (or the points of the zoomed range) while idle.
 */
export function chartSeries(
	conn: Conn,
	request: ChartSeriesRequest,
	notCached?: WarmSeries[]
): ChartSeriesBatch {
	resolveAxis(conn, request); // validates even when no run is asked for
	const keyId = keyIdOf(conn, request.key);
	const n = request.runIds.length;
	const offsets = new Float64Array(n + 1);
	const totals = new Float64Array(n);
	const extents = new Float64Array(2 * n);
	// About 4.1 points per pixel column per run (M4's four, and the neighbours of a zoom); at most 1M to start with
	// (up to 1,000 runs × 100,000 px may be asked for, and most of such a chart is empty columns).
	const expected = Math.min(n * 4.1 * Math.max(1, request.width) + 64, 1 << 20);
	const out = new PointColumns(expected);
	const smoothing = !!(request.smoothing && request.smoothing > 0);
	const smooth = smoothing ? new Packed(expected) : undefined;
	const runs = runsOf(conn, request.runIds, keyId);
	request.runIds.forEach((runId, i) => {
		const run = runs.get(runId);
		const at = out.n;
		const p = runView(conn, run?.pk, keyId, request, out, notCached, run && (run.info ?? null));
		if (smooth) smooth.put(p.smoothed ?? new Float64Array(out.n - at), at);
		offsets[i + 1] = out.n;
		totals[i] = p.total;
		extents[2 * i] = p.x0;
		extents[2 * i + 1] = p.x1;
	});
	const size = out.n;
	// Views, not copies: the answer's buffers are transferred to the page whole.
	const batch: ChartSeriesBatch = {
		runIds: [...request.runIds],
		offsets,
		x: out.steps.subarray(0, size),
		y: out.values.subarray(0, size),
		totals,
		extents
	};
	if (smooth) batch.smoothed = smooth.data.subarray(0, size);
	return batch;
}
