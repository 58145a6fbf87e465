// The chart's data: the worker's packed batch unpacked into one drawn series per run, and the request for a view.
import type { ChartSeriesBatch, ChartSeriesRequest } from '$lib/api/db-api';
import type { LineChartView, LineSeriesInput } from './types';

export interface DrawnSeries {
	/** Run id, or `group:<name>` for an aggregate line. */
	id: string;
	label: string;
	color: string;
	x: Float64Array;
	/** Raw values (M4-reduced). */
	y: Float64Array;
	/** EMA over the full series at the same points, when smoothing is on. */
	smoothed?: Float64Array;
	/** Aggregates only: the band drawn around the mean line. */
	band?: { lo: Float64Array; hi: Float64Array };
	/** Points of the whole stored series (aggregates: number of runs). */
	total: number;
}

export interface ChartData {
	series: DrawnSeries[];
	/** The unzoomed x-domain: the union of every run's full extent (null when nothing has points). */
	extent: [number, number] | null;
}

export function chartRequest(
	key: string,
	inputs: LineSeriesInput[],
	view: LineChartView,
	width: number
): ChartSeriesRequest {
	const request: ChartSeriesRequest = {
		runIds: inputs.map((s) => s.runId),
		key,
		width: Math.max(1, Math.min(100_000, Math.round(width))),
		xAxis: view.xAxis.kind,
		smoothing: view.smoothing
	};
	if (view.xAxis.kind === 'metric') request.xMetric = view.xAxis.key;
	if (view.xRange) [request.xMin, request.xMax] = view.xRange;
	return request;
}

export function unpack(batch: ChartSeriesBatch, inputs: LineSeriesInput[]): ChartData {
	let lo = Infinity;
	let hi = -Infinity;
	const series = inputs.map((input, i): DrawnSeries => {
		const from = batch.offsets[i] ?? 0;
		const to = batch.offsets[i + 1] ?? from;
		const a = batch.extents[2 * i] as number;
		const b = batch.extents[2 * i + 1] as number;
		if (a < lo) lo = a;
		if (b > hi) hi = b;
		const drawn: DrawnSeries = {
			id: input.runId,
			label: input.label,
			color: input.color,
			x: batch.x.subarray(from, to),
			y: batch.y.subarray(from, to),
			total: batch.totals[i] ?? 0
		};
		if (batch.smoothed) drawn.smoothed = batch.smoothed.subarray(from, to);
		return drawn;
	});
	return { series, extent: lo <= hi ? [lo, hi] : null };
}

/** The values a line shows: smoothed when smoothing is on. */
export function shownValues(s: DrawnSeries): Float64Array {
	return s.smoothed ?? s.y;
}
