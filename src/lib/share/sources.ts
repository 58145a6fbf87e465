// Which URL the data of an experiment came from, so that a copied link can carry it (`?url=…&view=…`) and the
// person opening it imports the same file first. Imported data is not changed for this: the record is a small
// map in this origin's localStorage, experiment id → URL, written when an import from a URL finishes. It is
// a hint, never trusted for anything but building a link: if it is lost or stale, links carry only the view.

const KEY = 'runboard:url-sources';
/** Enough for every experiment a person imports from links; the oldest entries go first. */
const MAX_ENTRIES = 500;

export type SourceStore = Pick<Storage, 'getItem' | 'setItem'>;

function read(store: SourceStore): Record<string, string> {
	try {
		const parsed: unknown = JSON.parse(store.getItem(KEY) ?? '{}');
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
		return Object.fromEntries(
			Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string')
		);
	} catch {
		return {};
	}
}

/** Notes that these experiments were (re)imported from `url`. */
export function rememberSource(store: SourceStore, experimentIds: string[], url: string): void {
	const map = read(store);
	for (const id of experimentIds) {
		delete map[id]; // re-inserted last: insertion order is the age order
		map[id] = url;
	}
	const entries = Object.entries(map).slice(-MAX_ENTRIES);
	try {
		store.setItem(KEY, JSON.stringify(Object.fromEntries(entries)));
	} catch {
		// A full localStorage only costs the link its URL; the import itself is done.
	}
}

/**
 * The one URL all of these experiments came from; null when any of them was not imported from a URL or they
 * came from different URLs (a link carries one file).
 */
export function sourceOf(store: SourceStore, experimentIds: string[]): string | null {
	const map = read(store);
	const urls = new Set(experimentIds.map((id) => map[id] ?? null));
	if (urls.size !== 1) return null;
	return [...urls][0] ?? null;
}

/** The browser's localStorage, or a store that remembers nothing where there is none (tests, blocked storage). */
export function browserStore(): SourceStore {
	try {
		if (typeof localStorage !== 'undefined') return localStorage;
	} catch {
		// a sandboxed frame throws on access
	}
	return { getItem: () => null, setItem: () => undefined };
}
