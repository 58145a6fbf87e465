// Sorting the runs table in the worker's JS, not in SQL: SQLite's sorter takes ~250 ms for 100,000 runs in wasm,
// while a column's order read off an index (runs-table-ranks.ts) plus a typed-array sort here takes a few tens.
// Pure: no SQL, tested in tests/unit/runs-table-query.test.ts through the API.

/**
 * One sort column as ranks by run_pk: 0 = the run lacks the value, -1 = NaN, n > 0 = its place among the
 * distinct values, ascending (equal values share a rank).
 */
export interface ColumnRanks {
	ranks: Int32Array;
	/** The highest rank given. */
	max: number;
}

export interface SortKey extends ColumnRanks {
	descending: boolean;
}

/** Present values first (flipped when descending), then NaN, then missing — whichever the direction. */
function sortValue(key: SortKey, pk: number): number {
	const r = pk < key.ranks.length ? (key.ranks[pk] as number) : 0;
	if (r > 0) return key.descending ? key.max + 1 - r : r;
	return r === -1 ? key.max + 1 : key.max + 2;
}

const POSITION_BITS = 2 ** 21;

/**
 * `base` (the matching runs in the default order) reordered by the keys; ties keep the base order. Each pass packs
 * (value, position) into one float and sorts natively, which is stable by the position; passes go from the last
 * key to the first, so the first key decides and later ones break its ties (a comparator sort of 100,000 runs
 * over two keys took ~0.5 s; a pass takes ~10 ms). Past 2M runs or ranks a comparator sort does it.
 */
export function sortRunPks(base: Int32Array, keys: SortKey[]): Int32Array {
	if (keys.length === 0) return base;
	const n = base.length;
	if (n < POSITION_BITS && keys.every((key) => key.max + 2 < POSITION_BITS)) {
		let order = base;
		const packed = new Float64Array(n);
		for (let k = keys.length - 1; k >= 0; k--) {
			const key = keys[k] as SortKey;
			for (let i = 0; i < n; i++) packed[i] = sortValue(key, order[i] as number) * POSITION_BITS + i;
			packed.sort();
			const next = new Int32Array(n);
			for (let i = 0; i < n; i++) next[i] = order[(packed[i] as number) % POSITION_BITS] as number;
			order = next;
		}
		return order;
	}
	const columns = keys.map((key) => Int32Array.from(base, (pk) => sortValue(key, pk)));
	const order = Uint32Array.from({ length: n }, (_, i) => i);
	order.sort((a, b) => {
		for (const c of columns) {
			const d = (c[a] as number) - (c[b] as number);
			if (d !== 0) return d;
		}
		return a - b;
	});
	return Int32Array.from(order, (i) => base[i] as number);
}

/**
 * Ranks of values given in ascending order (SQL's ORDER BY, e.g. off an index): equal neighbours share a rank;
 * null (a metric's NaN) ranks -1. Dense ranks here in JS: SQLite's dense_rank() costs ~5x more at 100,000 runs.
 */
export function orderedRanks(pks: number[], values: (number | string | null)[], size: number): ColumnRanks {
	const ranks = new Int32Array(size);
	let rank = 0;
	let previous: number | string | null | undefined;
	pks.forEach((pk, i) => {
		const v = values[i] as number | string | null;
		if (v === null) {
			ranks[pk] = -1;
			return;
		}
		if (v !== previous) rank++;
		previous = v;
		ranks[pk] = rank;
	});
	return { ranks, max: rank };
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Ranks of text values (params, tags) given in text order: those that read as numbers ("0.1", "10", "1e-3")
 * rank first, numerically; the others after, in the text order they came in.
 */
export function textRanks(pks: number[], values: string[], size: number): ColumnRanks {
	const ranks = new Int32Array(size);
	const numbers = values.map((v) => (NUMBER.test(v) ? Number(v) : NaN));
	const distinct = Float64Array.from(numbers.filter((x) => !Number.isNaN(x))).sort();
	let unique = 0;
	for (let i = 0; i < distinct.length; i++) {
		if (i === 0 || distinct[i] !== distinct[unique - 1]) distinct[unique++] = distinct[i] as number;
	}
	const numeric = distinct.subarray(0, unique);
	let textRank = unique;
	let previous: string | undefined;
	pks.forEach((pk, i) => {
		const x = numbers[i] as number;
		if (!Number.isNaN(x)) {
			ranks[pk] = binarySearch(numeric, x) + 1;
		} else {
			if (values[i] !== previous) textRank++;
			previous = values[i];
			ranks[pk] = textRank;
		}
	});
	return { ranks, max: textRank };
}

function binarySearch(sorted: Float64Array, x: number): number {
	let lo = 0;
	let hi = sorted.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if ((sorted[mid] as number) < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
