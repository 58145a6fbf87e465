// Runboard's service worker: a hosted Runboard opens with the network off after one visit (all data is local).
// - Install saves this version's whole app (prerendered pages and the 404.html shell of deep links, JS/CSS, the
//   workers, what they load, the sqlite wasm, static files) in a cache named by the version. It never skips
//   waiting: a tab stays with the worker (and files) it started with until the user accepts the update prompt
//   (src/lib/components/UpdatePrompt.svelte), which asks the waiting worker to take over and reloads every tab.
// - Activate deletes the caches of older versions (only then: until now the old version's tabs still read them).
// - Fetch answers saved files from the cache; anything else goes to the network untouched and is never saved, so
//   runs fetched from links and cross-origin requests (MLflow servers) never land in the cache.
import { base, build, files, prerendered, version } from '$service-worker';
import { cacheName, isWorkerScript, staleCaches, workerReferences } from '$lib/offline/precache';
import { offlineFile, offlinePage } from '$lib/offline/offline-page';

// The few service-worker types used here, declared locally: `/// <reference lib="webworker" />` would change the
// globals of every file type-checked with this one (tsconfig.json checks src/ in one program, with the DOM lib).
interface ExtendableEvent extends Event {
	waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
	readonly request: Request;
	respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
	readonly location: Location;
	readonly clients: { claim(): Promise<void> };
	skipWaiting(): Promise<void>;
	addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
	addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
	addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
const sw = self as unknown as ServiceWorkerScope;
const CACHE = cacheName(version);
const WORKERS_ROOT = `${base}/_app/immutable/workers/`;
const SHELL = `${base}/404.html`; // the static host's fallback: the SPA entry for every page not prerendered

const listed = new Set([...build, ...files, ...prerendered, SHELL]);

/** Saves one URL; the workers' scripts are read for the files they load in turn. */
async function save(cache: Cache, path: string, seen: Set<string>): Promise<void> {
	if (seen.has(path)) return;
	seen.add(path);
	const response = await fetch(path, { cache: 'no-cache' });
	if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
	if (isWorkerScript(path, WORKERS_ROOT)) {
		const text = await response.clone().text();
		const url = new URL(path, sw.location.href).href;
		await Promise.all(workerReferences(text, url, WORKERS_ROOT).map((next) => save(cache, next, seen)));
	}
	await cache.put(path, response);
}

/** The paths this version saves, as recorded at install (the list plus what the workers load). */
async function savedPaths(cache: Cache): Promise<Set<string>> {
	return new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
}

sw.addEventListener('install', (event) => {
	// A failed install (network lost half-way) leaves no active worker of this version: tabs keep the old one.
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			const seen = new Set<string>();
			await Promise.all([...listed].map((path) => save(cache, path, seen)));
			await cache.put(`${base}/__runboard-precache.json`, Response.json([...seen]));
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			await Promise.all(staleCaches(await caches.keys(), version).map((name) => caches.delete(name)));
			// The first install takes the open tabs, which already run this version's files; after an update every
			// tab is reloaded by the prompt, so no tab ever talks to another version's files.
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if ((event.data as { type?: unknown } | null)?.type === 'skip-waiting') void sw.skipWaiting();
});

/** Pages: the saved page, else the app shell; when files are missing and the network is off, a clear message. */
async function page(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	const expected = (await (await cache.match(`${base}/__runboard-precache.json`))?.json()) as
		string[] | undefined;
	const saved = await savedPaths(cache);
	const missing = expected ? expected.filter((path) => !saved.has(path)).length : listed.size;
	if (missing === 0) {
		const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
		const hit = prerendered.includes(path) ? await cache.match(path) : undefined;
		return hit ?? (await cache.match(SHELL)) ?? fetch(request);
	}
	return fetch(request).catch(() => offlinePage(missing));
}

async function file(request: Request, url: URL): Promise<Response> {
	const hit = await caches.match(request, { cacheName: CACHE });
	if (hit) return hit;
	return fetch(request).catch(() => offlineFile(url.pathname));
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	// Other origins (URL imports, MLflow servers) and paths outside the app are left to the browser entirely.
	if (url.origin !== sw.location.origin || !url.pathname.startsWith(`${base}/`)) return;
	// A navigation to a file (the demo zip, the manifest, a file opened from a link) is that file, not a page.
	const isFile = /\.[a-z0-9]+$/i.test(url.pathname) && !url.pathname.endsWith('.html');
	if (request.mode === 'navigate' && !isFile) {
		event.respondWith(page(request, url));
		return;
	}
	if (listed.has(url.pathname) || url.pathname.startsWith(WORKERS_ROOT))
		event.respondWith(file(request, url));
	// Anything else on this origin (a run fetched from a link) goes to the network and is never cached.
});
