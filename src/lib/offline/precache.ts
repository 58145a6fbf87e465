// What the service worker (src/service-worker.ts) saves for offline use, and how it finds it. Pure functions, so the
// unit tests check them without a browser.

/** Every cache this app makes starts with this; a cache with the prefix and another version is an old one. */
export const CACHE_PREFIX = 'runboard-';

export function cacheName(version: string): string {
	return `${CACHE_PREFIX}${version}`;
}

/** Caches to delete once the worker of `version` is active: older versions of this app, nothing of anyone else. */
export function staleCaches(names: readonly string[], version: string): string[] {
	return names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== cacheName(version));
}

// SvelteKit's `build` list names the worker entry files (they are assets of the page chunks) but not what the
// workers load themselves: their own chunks (`import … from "./chunks/x.js"`) and the SQLite wasm and OPFS proxy
// (`new URL("/base/_app/immutable/workers/assets/…")`). Those are found in the workers' text, so the list stays
// right whatever the bundler names them. Only names under the workers' folder count: nothing else can match.
const WORKER_REFERENCE =
	/["'`]((?:\.\.?\/|\/[^"'`\s]*\/_app\/immutable\/workers\/)[\w./-]+\.(?:m?js|wasm))["'`]/g;

/** URLs (same origin, under `workersRoot`) that the worker file at `fileUrl` loads. */
export function workerReferences(source: string, fileUrl: string, workersRoot: string): string[] {
	const found = new Set<string>();
	for (const match of source.matchAll(WORKER_REFERENCE)) {
		const url = new URL(match[1] ?? '', fileUrl);
		if (url.origin === new URL(fileUrl).origin && url.pathname.startsWith(workersRoot))
			found.add(url.pathname);
	}
	return [...found];
}

/** The worker scripts in a list of URLs: where the search for what workers load starts. */
export function isWorkerScript(path: string, workersRoot: string): boolean {
	return path.startsWith(workersRoot) && /\.m?js$/.test(path);
}
