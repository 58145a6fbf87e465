import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// BASE_PATH lets the same build be hosted under a sub-path (e.g. GitHub project pages: /runboard).
/** @type {'' | `/${string}`} */
const base = /** @type {any} */ (process.env.BASE_PATH ?? '');
if (base && (!base.startsWith('/') || base.endsWith('/'))) {
	throw new Error(`BASE_PATH must start with "/" and not end with "/" (got "${base}")`);
}

// Content-Security-Policy. Prerendered pages get it as a <meta http-equiv> tag with the hashes of SvelteKit's own
// inline bootstrap script; nothing else inline may run. Why each source is allowed:
//  - script-src 'wasm-unsafe-eval': compiling the SQLite WebAssembly module (never 'unsafe-eval').
//  - worker-src 'self': the database worker, the import's parse worker and the tab broker are module workers
//    emitted by Vite under _app/immutable/workers/; the service worker is <base>/service-worker.js.
//  - connect-src: the demo zip ('self'), URL imports (any https origin, or http on this machine, the same rule
//    fetch-import.ts enforces); MLflow servers are read from the worker, which a page <meta> policy does not cover.
//  - img-src / media-src blob: data:: raster pictures, sound and video of artifacts, rasterised SVGs, chart exports.
//  - frame-src 'none': HTML/SVG artifact documents are shown only as the srcdoc of a sandboxed frame (never from
//    a URL: a blob: URL would be this origin's document when opened in a new tab), and srcdoc is not fetched.
//  - style-src 'self': component CSS is emitted as files; inline styles only through the CSSOM (style: directives,
//    d3 .style()), which CSP allows, so no 'unsafe-inline'; style-src-attr: the route announcer's one attribute.
// SvelteKit's route announcer (a visually hidden live region it renders after client-side navigations) is the
// one element with a style attribute. Allow exactly that attribute by its hash ('unsafe-hashes' covers style
// attributes only here), read from SvelteKit's root template so an upgrade keeps it in step; if it ever moves,
// the CSP e2e test reports the violation.
function announcerStyleHash() {
	const root = readFileSync('node_modules/@sveltejs/kit/src/core/sync/write_root.js', 'utf8');
	const style = root.match(/id="svelte-announcer"[^>]*style="([^"]+)"/)?.[1];
	return style ? [`sha256-${createHash('sha256').update(style).digest('base64')}`] : [];
}

/** @type {import('@sveltejs/kit').KitConfig['csp']} */
const csp = {
	mode: 'hash',
	directives: {
		'default-src': ['self'],
		'script-src': ['self', 'wasm-unsafe-eval'],
		'worker-src': ['self'],
		'connect-src': ['self', 'https:', 'http://localhost:*', 'http://127.0.0.1:*'],
		'img-src': ['self', 'blob:', 'data:'],
		'media-src': ['self', 'blob:'],
		'frame-src': ['none'],
		'font-src': ['self'],
		'style-src': ['self'],
		'style-src-attr': ['unsafe-hashes', .../** @type {any[]} */ (announcerStyleHash())],
		'object-src': ['none'],
		'base-uri': ['self'],
		'form-action': ['self']
	}
};

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({
			pages: process.env.BUILD_DIR ?? 'build',
			assets: process.env.BUILD_DIR ?? 'build',
			// Static hosts serve 404.html for unknown paths: that is the SPA entry for deep links.
			fallback: '404.html',
			precompress: false,
			strict: true
		}),
		// Absolute asset paths: the 404.html fallback is served at any depth, where relative ones would break.
		paths: { base, relative: false },
		alias: { $workers: 'workers' },
		// src/service-worker.ts is registered by src/lib/components/UpdatePrompt.svelte, not by SvelteKit's inline
		// snippet: the page needs the registration to notice a waiting version and offer the update, and the dev
		// server (which has no built files to save) registers none. worker-src 'self' below allows it.
		// Dotfiles (.nojekyll) are for the host, which need not serve them: one failed fetch would fail the install.
		serviceWorker: {
			register: false,
			files: (file) => !file.split('/').some((part) => part.startsWith('.'))
		},
		csp
	}
};
