// The built-in demo is what the real MLflow wrote: the zip holds exactly the quickstart experiment's files of the
// interop fixture, and importing it gives the runs MlflowClient reads back.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDb } from './harness';

const ZIP = 'static/demo/diabetes-quickstart.zip';

describe('demo data', () => {
	it('is rebuilt byte for byte from the real-MLflow fixture by scripts/build-demo.mjs', () => {
		const out = join(mkdtempSync(join(tmpdir(), 'runboard-demo-')), 'demo.zip');
		execFileSync('node', ['scripts/build-demo.mjs'], {
			env: { ...process.env, DEMO_OUT: out },
			stdio: 'pipe'
		});
		expect(readFileSync(out).equals(readFileSync(ZIP))).toBe(true);
	});

	it('imports the quickstart runs as MlflowClient reads them', async () => {
		const expected = JSON.parse(readFileSync('tests/fixtures/mlflow/expected-mlruns.json', 'utf8')) as {
			experiments: {
				name: string;
				runs: { info: { run_id: string; run_name: string }; params: Record<string, string> }[];
			}[];
		};
		const quickstart = expected.experiments.find((e) => e.name === 'diabetes-quickstart');
		const { api } = await createTestDb();
		const report = await api.importFiles([
			{ path: 'diabetes-quickstart.zip', file: new Blob([readFileSync(ZIP)]) }
		]);
		expect(report.format).toBe('mlflow-mlruns');
		expect(report.runsWritten).toBe(quickstart?.runs.length);
		expect(report.warnings).toEqual([]);
		for (const run of quickstart?.runs ?? []) {
			const got = await api.getRun(run.info.run_id);
			expect(got.info.runName).toBe(run.info.run_name);
			expect(Object.fromEntries(got.data.params.map((p) => [p.key, p.value]))).toEqual(run.params);
		}
	});
});
