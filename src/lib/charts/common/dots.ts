// Dots of the scatter and contour charts. Up to DENSE_DOTS they are one <circle> each (hover per dot, data
// attributes for tests); beyond, one <path> per colour holds them all: 10,000 runs as 20,000 circles with their
// listeners took about a second to create, a few paths take milliseconds. Hover then finds the nearest dot.
import type { RunPoint } from './types';

export const DENSE_DOTS = 2_000;

export interface Dot {
	cx: number;
	cy: number;
	fill: string;
	p: RunPoint;
}

/** One path per fill colour, each dot a circle of radius r drawn as two arcs. */
export function dotPaths(dots: readonly Dot[], r: number): { fill: string; d: string }[] {
	const byFill = new Map<string, string[]>();
	for (const { cx, cy, fill } of dots) {
		let parts = byFill.get(fill);
		if (!parts) byFill.set(fill, (parts = []));
		parts.push(`M${cx - r},${cy}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`);
	}
	return [...byFill].map(([fill, parts]) => ({ fill, d: parts.join('') }));
}

/** The dot nearest to (x, y) within `reach` (chart units), or null. */
export function nearestDot(dots: readonly Dot[], x: number, y: number, reach: number): Dot | null {
	let best: Dot | null = null;
	let bestD = reach * reach;
	for (const dot of dots) {
		const d = (dot.cx - x) ** 2 + (dot.cy - y) ** 2;
		if (d <= bestD) {
			bestD = d;
			best = dot;
		}
	}
	return best;
}
