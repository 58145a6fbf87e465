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
	let end = x1 === Infinity ? x.length : start;
	while (end < x.length && (x[end] as number) <= x1) end++;
	const n = end - start;
	const columns = Math.max(1, Math.floor(width));
	if (n <= 4 * columns) {
		const index = Uint32Array.from({ length: n }, (_, i) => start + i);
		return { x: x.slice(start, end), y: y.slice(start, end), index };
	}
	const lo = x[start] as number;
	const span = (x[end - 1] as number) - lo || 1;
	const bucketOf = (i: number) =>
		Math.min(columns - 1, Math.floor((((x[start + i] as number) - lo) / span) * columns));
	const keep = new Uint8Array(n);
	// Column by column: x is sorted, so a column's points are one run, found by galloping then bisecting on the
	// bucket number; the inner loop then only compares values (no bucket arithmetic per point).
	for (let first = 0; first < n;) {
		const bucket = bucketOf(first);
		let inside = first;
		let stride = 1;
		while (inside + stride < n && bucketOf(inside + stride) === bucket) {
			inside += stride;
			stride *= 2;
		}
		let outside = Math.min(n, inside + stride);
		while (outside - inside > 1) {
			const mid = (inside + outside) >>> 1;
			if (bucketOf(mid) === bucket) inside = mid;
			else outside = mid;
		}
		let min = -1;
		let max = -1;
		let nan = -1;
		let posInf = -1;
		let negInf = -1;
		let low = Infinity;
		let high = -Infinity;
		for (let i = first; i < outside; i++) {
			const v = y[start + i] as number;
			if (v !== v) {
				if (nan < 0) nan = i;
			} else if (v === Infinity) {
				if (posInf < 0) posInf = i;
			} else if (v === -Infinity) {
				if (negInf < 0) negInf = i;
			} else {
				if (min < 0 || v < low) {
					min = i;
					low = v;
				}
				if (max < 0 || v > high) {
					max = i;
					high = v;
				}
			}
		}
		keep[first] = 1;
		keep[outside - 1] = 1;
		for (const i of [min, max, nan, posInf, negInf]) if (i >= 0) keep[i] = 1;
		first = outside;
	}
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
