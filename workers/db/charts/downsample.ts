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
	const index = m4Index(series, width, x0, x1).slice();
	const x = new Float64Array(index.length);
	const y = new Float64Array(index.length);
	for (let k = 0; k < index.length; k++) {
		x[k] = series.x[index[k] as number] as number;
		y[k] = series.y[index[k] as number] as number;
	}
	return { x, y, index };
}

/** Where m4Index writes: a chart reduces 100 runs in a row, and a fresh array for each costs more than M4. */
let kept = new Uint32Array(4096);

/**
 * The positions in `series` of the points downsampleM4 keeps, in x order: a view of a buffer reused by the next
 * call (a chart copies the points straight from the series into its answer).
 */
export function m4Index(series: Series, width: number, x0 = -Infinity, x1 = Infinity): Uint32Array {
	const { x, y } = series;
	let start = 0;
	while (start < x.length && (x[start] as number) < x0) start++;
	let end = x1 === Infinity ? x.length : start;
	while (end < x.length && (x[end] as number) <= x1) end++;
	const n = end - start;
	const columns = Math.max(1, Math.floor(width));
	// At most 7 kept points per column: first, last, min, max and one marker of each non-finite kind.
	const size = Math.min(n, 7 * columns);
	if (kept.length < size) kept = new Uint32Array(Math.max(size, 2 * kept.length));
	const index = kept;
	if (n <= 4 * columns) {
		// A plain loop: Uint32Array.from over an array-like with a callback cost ~60 ns per point.
		for (let i = 0; i < n; i++) index[i] = start + i;
		return index.subarray(0, n);
	}
	const lo = x[start] as number;
	const span = (x[end - 1] as number) - lo || 1;
	const scale = columns / span;
	const last = columns - 1;
	let count = 0;
	const keep = (i: number) => {
		index[count++] = i;
	};
	const bucketOf = (i: number) => Math.min(last, Math.floor(((x[i] as number) - lo) * scale));
	const candidates = new Int32Array(7);
	// Column by column: x is sorted, so a column's points are one run. Its end is found by comparing steps with the
	// column's right edge (one comparison a point: a deep zoom has ~10 points per column, where galloping and
	// bisecting on the bucket number cost more than the points), then settled with the bucket number itself, which
	// rounding may put on either side of that edge.
	for (let first = start; first < end;) {
		const bucket = bucketOf(first);
		const edge = bucket === last ? Infinity : lo + (bucket + 1) / scale;
		let outside = first + 1;
		while (outside < end && (x[outside] as number) < edge) outside++;
		while (outside < end && bucketOf(outside) === bucket) outside++;
		while (outside - 1 > first && bucketOf(outside - 1) !== bucket) outside--;
		let min = -1;
		let max = -1;
		let nan = -1;
		let posInf = -1;
		let negInf = -1;
		let low = Infinity;
		let high = -Infinity;
		// NaN fails every comparison and the infinities only ever win one, so the common case is two compares.
		for (let i = first; i < outside; i++) {
			const v = y[i] as number;
			if (v < low) {
				if (v === -Infinity) {
					if (negInf < 0) negInf = i;
				} else {
					low = v;
					min = i;
				}
			}
			if (v > high) {
				if (v === Infinity) {
					if (posInf < 0) posInf = i;
				} else {
					high = v;
					max = i;
				}
			} else if (v !== v && nan < 0) nan = i;
		}
		if (nan < 0 && posInf < 0 && negInf < 0) {
			// All finite: first ≤ the earlier extreme ≤ the later ≤ last, each kept once.
			const a = min < max ? min : max;
			const b = min < max ? max : min;
			keep(first);
			if (a > first) keep(a);
			if (b > a && b > first) keep(b);
			if (outside - 1 > b && outside - 1 > first) keep(outside - 1);
		} else {
			// Markers too: the positions sorted, each once (at most 7).
			let k = 0;
			for (const i of [first, outside - 1, min, max, nan, posInf, negInf]) {
				if (i < 0) continue;
				let j = k;
				while (j > 0 && (candidates[j - 1] as number) > i) {
					candidates[j] = candidates[j - 1] as number;
					j--;
				}
				if (j > 0 && candidates[j - 1] === i) {
					for (let m = j; m < k; m++) candidates[m] = candidates[m + 1] as number;
					continue;
				}
				candidates[j] = i;
				k++;
			}
			for (let j = 0; j < k; j++) keep(candidates[j] as number);
		}
		first = outside;
	}
	return index.subarray(0, count);
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
