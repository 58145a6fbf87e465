// The hover read-out: for an x under the pointer, every series' point nearest to it (by x), with the value shown
// and, when smoothing, the raw value too. Also what the e2e tests read to check drawn values against the DB.
import type { DrawnSeries } from './data';
import { shownValues } from './data';

export interface HoverRow {
	id: string;
	label: string;
	color: string;
	x: number;
	value: number;
	raw: number;
}

/** Index of the point of `xs` (sorted) nearest to `x`; -1 when empty. */
export function nearestIndex(xs: Float64Array, x: number): number {
	if (!xs.length) return -1;
	let lo = 0;
	let hi = xs.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((xs[mid] as number) < x) lo = mid + 1;
		else hi = mid;
	}
	if (lo > 0 && Math.abs((xs[lo - 1] as number) - x) <= Math.abs((xs[lo] as number) - x)) return lo - 1;
	return lo;
}

/**
 * Rows for the tooltip, sorted by value (largest first). A series is left out when x lies more than `tolerance`
 * (x units) beyond its first or last point, so a run that ended earlier does not report a stale value.
 */
export function hoverRows(series: DrawnSeries[], x: number, tolerance: number): HoverRow[] {
	const rows: HoverRow[] = [];
	for (const s of series) {
		const i = nearestIndex(s.x, x);
		if (i < 0 || x < (s.x[0] as number) - tolerance || x > (s.x[s.x.length - 1] as number) + tolerance)
			continue;
		rows.push({
			id: s.id,
			label: s.label,
			color: s.color,
			x: s.x[i] as number,
			value: shownValues(s)[i] as number,
			raw: s.y[i] as number
		});
	}
	const rank = (v: number) =>
		Number.isFinite(v) ? v : v === Infinity ? Number.MAX_VALUE : -Number.MAX_VALUE;
	return rows.sort((a, b) => rank(b.value) - rank(a.value));
}
