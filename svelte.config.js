import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// BASE_PATH lets the same build be hosted under a sub-path (e.g. GitHub project pages: /runboard).
/** @type {'' | `/${string}`} */
const base = /** @type {any} */ (process.env.BASE_PATH ?? '');
if (base && (!base.startsWith('/') || base.endsWith('/'))) {
	throw new Error(`BASE_PATH must start with "/" and not end with "/" (got "${base}")`);
}

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
		alias: { $workers: 'workers' }
	}
};
