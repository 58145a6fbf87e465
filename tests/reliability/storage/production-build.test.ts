// The storage-fault hook exists only in the e2e build: `npm run build` (no VITE_RUNBOARD_TEST_HOOKS) must leave
// out both its halves — the worker's wrapper and the page's window.__runboardFaults — not merely not call them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'runboard-production-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scripts(root: string): string[] {
	return readdirSync(root).flatMap((name) => {
		const full = join(root, name);
		if (statSync(full).isDirectory()) return scripts(full);
		return name.endsWith('.js') ? [full] : [];
	});
}

it('a production build holds no test hook (storage faults, ending the worker, the insert floor)', () => {
	const env: NodeJS.ProcessEnv = { ...process.env, BUILD_DIR: dir };
	// As `npm run build` runs: no test hooks, and not the test mode Vitest sets for itself.
	delete env.VITE_RUNBOARD_TEST_HOOKS;
	delete env.NODE_ENV;
	delete env.VITEST;
	delete env.TEST;
	execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { env, stdio: 'inherit' });
	const files = scripts(dir);
	expect(files.some((f) => f.includes('db.worker'))).toBe(true);
	const markers = [
		'Injected fault',
		'armStorageFault',
		'storageFaultState',
		'__runboardFaults',
		'__runboardKill',
		// The benchmark's insert floor (workers/db/bench.ts): a test-build hook too, beside DbApi.
		'bench_floor',
		'__runboardBench'
	];
	const found = files.flatMap((f) =>
		markers.filter((m) => readFileSync(f, 'utf8').includes(m)).map((m) => `${m} in ${f}`)
	);
	expect(found).toEqual([]);
	// The watcher that tells a full disk apart is not a test hook: it ships.
	expect(files.some((f) => readFileSync(f, 'utf8').includes('QuotaExceededError'))).toBe(true);
}, 300_000);
