// Scales shared by the compare charts: numeric values get a linear (or log) scale, anything else a point scale
// over the distinct values. Pure, so charts render the same on the server (goldens) and in the page.
import {
	extent,
	scaleLinear,
	scaleLog,
	scalePoint,
	type ScaleLinear,
	type ScaleLogarithmic,
	type ScalePoint
} from 'd3';

export type AxisScale =
	| { kind: 'numeric'; scale: ScaleLinear<number, number> | ScaleLogarithmic<number, number>; log: boolean }
	| { kind: 'category'; scale: ScalePoint<string> };

export type Value = string | number | null;

/** Finite numbers only: NaN, ±Infinity and non-numeric text have no place on a numeric axis. */
export const isPlottable = (v: Value): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A scale for `values` over `range`: numeric when every present value is a number; log when asked and every
 * value is positive (otherwise linear, silently: a log axis cannot show 0). A single value gets a small span.
 */
export function makeScale(values: readonly Value[], range: [number, number], log = false): AxisScale {
	const present = values.filter((v): v is string | number => v !== null);
	if (present.every((v) => typeof v === 'number')) {
		const nums = (present as number[]).filter(Number.isFinite);
		let [lo, hi] = extent(nums) as [number | undefined, number | undefined];
		if (lo === undefined || hi === undefined) [lo, hi] = [0, 1];
		const useLog = log && lo > 0;
		if (lo === hi) {
			const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
			[lo, hi] = useLog ? [lo / 2, hi * 2] : [lo - pad, hi + pad];
		}
		const scale = useLog
			? scaleLog().domain([lo, hi]).range(range).nice()
			: scaleLinear().domain([lo, hi]).range(range).nice();
		return { kind: 'numeric', scale, log: useLog };
	}
	const categories = [...new Set(present.map(String))].sort(naturalCompare);
	return { kind: 'category', scale: scalePoint<string>().domain(categories).range(range).padding(0.5) };
}

/** Pixel position of a value on a scale; null when the value cannot be placed. */
export function position(axis: AxisScale, v: Value): number | null {
	if (v === null) return null;
	if (axis.kind === 'numeric') {
		if (typeof v !== 'number' || !Number.isFinite(v) || (axis.log && v <= 0)) return null;
		return axis.scale(v);
	}
	return axis.scale(String(v)) ?? null;
}

/** Numbers in numeric order, then text ("2" before "10"). */
export function naturalCompare(a: string, b: string): number {
	const x = Number(a);
	const y = Number(b);
	if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
	return a.localeCompare(b);
}

export interface Tick {
	position: number;
	label: string;
}

/** Tick positions and labels of an axis (category labels cut to `maxChars`). */
export function axisTicks(axis: AxisScale, count = 6, maxChars = 14): Tick[] {
	if (axis.kind === 'category') {
		return axis.scale.domain().map((c) => ({
			position: axis.scale(c) ?? 0,
			label: c.length > maxChars ? `${c.slice(0, maxChars - 1)}…` : c
		}));
	}
	const format = axis.scale.tickFormat(count, axis.log ? '~g' : undefined);
	const ticks = axis.scale.ticks(count);
	// Log axes over many decades produce crowded ticks: keep the labelled ones.
	return ticks.map((t) => ({ position: axis.scale(t), label: format(t) })).filter((t) => t.label !== '');
}

/** Rounds for SVG attributes: stable text for goldens, smaller DOM. */
export const px = (n: number): number => Math.round(n * 10) / 10;
