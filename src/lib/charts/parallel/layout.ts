// Parallel coordinates, the maths: one axis per field, every run's pixel y on every axis computed once, so a
// brush move is a scan over a Float32Array (10,000 runs × 20 axes = 200,000 compares) and a canvas redraw.
import type { AxisBrush } from '$lib/compare/state';
import { makeScale, position, type AxisScale, type Value } from '../common/scales';

export interface ParallelColumn {
	id: string;
	label: string;
	values: readonly Value[];
}

export interface ParallelAxis {
	id: string;
	label: string;
	x: number;
	scale: AxisScale;
}

export interface ParallelLayout {
	axes: ParallelAxis[];
	runs: number;
	/** ys[run * axes.length + axis]: pixel y, NaN where the run has no (placeable) value. */
	ys: Float32Array;
	top: number;
	bottom: number;
}

export function buildLayout(
	columns: readonly ParallelColumn[],
	width: number,
	height: number,
	logAxes: readonly string[],
	margin = { top: 28, bottom: 16, left: 60, right: 60 }
): ParallelLayout {
	const runs = columns[0]?.values.length ?? 0;
	const k = columns.length;
	const span = Math.max(1, width - margin.left - margin.right);
	const top = margin.top;
	const bottom = height - margin.bottom;
	const axes = columns.map((c, i) => ({
		id: c.id,
		label: c.label,
		x: margin.left + (k === 1 ? span / 2 : (span * i) / (k - 1)),
		scale: makeScale(c.values, [bottom, top], logAxes.includes(c.id))
	}));
	const ys = new Float32Array(runs * k);
	columns.forEach((c, a) => {
		const axis = axes[a]!.scale;
		for (let r = 0; r < runs; r++) ys[r * k + a] = position(axis, c.values[r] ?? null) ?? NaN;
	});
	return { axes, runs, ys, top, bottom };
}

/** A brush's pixel extent [y0 ≤ y1] on an axis; null when it selects nothing placeable. */
export function brushToPixels(axis: ParallelAxis, brush: AxisBrush): [number, number] | null {
	if ('range' in brush) {
		if (axis.scale.kind !== 'numeric') return null;
		const a = position(axis.scale, brush.range[0]);
		const b = position(axis.scale, brush.range[1]);
		if (a === null || b === null) return null;
		return [Math.min(a, b), Math.max(a, b)];
	}
	if (axis.scale.kind !== 'category') return null;
	const scale = axis.scale.scale;
	const ps = brush.values.flatMap((v) => scale(v) ?? []);
	if (ps.length === 0) return null;
	const pad = Math.max(2, scale.step() / 4);
	return [Math.min(...ps) - pad, Math.max(...ps) + pad];
}

/** The brush a pixel extent stands for: values at the ends (numeric) or the categories inside. */
export function pixelsToBrush(axis: ParallelAxis, [y0, y1]: [number, number]): AxisBrush {
	if (axis.scale.kind === 'numeric') {
		const a = axis.scale.scale.invert(y0);
		const b = axis.scale.scale.invert(y1);
		return { range: [Math.min(a, b), Math.max(a, b)] };
	}
	const scale = axis.scale.scale;
	return { values: scale.domain().filter((c) => (scale(c) ?? -1) >= y0 && (scale(c) ?? -1) <= y1) };
}

/**
 * Which runs lie inside every active brush (pixel extents per axis, null = no brush on that axis). A run with no
 * value on a brushed axis is outside. Writes 1/0 into `mask` and returns the count.
 */
export function highlight(
	layout: ParallelLayout,
	extents: readonly ([number, number] | null)[],
	mask: Uint8Array
): number {
	const k = layout.axes.length;
	const active: number[] = [];
	extents.forEach((e, a) => e && active.push(a));
	let count = 0;
	for (let r = 0; r < layout.runs; r++) {
		let inside = 1;
		for (const a of active) {
			const y = layout.ys[r * k + a]!;
			const [y0, y1] = extents[a]!;
			// NaN fails both comparisons: runs without the value drop out.
			if (!(y >= y0 && y <= y1)) {
				inside = 0;
				break;
			}
		}
		mask[r] = inside;
		count += inside;
	}
	return count;
}

/** Strokes the polylines of the runs for which `include(run)` holds, breaking lines at missing values. */
export function traceRuns(
	ctx: CanvasRenderingContext2D,
	layout: ParallelLayout,
	runs: Iterable<number>
): void {
	const k = layout.axes.length;
	const xs = layout.axes.map((a) => a.x);
	for (const r of runs) {
		let pen = false;
		for (let a = 0; a < k; a++) {
			const y = layout.ys[r * k + a]!;
			if (Number.isNaN(y)) {
				pen = false;
				continue;
			}
			if (pen) ctx.lineTo(xs[a]!, y);
			else ctx.moveTo(xs[a]!, y);
			pen = true;
		}
	}
}

/** Each run's colour as an index into the distinct colours (runs of one colour are stroked as one path). */
export function colorIndex(colors: readonly string[]): { index: Uint16Array; palette: string[] } {
	const palette: string[] = [];
	const seen = new Map<string, number>();
	const index = new Uint16Array(colors.length);
	colors.forEach((c, r) => {
		let i = seen.get(c);
		if (i === undefined) {
			i = palette.length;
			seen.set(c, i);
			palette.push(c);
		}
		index[r] = i;
	});
	return { index, palette };
}

/**
 * The run whose line passes closest to (px, py), among those with mask 1 (all when mask is null), if within
 * `maxDistance` pixels vertically. Lines are straight between neighbouring axes, so this is one interpolation per
 * run: cheap enough for every pointer move over 10,000 runs.
 */
export function nearestRun(
	layout: ParallelLayout,
	mask: Uint8Array | null,
	px: number,
	py: number,
	maxDistance = 6
): number | null {
	const k = layout.axes.length;
	if (k === 0) return null;
	let a = 0;
	while (a < k - 2 && px > layout.axes[a + 1]!.x) a++;
	const x0 = layout.axes[a]!.x;
	const x1 = k > 1 ? layout.axes[a + 1]!.x : x0;
	if (px < x0 - maxDistance || px > x1 + maxDistance) return null;
	const t = x1 === x0 ? 0 : Math.min(1, Math.max(0, (px - x0) / (x1 - x0)));
	let best: number | null = null;
	let bestDistance = maxDistance;
	for (let r = 0; r < layout.runs; r++) {
		if (mask && mask[r] !== 1) continue;
		const y0 = layout.ys[r * k + a]!;
		const y1 = k > 1 ? layout.ys[r * k + a + 1]! : y0;
		const y = t === 0 ? y0 : t === 1 ? y1 : y0 + t * (y1 - y0);
		const d = Math.abs(y - py);
		// NaN (a missing value) never compares smaller.
		if (d <= bestDistance) {
			best = r;
			bestDistance = d;
		}
	}
	return best;
}
