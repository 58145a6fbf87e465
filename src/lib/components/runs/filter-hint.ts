// Why a filter found nothing, when the reason is a key no run has: MLflow matches nothing for an unknown param,
// metric or tag key (it is not an error), which reads like "no run is good enough". The hint names the key and,
// when one is close, the key the person probably meant. Pure: tested in tests/unit/filter-hint.test.ts.
import type { RunColumns } from '$lib/api/db-api';
import type { Filter } from '$lib/search/ast';
import { parseFilter } from '$lib/search/parse';

const PREFIX = { metric: 'metrics', param: 'params', tag: 'tags' } as const;

/** Edit distance, bounded: keys are short and only near misses matter. */
function distance(a: string, b: string): number {
	if (Math.abs(a.length - b.length) > 3) return 99;
	let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++)
			row[j] = Math.min(
				(prev[j] as number) + 1,
				(row[j - 1] as number) + 1,
				(prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)
			);
		prev = row;
	}
	return prev[b.length] as number;
}

function conditionsOf(filter: Filter): Filter['conditions'] {
	return [...filter.conditions, ...(filter.anyOf ?? []).flat().flatMap(conditionsOf)];
}

/** The hint for a filter over these columns, or '' when every key it names is one some run has. */
export function unknownKeyHint(filterText: string, keys: RunColumns): string {
	let filter: Filter;
	try {
		filter = parseFilter(filterText);
	} catch {
		return '';
	}
	const known = { metric: keys.metrics, param: keys.params, tag: keys.tags };
	for (const c of conditionsOf(filter)) {
		if (c.entity !== 'metric' && c.entity !== 'param' && c.entity !== 'tag') continue;
		const names = known[c.entity].map((k) => k.key);
		if (names.includes(c.key)) continue;
		const near = names
			.map((n) => ({ n, d: distance(c.key.toLowerCase(), n.toLowerCase()) }))
			.filter((x) => x.d <= 2)
			.sort((x, y) => x.d - y.d)[0];
		const name = `${PREFIX[c.entity]}.${c.key}`;
		return `No run here has ${name}, so it matches nothing (as in MLflow).${near ? ` Did you mean ${PREFIX[c.entity]}.${near.n}?` : ''}`;
	}
	return '';
}
