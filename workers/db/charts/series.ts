// One run's view of a metric for a chart: from the block summaries of a long series on the step axis, else from
// the whole series (series-read.ts) reduced per pixel column (reduce.ts). batch.ts asks it for many
// runs at once.
import { RunboardError } from '$lib/api/errors';
import type { MetricSeries, SeriesOptions } from '$lib/api/db-api';
import { reduceSeries } from './reduce';
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
import type { Conn } from '../sql';
import type { WarmSeries } from './warmup';
import { PointColumns } from './summary/point-columns';

const AXES: readonly SeriesX[] = ['step', 'time', 'relative', 'metric'];

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
export function runView(
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
