// Statistics the charts draw: box plots (quartiles, 1.5 IQR whiskers, outliers) and per-group summaries.
import { quantileSorted } from 'd3';

export interface BoxStats {
	n: number;
	q1: number;
	median: number;
	q3: number;
	/** Furthest values within 1.5 IQR of the box. */
	whiskerLow: number;
	whiskerHigh: number;
	outliers: number[];
	mean: number;
}

/** Box statistics of the finite values (NaN and ±Infinity are left out); null when none remain. */
export function boxStats(values: readonly number[]): BoxStats | null {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	const q1 = quantileSorted(sorted, 0.25)!;
	const median = quantileSorted(sorted, 0.5)!;
	const q3 = quantileSorted(sorted, 0.75)!;
	const iqr = q3 - q1;
	const lowFence = q1 - 1.5 * iqr;
	const highFence = q3 + 1.5 * iqr;
	const inside = sorted.filter((v) => v >= lowFence && v <= highFence);
	return {
		n: sorted.length,
		q1,
		median,
		q3,
		whiskerLow: inside[0] ?? q1,
		whiskerHigh: inside[inside.length - 1] ?? q3,
		outliers: sorted.filter((v) => v < lowFence || v > highFence),
		mean: sorted.reduce((s, v) => s + v, 0) / sorted.length
	};
}

export interface GroupStats {
	n: number;
	mean: number;
	min: number;
	max: number;
	/** Population standard deviation (0 for one value). */
	std: number;
}

/** Mean, min, max and standard deviation of the finite values; null when there are none. */
export function groupStats(values: readonly number[]): GroupStats | null {
	const finite = values.filter(Number.isFinite);
	if (finite.length === 0) return null;
	const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
	const variance = finite.reduce((s, v) => s + (v - mean) ** 2, 0) / finite.length;
	return {
		n: finite.length,
		mean,
		min: finite.reduce((a, v) => Math.min(a, v)),
		max: finite.reduce((a, v) => Math.max(a, v)),
		std: Math.sqrt(variance)
	};
}

/** Items grouped by a key, groups in first-seen order; items without a key go to `missingLabel`. */
export function groupBy<T>(
	items: readonly T[],
	key: (item: T) => string | null,
	missingLabel = '(none)'
): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const k = key(item) ?? missingLabel;
		const list = groups.get(k);
		if (list) list.push(item);
		else groups.set(k, [item]);
	}
	return groups;
}
