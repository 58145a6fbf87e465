// The built-in demo imports as MLflow wrote it: every run, no warning, and every artifact and logged-model file opens
// with the bytes of the zip. The zip itself is what scripts/build-demo.mjs writes from those files, byte for byte.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArtifactRoot } from '$lib/api/db-api';
import { createTestDb } from './harness';
import { DEMO_ZIP, demoEntries, demoRuns } from './demo-zip';

const entries = demoEntries();

/** Files under `prefix` in the zip, by their path below it. */
function filesUnder(prefix: string): Map<string, Uint8Array> {
	return new Map(
		Object.entries(entries)
			.filter(([path]) => path.startsWith(prefix))
			.map(([path, bytes]) => [path.slice(prefix.length), bytes])
	);
}

describe('demo data', () => {
	it('is rebuilt byte for byte by scripts/build-demo.mjs from the files it holds', () => {
		const dir = mkdtempSync(join(tmpdir(), 'runboard-demo-'));
		for (const [path, bytes] of Object.entries(entries)) {
			mkdirSync(dirname(join(dir, path)), { recursive: true });
			writeFileSync(join(dir, path), bytes);
		}
		const out = join(dir, 'demo.zip');
		execFileSync('node', ['scripts/build-demo.mjs', '--from', join(dir, 'mlruns')], {
			env: { ...process.env, DEMO_OUT: out },
			stdio: 'pipe'
		});
		expect(readFileSync(out).equals(readFileSync(DEMO_ZIP))).toBe(true);
	});

	it('imports every run with no warning; each artifact and logged-model file opens with its bytes', async () => {
		const runs = demoRuns(entries);
		const { api } = await createTestDb();
		const report = await api.importFiles([
			{ path: 'diabetes-quickstart.zip', file: new Blob([readFileSync(DEMO_ZIP)]) }
		]);
		expect(report.format).toBe('mlflow-mlruns');
		expect(report.warnings).toEqual([]);
		expect(report.experiments.map((e) => e.name)).toEqual(['diabetes-quickstart']);
		expect(report.runsWritten).toBe(15);
		expect(report.loggedModels).toBe(13);

		async function expectSameFiles(root: ArtifactRoot, files: Map<string, Uint8Array>) {
			const stored = await api.listArtifactFiles(root);
			expect(stored.map((e) => e.path).sort()).toEqual([...files.keys()].sort());
			for (const [path, bytes] of files) {
				expect(new Uint8Array(await (await api.getArtifact(root, path)).arrayBuffer())).toEqual(bytes);
			}
		}

		let models = 0;
		for (const run of runs) {
			const got = await api.getRun(run.runId);
			expect(got.info.runName).toBe(run.tags['mlflow.runName']);
			expect(got.info.userId).toBe('demo');
			await expectSameFiles({ runId: run.runId }, filesUnder(`${run.folder}artifacts/`));
			for (const model of await api.listLoggedModels(run.runId)) {
				models++;
				const experimentFolder = run.folder.split('/').slice(0, 2).join('/');
				await expectSameFiles(
					{ modelId: model.modelId },
					filesUnder(`${experimentFolder}/models/${model.modelId}/artifacts/`)
				);
			}
		}
		expect(models).toBe(13);

		const sgd = runs.find((r) => r.tags['mlflow.runName'] === 'sgd-iterative')!;
		const history = await api.getMetricHistory(sgd.runId, 'val/rmse');
		expect(history.map((m) => m.step)).toEqual([...Array(30).keys()]);
		const sgdFiles = await api.listArtifactFiles({ runId: sgd.runId });
		expect(sgdFiles.map((f) => f.path)).toEqual(
			expect.arrayContaining(['plots/learning_curve.png', 'model/MLmodel', 'model/requirements.txt'])
		);
	});
});
