// The standings table's own order, chosen by clicking a header: by rank (the default), participant, run count or
// one param of the best runs. Pure: tested in tests/unit/leaderboard-sort.test.ts.
import type { Standing } from './rank';

/** `rank`, `participant`, `runs`, or `param:<key>`. */
export type SortKey = 'rank' | 'participant' | 'runs' | `param:${string}`;

export interface TableSort {
	key: SortKey;
	descending: boolean;
}

export const DEFAULT_SORT: TableSort = { key: 'rank', descending: false };

export function isSortKey(text: string): text is SortKey {
	return text === 'rank' || text === 'participant' || text === 'runs' || /^param:./s.test(text);
}

/** A second click on the sorted column reverses it; another column starts ascending. */
export function toggleSort(sort: TableSort, key: SortKey): TableSort {
	return sort.key === key ? { key, descending: !sort.descending } : { key, descending: false };
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** Param values compare as numbers when both are numbers ("10" after "9"), else as text. */
function compareValues(a: string, b: string): number {
	if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b);
	return a.localeCompare(b, undefined, { numeric: true });
}

/**
 * `standings` (in rank order) sorted by `sort`. A row without the sorted value (no rank, no such param) stays
 * last whichever the direction, and rows that compare equal keep their rank order.
 */
export function sortStandings(standings: readonly Standing[], sort: TableSort): Standing[] {
	const sign = sort.descending ? -1 : 1;
	const key = sort.key;
	const valueOf = (s: Standing): string | number | undefined => {
		if (key === 'rank') return s.rank ?? undefined;
		if (key === 'participant') return s.participant;
		if (key === 'runs') return s.runs;
		return s.best?.params[key.slice('param:'.length)];
	};
	const order = new Map(standings.map((s, i) => [s, i]));
	return [...standings].sort((a, b) => {
		const x = valueOf(a);
		const y = valueOf(b);
		if (x === undefined || y === undefined) {
			if (x !== y) return x === undefined ? 1 : -1;
			return (order.get(a) ?? 0) - (order.get(b) ?? 0);
		}
		const c =
			typeof x === 'number' && typeof y === 'number'
				? x - y
				: typeof x === 'string' && typeof y === 'string'
					? key === 'participant'
						? x.localeCompare(y)
						: compareValues(x, y)
					: 0;
		return c !== 0 ? sign * c : (order.get(a) ?? 0) - (order.get(b) ?? 0);
	});
}

/** The keys of the params the best runs have, sorted: the Parameters header's sort buttons. */
export function paramKeys(standings: readonly Standing[]): string[] {
	const keys = new Set<string>();
	for (const s of standings) for (const key of Object.keys(s.best?.params ?? {})) keys.add(key);
	return [...keys].sort();
}
