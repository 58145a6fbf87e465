import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// sqlite-wasm locates its .wasm through import.meta.url: pre-bundling would break that.
	optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
	worker: { format: 'es' },
	// The database worker lives in workers/, outside src/: the dev server must be allowed to serve it.
	server: { host: '127.0.0.1', port: 5173, fs: { allow: ['workers'] } },
	preview: { host: '127.0.0.1', port: 4173 },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000
	}
});
