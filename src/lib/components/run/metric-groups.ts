// The run page's chart grid: metric keys filtered by a search and grouped by their prefix (`train/`, `val/`, …).

export interface KeyGroup {
	/** The prefix without the slash; '' for keys without one. */
	name: string;
	keys: string[];
}

/** Case-insensitive substring search; several words must all match. */
export function filterKeys(keys: string[], query: string): string[] {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	if (!words.length) return keys;
	return keys.filter((k) => {
		const lower = k.toLowerCase();
		return words.every((w) => lower.includes(w));
	});
}

/** Groups by the text before the first '/', groups sorted by name (ungrouped keys first), keys sorted within. */
export function groupKeys(keys: string[]): KeyGroup[] {
	const groups = new Map<string, string[]>();
	for (const key of keys) {
		const slash = key.indexOf('/');
		const name = slash > 0 ? key.slice(0, slash) : '';
		let list = groups.get(name);
		if (!list) groups.set(name, (list = []));
		list.push(key);
	}
	const collator = new Intl.Collator('en', { numeric: true });
	return [...groups]
		.map(([name, list]) => ({ name, keys: list.sort(collator.compare) }))
		.sort((a, b) => (a.name === '' ? -1 : b.name === '' ? 1 : collator.compare(a.name, b.name)));
}
