// Colour-by: a sequential scale for numeric values, the run palette for categories.
import { extent, interpolateViridis, scaleSequential } from 'd3';
import { runColor } from '../palette';
import { naturalCompare, type Value } from './scales';

export interface ColorScale {
	color: (v: Value) => string;
	/** For the legend: categories with their colours, or the numeric range. */
	legend:
		| { kind: 'category'; items: { label: string; color: string }[] }
		| { kind: 'numeric'; min: number; max: number };
}

const MISSING = '#b0b0b0';

export function colorScale(values: readonly Value[]): ColorScale {
	const present = values.filter((v): v is string | number => v !== null);
	if (present.length > 0 && present.every((v) => typeof v === 'number')) {
		const [lo = 0, hi = 1] = extent((present as number[]).filter(Number.isFinite));
		const seq = scaleSequential(interpolateViridis).domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi]);
		return {
			color: (v) => (typeof v === 'number' && Number.isFinite(v) ? seq(v) : MISSING),
			legend: { kind: 'numeric', min: lo, max: hi }
		};
	}
	const categories = [...new Set(present.map(String))].sort(naturalCompare);
	const index = new Map(categories.map((c, i) => [c, i]));
	return {
		color: (v) => (v === null ? MISSING : runColor(index.get(String(v)) ?? 0)),
		legend: {
			kind: 'category',
			items: categories.slice(0, 12).map((c, i) => ({ label: c, color: runColor(i) }))
		}
	};
}
