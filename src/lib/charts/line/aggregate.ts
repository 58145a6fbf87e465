// Grouped runs as one line: per x column, the mean of the member runs' values with a min–max or ±1 std band.
// Each run contributes its last finite value in a column (carried forward over empty columns within its own
// x-range), so runs logged at different steps still line up.
import type { DrawnSeries } from './data';
import { shownValues } from './data';
import type { LineSeriesInput } from './types';

export function aggregateGroups(
	series: DrawnSeries[],
	inputs: LineSeriesInput[],
	band: 'minmax' | 'std',
	domain: [number, number],
	columns: number
): DrawnSeries[] {
	const groups = new Map<string, DrawnSeries[]>();
	const colorOf = new Map<string, string>();
	series.forEach((s, i) => {
		const name = inputs[i]?.group ?? s.label;
		groups.set(name, [...(groups.get(name) ?? []), s]);
		if (!colorOf.has(name)) colorOf.set(name, s.color);
	});
	const [x0, x1] = domain;
	const n = Math.max(1, Math.floor(columns));
	const span = x1 - x0 || 1;
	const out: DrawnSeries[] = [];
	for (const [name, members] of groups) {
		const sums = new Float64Array(n);
		const squares = new Float64Array(n);
		const counts = new Float64Array(n);
		const lo = new Float64Array(n).fill(Infinity);
		const hi = new Float64Array(n).fill(-Infinity);
		for (const s of members) {
			const values = shownValues(s);
			const column = new Float64Array(n).fill(NaN);
			let first = n;
			let last = -1;
			for (let i = 0; i < s.x.length; i++) {
				const v = values[i] as number;
				let c = Math.floor((((s.x[i] as number) - x0) / span) * n);
				if (c === n && (s.x[i] as number) <= x1) c = n - 1; // the domain's right edge
				if (!Number.isFinite(v) || c < 0 || c >= n) continue;
				column[c] = v;
				first = Math.min(first, c);
				last = Math.max(last, c);
			}
			let carry = NaN;
			for (let c = first; c <= last; c++) {
				if (!Number.isNaN(column[c] as number)) carry = column[c] as number;
				sums[c] = (sums[c] as number) + carry;
				squares[c] = (squares[c] as number) + carry * carry;
				counts[c] = (counts[c] as number) + 1;
				lo[c] = Math.min(lo[c] as number, carry);
				hi[c] = Math.max(hi[c] as number, carry);
			}
		}
		const xs: number[] = [];
		const mean: number[] = [];
		const bandLo: number[] = [];
		const bandHi: number[] = [];
		for (let c = 0; c < n; c++) {
			const k = counts[c] as number;
			if (!k) continue;
			const m = (sums[c] as number) / k;
			const sd = Math.sqrt(Math.max(0, (squares[c] as number) / k - m * m));
			xs.push(x0 + ((c + 0.5) / n) * span);
			mean.push(m);
			bandLo.push(band === 'std' ? m - sd : (lo[c] as number));
			bandHi.push(band === 'std' ? m + sd : (hi[c] as number));
		}
		out.push({
			id: `group:${name}`,
			label: `${name} (${members.length} runs)`,
			color: colorOf.get(name) ?? '#444',
			x: Float64Array.from(xs),
			y: Float64Array.from(mean),
			band: { lo: Float64Array.from(bandLo), hi: Float64Array.from(bandHi) },
			total: members.length
		});
	}
	return out;
}
