// The mlruns/ export: runs logged through the real API (NaN, ±Infinity, −0, unicode, artifacts, nested and deleted
// runs) and the real MLflow quickstart are exported as an mlruns zip and imported back with Runboard's own mlruns
// importer into an empty database: every value MLflow can store comes back, and each one it cannot is named in the
// warnings and left out (never cut or renamed).
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { DbApi, RunRecord } from '$lib/api/db-api';
import { exportMlruns } from '$lib/client/export-mlruns';
import { WARNINGS_FILE, writeMlruns, type MlrunsWarning } from '$lib/exporters/mlruns';
import { metricValue } from '$lib/exporters/mlruns/text';
import { createTestDb, rejection } from './harness';
import { databaseContent, logRandomRuns } from './bundle-helpers';
import { fromNodeDir } from './node-files';

interface Content {
	experiments: { name: string; stage: string; location: string; tags: unknown }[];
	runs: Record<string, unknown>[];
}

/** What an mlruns tree carries: all but artifact locations; points, and logged models' values, in one order. */
async function comparable(api: DbApi, refused: MlrunsWarning[] = []): Promise<Content> {
	const content = (await databaseContent(api)) as Content;
	const gone = refused
		.map((w) => /^run (\w{8}): (param|tag|metric) "(.*?)" /.exec(w.message))
		.filter((m) => m);
	for (const run of content.runs) {
		const id = (run.runId as string).slice(0, 8);
		const left = (what: string, key: string) =>
			gone.some((m) => m![1] === id && m![2] === what && m![3] === key);
		run.params = (run.params as { key: string }[]).filter((p) => !left('param', p.key));
		run.tags = (run.tags as { key: string }[]).filter((t) => !left('tag', t.key));
		run.points = (run.points as [string][])
			.filter((p) => !left('metric', p[0]))
			.map((p) => JSON.stringify(p))
			.sort();
		delete run.artifactUri;
		for (const model of run.models as Record<string, { key: string }[]>[]) {
			for (const field of ['params', 'tags', 'metrics'])
				model[field] = model[field]!.map((x) => JSON.stringify(x)).sort() as never;
		}
	}
	return {
		experiments: content.experiments.filter((e) => e.name !== 'Default').map((e) => ({ ...e, location: '' })),
		runs: content.runs
	};
}

async function reimport(blob: Blob) {
	const target = await createTestDb();
	const report = await target.client.importFiles([{ path: 'export.mlruns.zip', file: blob }]);
	return { target, report };
}

describe('mlruns export', () => {
	for (const seed of [1, 2]) {
		it(`keeps every value MLflow can store of random runs (seed ${seed})`, async () => {
			const source = await createTestDb();
			await logRandomRuns(source.client, seed);
			const { blob, warnings, counts } = await exportMlruns(source.api, undefined);
			expect(counts.runs).toBe(6);
			// "ключ 🙂" is logged in every run: MLflow refuses the emoji in a key.
			const refusedParams = warnings.filter((w) => w.message.includes('param "ключ 🙂"'));
			expect(refusedParams).toHaveLength(6);
			expect(refusedParams[0]!.kind).toBe('key-characters');
			const { target, report } = await reimport(blob);
			expect(report.format).toBe('mlflow-mlruns');
			expect(report.runsWritten).toBe(6);
			expect(report.metricPoints).toBe(counts.metricPoints);
			expect(await comparable(target.api)).toEqual(await comparable(source.api, warnings));
		});
	}

	it('carries the real MLflow quickstart value for value', async () => {
		const source = await createTestDb();
		const imported = await source.client.importFiles(
			fromNodeDir('tests/fixtures/mlflow/mlruns').map((f) => ({
				path: f.path,
				file: new Blob([readFileSync(`tests/fixtures/mlflow/${f.path}`)])
			}))
		);
		expect(imported.runsWritten).toBe(30);
		const { blob, warnings, counts } = await exportMlruns(source.api, undefined);
		expect(counts).toMatchObject({ runs: 30, metricPoints: imported.metricPoints });
		// Nothing the quickstart logged is refused: its dataset inputs and logged models go along.
		expect(warnings).toEqual([]);
		expect(counts).toMatchObject({ datasetInputs: 27, loggedModels: 13 });
		const { target, report } = await reimport(blob);
		expect(report.runsWritten).toBe(30);
		expect(report.metricPoints).toBe(imported.metricPoints);
		expect(await comparable(target.api)).toEqual(await comparable(source.api));
	});

	it('writes the files MLflow reads: meta.yaml, metric lines, a deleted experiment in .trash', async () => {
		const { api, client } = await createTestDb();
		const experimentId = await client.createExperiment("it's 'quoted'", { 'mlflow.note.content': 'a\nb' });
		const run = await client.createRun({ experimentId, runName: 'yes', startTime: 1_700_000_000_000 });
		const id = run.info.runId;
		const values = [NaN, Infinity, -Infinity, 0, 1e-7, 0.1];
		await client.logBatch(id, {
			metrics: values.map((value, i) => ({ key: 'm', value, step: i - 1, timestamp: 1_700_000_000_000 + i })),
			params: { lr: '0.001' }
		});
		await client.setTerminated(id, 'FAILED', 1_700_000_000_009);
		const gone = await client.createExperiment('gone');
		await client.deleteExperiment(gone);
		const { blob } = await exportMlruns(api, undefined);
		const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
		const text = (path: string) => strFromU8(files[path]!);
		const folder = `mlruns/${experimentId}/${id}`;
		expect(text(`${folder}/metrics/m`)).toBe(
			[
				'1700000000000 nan -1',
				'1700000000001 inf 0',
				'1700000000002 -inf 1',
				'1700000000003 0 2',
				'1700000000004 1e-7 3',
				'1700000000005 0.1 4',
				''
			].join('\n')
		);
		const meta = text(`${folder}/meta.yaml`);
		expect(meta).toContain(`experiment_id: '${experimentId}'\n`);
		expect(meta).toContain("run_name: 'yes'\n");
		expect(meta).toContain('status: 4\n');
		expect(meta).toContain('end_time: 1700000000009\n');
		expect(meta).toContain(`artifact_uri: '${folder}/artifacts'\n`);
		expect(text(`${folder}/params/lr`)).toBe('0.001');
		expect(text(`mlruns/${experimentId}/meta.yaml`)).toContain("name: 'it''s ''quoted'''\n");
		expect(text(`mlruns/${experimentId}/tags/mlflow.note.content`)).toBe('a\nb');
		expect(text(`mlruns/.trash/${gone}/meta.yaml`)).toContain("lifecycle_stage: 'deleted'\n");
		expect(text('mlruns/0/meta.yaml')).toContain("name: 'Default'\n");
		expect(files[WARNINGS_FILE]).toBeUndefined();
		// −0 as Python's float() reads it back with its sign; shortest round-trip text for the rest.
		expect([-0, 5e-324, -1.5e308, 1e21].map(metricValue)).toEqual(['-0.0', '5e-324', '-1.5e+308', '1e+21']);
	});

	it('keeps names YAML would read otherwise: quotes, line breaks, control characters, digits, yes', async () => {
		const source = await createTestDb();
		const names = [
			"it's: 'q'\n#2",
			'\t lead and trail ',
			'a\u0085b\u0007c\ufeff',
			'0123',
			'yes',
			'null',
			'🙂'
		];
		const experimentId = await source.client.createExperiment(names[0]!);
		for (const runName of names) await source.client.createRun({ experimentId, runName, startTime: 1 });
		const { blob } = await exportMlruns(source.api, { experimentIds: [experimentId] });
		const { target } = await reimport(blob);
		expect(await comparable(target.api)).toEqual(await comparable(source.api));
		const { runs } = await target.api.searchRuns({
			experimentIds: [(await target.api.getExperimentByName(names[0]!.trim()))!.experimentId],
			runViewType: 'ALL',
			maxResults: 100
		});
		expect(runs.map((r) => r.info.runName).sort()).toEqual(names.map((n) => n.trim()).sort());
	});

	it('refuses a request that is not {runIds?, experimentIds?}', async () => {
		const { api } = await createTestDb();
		expect((await rejection(exportMlruns(api, { runIds: ['nope'] }))).code).toBe('INVALID_ARGUMENT');
		expect((await rejection(exportMlruns(api, 'all'))).message).toBe(
			'An export takes {runIds?, experimentIds?}.'
		);
	});

	it('leaves out and names every value MLflow cannot store', async () => {
		const runId = 'ab'.repeat(16);
		const record: RunRecord = {
			info: {
				runId,
				experimentId: '7',
				runName: 'r',
				status: 'FINISHED',
				startTime: 1,
				endTime: 2,
				lifecycleStage: 'active',
				userId: 'u',
				artifactUri: ''
			},
			params: [
				{ key: 'ok', value: 'v' },
				{ key: 'long', value: 'x'.repeat(6001) },
				{ key: 'k'.repeat(251), value: 'v' },
				{ key: '../up', value: 'v' }
			],
			tags: [
				{ key: 'a', value: '1' },
				{ key: 'a/b', value: '2' },
				{ key: 'mlflow.note.content', value: 'n'.repeat(8001) }
			],
			inputs: [],
			metrics: {
				keys: ['m', 'bad?'],
				keyIndex: new Uint32Array([0, 0, 1]),
				values: new Float64Array([1, 2, 3]),
				steps: new Float64Array([0, 0.5, 0]),
				timestamps: new Float64Array([5, 6, 7])
			},
			artifacts: [],
			loggedModels: []
		};
		async function* runs() {
			yield record;
		}
		const experiment = {
			experimentId: '7',
			name: 'e',
			artifactLocation: '',
			lifecycleStage: 'active' as const,
			creationTime: 0,
			lastUpdateTime: 0,
			tags: [{ key: 'big', value: 'z'.repeat(20_001) }]
		};
		const out = await writeMlruns({
			experiments: [experiment],
			runs: runs(),
			readArtifact: async () => new Blob()
		});
		expect(out.warnings.map((w) => w.kind).sort()).toEqual([
			'key-characters',
			'key-clash',
			'key-path',
			'key-too-long',
			'metric-point',
			'value-too-long',
			'value-too-long',
			'value-too-long'
		]);
		const files = unzipSync(new Uint8Array(await out.blob.arrayBuffer()));
		const folder = `mlruns/7/${runId}`;
		const names = Object.keys(files)
			.filter((f) => f.startsWith(folder))
			.sort();
		// The four folders are there even when empty: MLflow's reader skips a run folder without them.
		expect(names).toEqual([
			`${folder}/artifacts/`,
			`${folder}/meta.yaml`,
			`${folder}/metrics/`,
			`${folder}/metrics/m`,
			`${folder}/params/`,
			`${folder}/params/ok`,
			`${folder}/tags/`,
			`${folder}/tags/a`
		]);
		expect(strFromU8(files[`${folder}/metrics/m`]!)).toBe('5 1 0\n');
		expect(Object.keys(files).some((f) => f.startsWith('mlruns/7/tags/'))).toBe(false);
		const report = strFromU8(files[WARNINGS_FILE]!);
		expect(report).toContain(
			'param "long" has a value of 6001 characters; MLflow allows 6000. It was not exported.'
		);
		expect(report).toContain('tag "a/b" would be a file inside "a"');
		expect(report.trim().split('\n')).toHaveLength(8);
	});
});
