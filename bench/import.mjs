// Import benchmark: 1,000 runs × 5 metrics × 200 steps (1M points) + 20 params each, imported through the import
// page from a folder, from a zip, and as an mlflow.db, each into a fresh browser profile; the raw insert floor of
// the same 1M rows is measured in the same page right after. Target: import time ≤ 2× the floor's time.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMlflowDb, writeMlrunsTree, zipTree } from './generate-import-data.mjs';

const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 1000);
const STEPS = 200;
const FIXTURE_DB = 'tests/fixtures/mlflow/mlflow.db';
/** Which sources to time, e.g. BENCH_IMPORT_SOURCES=zip,db (default: all three). */
const SOURCES = (process.env.BENCH_IMPORT_SOURCES ?? 'folder,zip,db').split(',');

const fmt = (n) => Math.round(n).toLocaleString('en-US');

export async function importBench({ launch, url }) {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-import-bench-'));
	try {
		const points = RUNS * 5 * STEPS;
		const t0 = performance.now();
		const tree = writeMlrunsTree(dir, RUNS, STEPS);
		const zip = zipTree(tree, join(dir, 'mlruns.zip'));
		const db = existsSync(FIXTURE_DB)
			? await writeMlflowDb(FIXTURE_DB, join(dir, 'mlflow.db'), RUNS, STEPS)
			: undefined;
		console.log(
			`import data: ${fmt(RUNS)} runs, ${fmt(points)} points, generated in ${fmt(performance.now() - t0)} ms`
		);
		const sources = [
			['folder', 'mlruns folder', (page) => page.getByTestId('folder-input').setInputFiles(tree)],
			['zip', 'mlruns zip', (page) => page.getByTestId('file-input').setInputFiles(zip)],
			...(db ? [['db', 'mlflow.db', (page) => page.getByTestId('file-input').setInputFiles(db)]] : [])
		].filter(([id]) => SOURCES.includes(id));
		for (const [, label, pick] of sources) {
			const profile = mkdtempSync(join(tmpdir(), 'runboard-import-profile-'));
			const context = await launch(profile);
			try {
				const page = context.pages()[0] ?? (await context.newPage());
				if (process.env.BENCH_CONSOLE) page.on('console', (m) => console.log('  console:', m.text()));
				await page.goto(`${url}import/`);
				await page.waitForFunction(() => window.__runboardIdle?.() === true);
				const start = performance.now();
				await pick(page);
				await page.getByTestId('import-report').waitFor({ timeout: 600_000 });
				const ms = performance.now() - start;
				const written = await page.getByTestId('runs-written').textContent();
				// The worker's own duration, from the import call to the report (without the picker's hand-over).
				const text = (await page.getByTestId('import-report').textContent()) ?? '';
				const workerSeconds = Number(text.match(/in ([\d.]+) s\./)?.[1] ?? NaN);
				const floor = await page.evaluate((n) => window.__runboardBench.rawInsertFloor(n), points);
				const ratio = ms / floor.ms;
				console.log(
					`import ${label}: ${(ms / 1000).toFixed(2)} s, ${fmt(points / (ms / 1000))} points/s (${written} runs) · ` +
						`worker ${workerSeconds.toFixed(1)} s · floor ${(floor.ms / 1000).toFixed(2)} s → ${ratio.toFixed(2)}× ` +
						`the floor (worker alone ${(workerSeconds / (floor.ms / 1000)).toFixed(2)}×) · target ≤ 2×`
				);
			} finally {
				await context.close();
				rmSync(profile, { recursive: true, force: true });
			}
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
