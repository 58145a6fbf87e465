// M4 downsampling for line charts: one bucket per pixel column, keeping the first, last, minimum and maximum point
// of every bucket, so the drawn extent of every column equals the full series' — a one-point spike in a million
// points is always drawn (random sampling, as other trackers do, loses it). Non-finite values are kept as
// markers (the first of each kind per bucket) so gaps stay visible; they never count as a minimum or maximum.

export interface Series {
	x: Float64Array;
	y: Float64Array;
}

export interface Reduced extends Series {
	/** Positions of the kept points in the input, so other per-point arrays (smoothed values) reduce alike. */
	index: Uint32Array;
}

/**
 * Points of `series` (sorted by x) within [x0, x1] reduced to ≤ 4 per pixel column (+ non-finite markers), in x
 * order. Series with no more than 4 × width points in range are returned whole.
 */
export function downsampleM4(series: Series, width: number, x0 = -Infinity, x1 = Infinity): Reduced {
	const { x, y } = series;
	let start = 0;
	while (start < x.length && (x[start] as number) < x0) start++;
	let end = start;
	while (end < x.length && (x[end] as number) <= x1) end++;
	const n = end - start;
	const columns = Math.max(1, Math.floor(width));
	if (n <= 4 * columns) {
		const index = Uint32Array.from({ length: n }, (_, i) => start + i);
		return { x: x.slice(start, end), y: y.slice(start, end), index };
	}
	const lo = x[start] as number;
	const span = (x[end - 1] as number) - lo || 1;
	const keep = new Uint8Array(n);
	let bucket = -1;
	let first = 0;
	let min = -1;
	let max = -1;
	let nan = -1;
	let posInf = -1;
	let negInf = -1;
	const flush = (last: number) => {
		keep[first] = 1;
		keep[last] = 1;
		for (const i of [min, max, nan, posInf, negInf]) if (i >= 0) keep[i] = 1;
	};
	for (let i = 0; i < n; i++) {
		const b = Math.min(columns - 1, Math.floor((((x[start + i] as number) - lo) / span) * columns));
		if (b !== bucket) {
			if (bucket >= 0) flush(i - 1);
			bucket = b;
			first = i;
			min = max = nan = posInf = negInf = -1;
		}
		const v = y[start + i] as number;
		if (Number.isNaN(v)) nan = nan < 0 ? i : nan;
		else if (v === Infinity) posInf = posInf < 0 ? i : posInf;
		else if (v === -Infinity) negInf = negInf < 0 ? i : negInf;
		else {
			if (min < 0 || v < (y[start + min] as number)) min = i;
			if (max < 0 || v > (y[start + max] as number)) max = i;
		}
	}
	flush(n - 1);
	let count = 0;
	for (let i = 0; i < n; i++) count += keep[i] as number;
	const out = { x: new Float64Array(count), y: new Float64Array(count), index: new Uint32Array(count) };
	for (let i = 0, j = 0; i < n; i++) {
		if (!keep[i]) continue;
		out.x[j] = x[start + i] as number;
		out.y[j] = y[start + i] as number;
		out.index[j] = start + i;
		j++;
	}
	return out;
}

/**
 * Debiased exponential moving average (as TensorBoard and MLflow draw "smoothing"), over the FULL series: weight
 * 0 returns the values; non-finite values pass through and do not enter the average.
 */
export function smoothEma(values: Float64Array, weight: number): Float64Array {
	const w = Math.min(Math.max(weight, 0), 0.999);
	const out = new Float64Array(values.length);
	let last = 0;
	let count = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i] as number;
		if (!Number.isFinite(v)) {
			out[i] = v;
			continue;
		}
		last = last * w + (1 - w) * v;
		count++;
		out[i] = w === 0 ? v : last / (1 - Math.pow(w, count));
	}
	return out;
}
