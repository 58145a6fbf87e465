// Run bundle benchmark: N runs × M points (total, four series a run) + artifacts, logged through the page API,
// exported with runboard.exportBundle in one profile and imported through the import page into a fresh one. Each
// is timed in the page and set beside the raw insert floor of the same points measured in that page (as the
// import bench does). Targets, printed and never asserted: export ≤ 1.5× the floor, import ≤ 2×.
// CI-small defaults; the full size is BENCH_BUNDLE_RUNS=1000 BENCH_BUNDLE_POINTS=1000000 BENCH_BUNDLE_ARTIFACT_MB=20.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_BUNDLE_RUNS ?? 20);
const POINTS = Number(process.env.BENCH_BUNDLE_POINTS ?? 100_000);
const ARTIFACT_MB = Number(process.env.BENCH_BUNDLE_ARTIFACT_MB ?? 2);

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Best of `times` raw insert floors of `points` rows, in ms. */
async function floorMs(page, points, times) {
	let best = Infinity;
	for (let i = 0; i < times; i++)
		best = Math.min(best, (await page.evaluate((n) => window.__runboardBench.rawInsertFloor(n), points)).ms);
	return best;
}

async function open(launch, profile, url) {
	const context = await launch(profile);
	const page = context.pages()[0] ?? (await context.newPage());
	await page.goto(url);
	await page.waitForFunction(() => window.__runboardIdle?.() === true);
	return { context, page };
}

export async function bundleBench({ url, launch }) {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-bundle-bench-'));
	const file = join(dir, 'bench.runboard.zip');
	const artifactBytes = Math.round(ARTIFACT_MB * 1024 * 1024);
	try {
		const a = await open(launch, join(dir, 'profile-a'), url);
		let exportMs;
		try {
			await a.page.evaluate(
				async ({ runs, points, artifactBytes }) => {
					const rb = window.runboard;
					const experimentId = await rb.createExperiment('bundle-bench');
					const perRun = Math.floor(points / runs);
					const fileBytes = Math.floor(artifactBytes / runs);
					for (let r = 0; r < runs; r++) {
						const run = await rb.createRun({ experimentId, runName: `run-${r}` });
						const metrics = Array.from({ length: perRun }, (_, i) => ({
							key: `metric/${i % 4}`,
							// Full-precision noise: the values' mantissas are what a real bundle spends its bytes on.
							value: Math.sin(i / 100) + Math.random() * 1e-3,
							step: Math.floor(i / 4),
							timestamp: 1_700_000_000_000 + i
						}));
						await rb.logBatch(run.info.runId, { metrics, params: { lr: r / runs, seed: r } });
						// Random bytes, as most artifacts (weights, images) are already compressed.
						const bytes = new Uint8Array(fileBytes);
						for (let at = 0; at < bytes.length; at += 65536)
							crypto.getRandomValues(bytes.subarray(at, at + 65536));
						await rb.logArtifact(run.info.runId, 'model/weights.bin', new Blob([bytes]));
					}
				},
				{ runs: RUNS, points: POINTS, artifactBytes }
			);
			exportMs = await a.page.evaluate(async () => {
				const t0 = performance.now();
				window.__bundleBenchBlob = await window.runboard.exportBundle();
				return performance.now() - t0;
			});
			const [download] = await Promise.all([
				a.page.waitForEvent('download'),
				a.page.evaluate(() => {
					const link = document.createElement('a');
					link.href = URL.createObjectURL(window.__bundleBenchBlob);
					link.download = 'bench.runboard.zip';
					link.click();
				})
			]);
			await download.saveAs(file);
			const floor = await floorMs(a.page, POINTS, 2);
			const size = statSync(file).size;
			console.log(
				`bundle export ${fmt(RUNS)} runs × ${fmt(POINTS)} points + ${ARTIFACT_MB} MB artifacts: ` +
					`${seconds(exportMs)} = ${(size / 1e6 / (exportMs / 1000)).toFixed(1)} MB/s · bundle ` +
					`${(size / 1e6).toFixed(1)} MB, ${((size - artifactBytes) / POINTS).toFixed(2)} bytes a point ` +
					`(artifacts aside) · floor ${seconds(floor)} → ${(exportMs / floor).toFixed(2)}× · target ≤ 1.5×`
			);
		} finally {
			await a.context.close();
		}

		const b = await open(launch, join(dir, 'profile-b'), `${url}import/`);
		try {
			await b.page.getByTestId('file-input').setInputFiles(file);
			// The report's first frame on the page's clock, from the picker's hand-over (as bench/import.mjs times).
			const seen = await b.page.waitForFunction(
				() => (document.querySelector('[data-testid="import-report"]') ? performance.now() : null),
				null,
				{ polling: 'raf', timeout: 1_800_000 }
			);
			const reportAt = await seen.jsonValue();
			const pickedAt = await b.page.evaluate(
				() => performance.getEntriesByName('runboard:import-picked').at(-1)?.startTime ?? NaN
			);
			const importMs = reportAt - pickedAt;
			const written = await b.page.getByTestId('runs-written').textContent();
			const floor = await floorMs(b.page, POINTS, 3);
			const size = statSync(file).size;
			console.log(
				`bundle import: ${seconds(importMs)} = ${(size / 1e6 / (importMs / 1000)).toFixed(1)} MB/s, ` +
					`${fmt(POINTS / (importMs / 1000))} points/s (${written} runs) · floor ${seconds(floor)} → ` +
					`${(importMs / floor).toFixed(2)}× · target ≤ 2×`
			);
		} finally {
			await b.context.close();
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
