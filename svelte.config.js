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
//  - worker-src 'self': the database worker is a module worker emitted by Vite under _app/immutable/workers/.
//  - connect-src: the demo zip ('self'), URL imports (any https origin, or http on this machine, the same rule
//    fetch-import.ts enforces); MLflow servers are read from the worker, which a page <meta> policy does not cover.
//  - img-src / media-src blob: data:: artifact previews and chart exports; frame-src blob:: HTML/SVG/PDF artifact
//    previews in <iframe sandbox="allow-scripts"> from blob: URLs (an opaque origin, never this one).
//  - style-src 'self': component CSS is emitted as files; inline styles only through the CSSOM (style: directives,
//    d3 .style()), which CSP allows, so no 'unsafe-inline'.
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
		'frame-src': ['blob:'],
		'font-src': ['self'],
		'style-src': ['self'],
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
		csp
	}
};
