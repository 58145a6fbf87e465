// A pixel rasteriser for dense charts: 1-device-pixel, opaque, non-antialiased polylines written straight into an
// RGBA buffer. A software canvas strokes ~450k segments (100 runs of a zoomed long series) in 50–80 ms; plotting
// the same pixels here takes a few. Used only where it looks the same as a hairline stroke: many points, every line
// opaque and 1 px wide (no smoothing, bands or highlight).

export interface PixelTarget {
	/** One 32-bit RGBA pixel per entry (the platform's byte order, as ImageData's buffer). */
	pixels: Uint32Array;
	width: number;
	height: number;
}

/** The 32-bit value of an opaque colour "#rrggbb" or "rgb(r, g, b)" in this platform's byte order (undefined when
 * the colour is anything else: the caller strokes that series on the canvas instead). */
export function packColor(color: string): number | undefined {
	let rgb: number[] | undefined;
	const hex = /^#([0-9a-f]{6})$/i.exec(color);
	if (hex) {
		const n = parseInt(hex[1] as string, 16);
		rgb = [n >> 16, (n >> 8) & 255, n & 255];
	}
	const fn = /^rgba?\(\s*(\d+),\s*(\d+),\s*(\d+)(?:,\s*1(?:\.0*)?)?\s*\)$/i.exec(color);
	if (fn) rgb = [Number(fn[1]), Number(fn[2]), Number(fn[3])];
	if (!rgb || rgb.some((c) => c > 255)) return undefined;
	const bytes = new Uint8Array([rgb[0] as number, rgb[1] as number, rgb[2] as number, 255]);
	return new Uint32Array(bytes.buffer)[0] as number;
}

/** Clip parameters of the last `clip` call: the part of the segment inside is [t0, t1]. */
let t0 = 0;
let t1 = 1;

/** One edge of Liang–Barsky clipping; false when the segment is wholly outside. */
function edge(p: number, q: number): boolean {
	if (p === 0) return q >= 0;
	const r = q / p;
	if (p < 0) {
		if (r > t1) return false;
		if (r > t0) t0 = r;
	} else {
		if (r < t0) return false;
		if (r < t1) t1 = r;
	}
	return true;
}

/** Clips segment (x0, y0) + t·(dx, dy) to [0, w] × [0, h]: lines of a zoomed chart run far off the plot, and only
 * the visible part is walked. */
function clip(x0: number, y0: number, dx: number, dy: number, w: number, h: number): boolean {
	t0 = 0;
	t1 = 1;
	return edge(-dx, x0) && edge(dx, w - x0) && edge(-dy, y0) && edge(dy, h - y0);
}

/** Plots one segment: every pixel column (or row, for steep segments) it crosses gets one pixel. */
function segment(target: PixelTarget, color: number, ax: number, ay: number, bx: number, by: number): void {
	const { pixels, width: w, height: h } = target;
	let x0 = ax;
	let y0 = ay;
	let x1 = bx;
	let y1 = by;
	const dx = bx - ax;
	const dy = by - ay;
	if (!Number.isFinite(dx) || !Number.isFinite(dy)) return; // off any scale: nothing of it is visible
	if (!(ax >= 0 && ax < w && bx >= 0 && bx < w && ay >= 0 && ay < h && by >= 0 && by < h)) {
		if (!clip(ax, ay, dx, dy, w, h)) return;
		x0 = ax + dx * t0;
		y0 = ay + dy * t0;
		x1 = ax + dx * t1;
		y1 = ay + dy * t1;
	}
	// floor(x) is the pixel column holding x (pixel centres sit at +0.5). Clamped: a clipped end can land a
	// rounding error outside the plot.
	const c0 = Math.max(0, Math.min(w - 1, Math.floor(x0)));
	const c1 = Math.max(0, Math.min(w - 1, Math.floor(x1)));
	const r0 = Math.max(0, Math.min(h - 1, Math.floor(y0)));
	const r1 = Math.max(0, Math.min(h - 1, Math.floor(y1)));
	if (c0 === c1) {
		// Within one column — most segments of a dense chart (a column's first, extremes and last point).
		const lo = r0 < r1 ? r0 : r1;
		const hi = r0 < r1 ? r1 : r0;
		for (let r = lo, at = lo * w + c0; r <= hi; r++, at += w) pixels[at] = color;
		return;
	}
	const n = Math.max(Math.abs(c1 - c0), Math.abs(r1 - r0));
	const sx = (x1 - x0) / n;
	const sy = (y1 - y0) / n;
	for (let i = 0; i <= n; i++) {
		const px = Math.max(0, Math.min(w - 1, Math.floor(x0 + sx * i)));
		const py = Math.max(0, Math.min(h - 1, Math.floor(y0 + sy * i)));
		pixels[py * w + px] = color;
	}
}

/** Plots a segment whose ends are both inside the plot and in different columns: (ac, ar) and (bc, br) are the
 * pixels holding its ends. */
function across(
	pixels: Uint32Array,
	w: number,
	color: number,
	ax: number,
	ay: number,
	bx: number,
	by: number,
	ac: number,
	ar: number,
	bc: number,
	br: number
): void {
	const n = Math.max(Math.abs(bc - ac), Math.abs(br - ar));
	const sx = (bx - ax) / n;
	const sy = (by - ay) / n;
	for (let i = 0; i < n; i++) {
		// Both ends are inside, so every point between is (up to rounding, hence the clamp to the last column).
		const px = Math.min(w - 1, (ax + sx * i) | 0);
		pixels[((ay + sy * i) | 0) * w + px] = color;
	}
	pixels[br * w + bc] = color;
}

/** One column's pixels from row lo to row hi. */
function span(pixels: Uint32Array, w: number, color: number, column: number, lo: number, hi: number): void {
	for (let at = lo * w + column, end = hi * w + column; at <= end; at += w) pixels[at] = color;
}

/** The vertical span being gathered: consecutive segments within one column (a dense chart's first, extremes and
 * last point of each column) become one span, drawn when the line leaves the column — each pixel written once. */
let spanColumn = -1;
let spanLo = 0;
let spanHi = 0;

/**
 * Draws polylines (x0, y0, x1, y1, … in CSS pixels, `ratio` device pixels each) in one opaque colour. A lone point
 * (two numbers) is left to the caller, which draws it as a ring.
 */
export function rasterLines(target: PixelTarget, lines: ArrayLike<number>[], color: number, ratio = 1): void {
	spanColumn = -1;
	for (const line of lines) rasterLine(target, line, color, ratio);
	if (spanColumn >= 0) span(target.pixels, target.width, color, spanColumn, spanLo, spanHi);
}

/** One polyline: its own function, so the compiled loop is kept from call to call (not compiled for one loop and
 * thrown away at its exit). */
function rasterLine(target: PixelTarget, line: ArrayLike<number>, color: number, ratio: number): void {
	const { pixels, width: w, height: h } = target;
	let ax = (line[0] as number) * ratio;
	let ay = (line[1] as number) * ratio;
	let aIn = ax >= 0 && ax < w && ay >= 0 && ay < h;
	// The pixel holding the previous point, computed once per point (truncation is floor for x, y ≥ 0).
	let ac = aIn ? ax | 0 : 0;
	let ar = aIn ? ay | 0 : 0;
	for (let i = 2; i + 1 < line.length; i += 2) {
		const bx = (line[i] as number) * ratio;
		const by = (line[i + 1] as number) * ratio;
		const bIn = bx >= 0 && bx < w && by >= 0 && by < h;
		const bc = bIn ? bx | 0 : 0;
		const br = bIn ? by | 0 : 0;
		if (aIn && bIn && ac === bc) {
			const lo = ar < br ? ar : br;
			const hi = ar < br ? br : ar;
			if (spanColumn === ac) {
				if (lo < spanLo) spanLo = lo;
				if (hi > spanHi) spanHi = hi;
			} else {
				if (spanColumn >= 0) span(pixels, w, color, spanColumn, spanLo, spanHi);
				spanColumn = ac;
				spanLo = lo;
				spanHi = hi;
			}
		} else if (aIn && bIn) across(pixels, w, color, ax, ay, bx, by, ac, ar, bc, br);
		else segment(target, color, ax, ay, bx, by);
		ax = bx;
		ay = by;
		aIn = bIn;
		ac = bc;
		ar = br;
	}
}
