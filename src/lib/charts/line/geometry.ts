// Pixel geometry shared by the canvas and the SVG export: a series becomes polylines broken at non-finite values
// (and at values ≤ 0 on a log axis), plus markers where the value is NaN or ±Infinity — gaps, never zeros.
import type { ScaleContinuousNumeric } from 'd3';

export type MarkerKind = 'nan' | 'inf' | '-inf';

export interface Marker {
	x: number;
	y: number;
	kind: MarkerKind;
}

export interface Polylines {
	/** Each entry: x0, y0, x1, y1, … in pixels (views into one buffer per series). */
	lines: Float64Array[];
	markers: Marker[];
}

export function toPolylines(
	xs: Float64Array,
	ys: Float64Array,
	x: ScaleContinuousNumeric<number, number>,
	y: ScaleContinuousNumeric<number, number>,
	plotHeight: number,
	log: boolean,
	into?: Float64Array
): Polylines {
	// One buffer for every line of the series: a 100-run chart has ~450k points, and growing JS arrays point by
	// point cost more than the drawing. A dense chart draws each series as soon as it is mapped, into one buffer
	// (`into`) reused by every series: its lines are only valid until the next series.
	const buffer = into && into.length >= 2 * xs.length ? into : new Float64Array(2 * xs.length);
	const lines: Float64Array[] = [];
	const markers: Marker[] = [];
	let start = 0;
	let end = 0;
	const breakLine = () => {
		if (end > start) lines.push(buffer.subarray(start, collapsed(buffer, start, end) ? start + 2 : end));
		start = end;
	};
	// Linear scales are applied inline, with d3's own arithmetic: a call per coordinate costs a third of a
	// 100-run chart's model time. Log keeps the scale.
	const px0 = new PixelMap(x, true);
	const py0 = new PixelMap(y, !log);
	for (let i = 0; i < xs.length; i++) {
		const v = ys[i] as number;
		const px = px0.at(xs[i] as number);
		if (!Number.isFinite(v) || (log && v <= 0)) {
			breakLine();
			if (Number.isNaN(v)) markers.push({ x: px, y: plotHeight, kind: 'nan' });
			else if (v === Infinity) markers.push({ x: px, y: 0, kind: 'inf' });
			else if (v === -Infinity) markers.push({ x: px, y: plotHeight, kind: '-inf' });
			continue;
		}
		const py = py0.at(v);
		buffer[end++] = px;
		buffer[end++] = py;
	}
	breakLine();
	return { lines, markers };
}

/**
 * Whether a line (buffer[start..end)) of more than one point has all its points within one pixel (one step logged
 * twice, as MLflow's file store does): it would be drawn as nothing, so it becomes a lone point, drawn as a ring.
 * Stops at the first point that leaves the pixel, so a real line costs a few comparisons.
 */
function collapsed(buffer: Float64Array, start: number, end: number): boolean {
	if (end - start <= 2) return false;
	let minX = buffer[start] as number;
	let maxX = minX;
	let minY = buffer[start + 1] as number;
	let maxY = minY;
	for (let i = start + 2; i < end; i += 2) {
		const px = buffer[i] as number;
		const py = buffer[i + 1] as number;
		if (px < minX) minX = px;
		if (px > maxX) maxX = px;
		if (py < minY) minY = py;
		if (py > maxY) maxY = py;
		if (maxX - minX >= 1 || maxY - minY >= 1) return false;
	}
	return true;
}

/**
 * A scale's mapping over plain numbers: linear scales with d3's own arithmetic (t = (v - d0) / (d1 - d0);
 * r0·(1 − t) + r1·t), anything else through the scale. One class rather than a closure per chart: the compiled
 * drawing loop then calls the same function every time (a new closure each draw made it start over, ~25 times a
 * zoom).
 */
class PixelMap {
	private readonly d0: number;
	private readonly span: number;
	private readonly r0: number;
	private readonly r1: number;
	private readonly scale: ((v: number) => number) | undefined;

	constructor(scale: ScaleContinuousNumeric<number, number>, linear: boolean) {
		const [d0, d1] = scale.domain().map(Number) as [number, number];
		const [r0, r1] = scale.range() as [number, number];
		this.d0 = d0;
		this.span = d1 - d0;
		this.r0 = r0;
		this.r1 = r1;
		this.scale = linear && this.span && !scale.clamp() ? undefined : (v) => scale(v);
	}

	at(v: number): number {
		if (this.scale) return this.scale(v);
		const t = (v - this.d0) / this.span;
		return this.r0 * (1 - t) + this.r1 * t;
	}
}

/** A closed polygon (x, y pairs) between two curves over the same xs, for bands. Non-finite points are skipped. */
export function bandPolygon(
	xs: Float64Array,
	lo: Float64Array,
	hi: Float64Array,
	x: ScaleContinuousNumeric<number, number>,
	y: ScaleContinuousNumeric<number, number>
): number[] {
	const top: number[] = [];
	const bottom: number[] = [];
	for (let i = 0; i < xs.length; i++) {
		const a = y(lo[i] as number);
		const b = y(hi[i] as number);
		if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
		const px = x(xs[i] as number);
		top.push(px, b);
		bottom.push(px, a);
	}
	// Back along the lower curve, right to left.
	for (let i = bottom.length - 2; i >= 0; i -= 2) top.push(bottom[i] as number, bottom[i + 1] as number);
	return top;
}
