// M4 of a series held in memory (a whole series, or the points of a deep zoom's range) for one view: the kept
// points are copied from the series straight into the chart's answer.
import type { SeriesOptions } from '$lib/api/db-api';
import { m4Index, smoothEma } from './downsample';
import type { FullSeries } from './series-read';
import type { PointColumns } from './summary/point-columns';

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
