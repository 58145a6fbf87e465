// Run bundles against fixed inputs: the real MLflow quickstart (tests/fixtures/mlflow/) survives export and import
// value for value, and a committed bundle (tests/fixtures/bundle/small.zip) reads as its golden
// (tests/goldens/importers/bundle-small.json), under its own name and under another.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { createTestDb } from './harness';
import { bundleOf, databaseContent } from './bundle-helpers';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles } from './importer-golden';
import { fromNodeDir } from './node-files';

const SMALL = 'tests/fixtures/bundle/small.zip';

describe('run bundle fixtures', () => {
	it('carries the real MLflow quickstart value for value', async () => {
		// The source database is filled by the mlruns importer, as a drop of the folder would.
		const source = await createTestDb();
		const report = await source.client.importFiles(
			fromNodeDir('tests/fixtures/mlflow/mlruns').map((f) => ({
				path: f.path,
				file: new Blob([readFileSync(`tests/fixtures/mlflow/${f.path}`)])
			}))
		);
		expect(report.runsWritten).toBe(30);
		const bundle = await bundleOf(source.api);
		const target = await createTestDb();
		const back = await target.client.importFiles([{ path: 'quickstart.zip', file: bundle }]);
		expect(back.runsWritten).toBe(30);
		expect(back.metricPoints).toBe(report.metricPoints);
		expect(back.loggedModels).toBe(report.loggedModels);
		expect(back.artifactBytes).toBe(report.artifactBytes);
		expect(await databaseContent(target.api)).toEqual(await databaseContent(source.api));
	});

	it('reads the committed bundle as its golden, under any name', async () => {
		if (!existsSync(SMALL) && process.env.UPDATE_GOLDENS === '1' && !process.env.CI) {
			const { api, client } = await createTestDb();
			const experimentId = await client.createExperiment('small α', { 'mlflow.note.content': 'a *note*' });
			const parent = await client.createRun({
				experimentId,
				runName: 'parent',
				startTime: 1_700_000_000_000
			});
			const child = await client.createRun({
				experimentId,
				runName: 'child ✓',
				startTime: 1_700_000_000_500,
				tags: { 'mlflow.parentRunId': parent.info.runId }
			});
			const points = [NaN, Infinity, -Infinity, -0, 0.5];
			await client.logBatch(child.info.runId, {
				metrics: points.map((value, step) => ({
					key: 'λ/loss',
					value,
					step,
					timestamp: 1_700_000_001_000 + step
				})),
				params: { lr: '0.01' }
			});
			await client.logArtifact(child.info.runId, 'outputs/readme.txt', 'hello ✓');
			await client.setTerminated(child.info.runId, 'FINISHED', 1_700_000_002_000);
			await client.deleteRun(parent.info.runId);
			writeFileSync(SMALL, new Uint8Array(await (await bundleOf(api)).arrayBuffer()));
		}
		const bytes = new Uint8Array(readFileSync(SMALL));
		expectGolden('bundle-small', goldenDump(await importFiles([fromBytes('small.zip', bytes)])));
		await expectGoldenRenamed('bundle-small', [fromBytes('from-a-course-page', bytes)], {});
	});
});
