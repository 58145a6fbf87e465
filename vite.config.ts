import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';

// sqlite-wasm's index.mjs names two helper workers with `new URL(…, import.meta.url)`, so Vite emits them beside the
// database and parse workers (≈ 240 KB) although Runboard never starts them:
//  - sqlite3-worker1.mjs, for sqlite3Worker1Promiser (Runboard talks to its own workers over comlink);
//  - sqlite3-opfs-async-proxy.js, for the "opfs" VFS, which installs itself only on cross-origin-isolated pages
//    (SharedArrayBuffer) and which Runboard does not use (its database is on the "opfs-sahpool" VFS).
// This plugin (for the worker bundles, where sqlite-wasm is imported) turns those two URLs into a thrown error, so
// nothing is emitted. Were either ever asked for, sqlite-wasm gets the error where a missing file would have failed:
// the "opfs" installer catches it and carries on without that VFS (no 4 s wait for a worker that never answers).

const HELPERS = ['sqlite3-worker1.mjs', 'sqlite3-opfs-async-proxy.js'];

function dropUnusedSqliteHelpers(): Plugin {
	return {
		name: 'runboard:drop-unused-sqlite-helpers',
		enforce: 'pre',
		transform(code, id) {
			if (!/@sqlite\.org[/\\]sqlite-wasm[/\\]dist[/\\]index\.mjs$/.test(id)) return undefined;
			let out = code;
			for (const helper of HELPERS) {
				const reference = `new URL("${helper}", import.meta.url)`;
				if (!out.includes(reference))
					throw new Error(`sqlite-wasm no longer names ${helper} as expected: review vite.config.ts`);
				out = out.replaceAll(
					reference,
					`(() => { throw new Error("${helper} is not part of Runboard's build"); })()`
				);
			}
			return { code: out, map: null };
		}
	};
}

export default defineConfig({
	plugins: [sveltekit()],
	// sqlite-wasm locates its .wasm through import.meta.url: pre-bundling would break that.
	optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
	// Worker bundles get their own plugins: sqlite-wasm is imported there, and its unused helper workers dropped.
	worker: { format: 'es', plugins: () => [dropUnusedSqliteHelpers()] },
	// The database worker lives in workers/, outside src/: the dev server must be allowed to serve it.
	server: { host: '127.0.0.1', port: 5173, fs: { allow: ['workers'] } },
	preview: { host: '127.0.0.1', port: 4173 },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		// Two files at a time: on CI's two cores Vitest's default (one worker fewer than the cores) runs them one after
		// the other (about 120 s instead of 75 s).
		maxWorkers: 2
	}
});
