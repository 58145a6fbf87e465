// Dataset inputs and logged models in the mlruns/ export: the folders and files MLflow 3's FileStore writes (names
// from MD5 as MLflow makes them, meta.yaml fields, model metric lines with their run id), and each value MLflow
// could not hold named in the warnings. That the real MLflow reads them back is tests/interop/mlruns-export.spec.ts.
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { LoggedModelRecord, RunRecord } from '$lib/api/db-api';
import { writeMlruns } from '$lib/exporters/mlruns';
import { md5Hex } from '$lib/exporters/mlruns/md5';
import type { DatasetInput } from '$lib/model/types';

const RUN_A = 'aa'.repeat(16);
const RUN_B = 'bb'.repeat(16);

function record(runId: string, inputs: DatasetInput[], loggedModels: LoggedModelRecord[]): RunRecord {
	return {
		info: {
			runId,
			experimentId: '7',
			runName: runId.slice(0, 2),
			status: 'FINISHED',
			startTime: 1,
			endTime: 2,
			lifecycleStage: 'active',
			userId: 'u',
			artifactUri: ''
		},
		params: [],
		tags: [],
		inputs,
		metrics: {
			keys: [],
			keyIndex: new Uint32Array(0),
			values: new Float64Array(0),
			steps: new Float64Array(0),
			timestamps: new Float64Array(0)
		},
		artifacts: [],
		loggedModels
	};
}

const train: DatasetInput = {
	name: 'diabetes-train',
	digest: 'eb87f8f4',
	sourceType: 'http',
	source: '{"url": "https://example.org/d.csv"}',
	schema: '{"mlflow_colspec": []}',
	profile: '{"num_rows": 331}',
	context: 'training'
};

function model(fields: Partial<LoggedModelRecord>): LoggedModelRecord {
	return {
		modelId: 'm-' + '0'.repeat(32),
		name: 'model',
		experimentId: '7',
		sourceRunId: RUN_A,
		status: 'READY',
		creationTime: 1_700_000_000_000,
		params: [],
		tags: [],
		metrics: [],
		artifacts: [],
		...fields
	};
}

async function exported(records: RunRecord[]) {
	async function* runs() {
		yield* records;
	}
	const experiment = {
		experimentId: '7',
		name: 'e',
		artifactLocation: '',
		lifecycleStage: 'active' as const,
		creationTime: 0,
		lastUpdateTime: 0,
		tags: []
	};
	const out = await writeMlruns({
		experiments: [experiment],
		runs: runs(),
		readArtifact: async (root, path) => new Blob([`${'modelId' in root ? root.modelId : root.runId}:${path}`])
	});
	const files = unzipSync(new Uint8Array(await out.blob.arrayBuffer()));
	return { ...out, files, text: (path: string) => strFromU8(files[path]!) };
}

describe('mlruns export of dataset inputs and logged models', () => {
	it('names folders with MD5 as MLflow does', () => {
		for (const s of ['', 'abc', 'x'.repeat(56), 'x'.repeat(64), 'ü🙂'.repeat(50)])
			expect(md5Hex(s)).toBe(createHash('md5').update(s).digest('hex'));
		// The quickstart's "diabetes-test" dataset folder, as MLflow named it.
		expect(md5Hex('diabetes-test' + 'eb87f8f4')).toBe('6cfa88434e32f4ea96c108d9d67983ff');
	});

	it('writes each dataset once per experiment and one input per run, with its context', async () => {
		const noContext = { ...train, name: 'plain', context: '' };
		const otherSource = { ...train, source: '{"url": "https://example.org/other.csv"}' };
		const out = await exported([record(RUN_A, [train, noContext], []), record(RUN_B, [otherSource], [])]);
		const dataset = md5Hex(train.name + train.digest);
		expect(out.text(`mlruns/7/datasets/${dataset}/meta.yaml`)).toBe(
			[
				"digest: 'eb87f8f4'",
				"name: 'diabetes-train'",
				`profile: '{"num_rows": 331}'`,
				`schema: '{"mlflow_colspec": []}'`,
				`source: '{"url": "https://example.org/d.csv"}'`,
				"source_type: 'http'",
				''
			].join('\n')
		);
		expect(out.text(`mlruns/7/${RUN_A}/inputs/${md5Hex(dataset + RUN_A)}/meta.yaml`)).toBe(
			`destination_id: '${dataset}'\ndestination_type: 'RUN'\nsource_id: '${dataset}'\nsource_type: 'DATASET'\n` +
				"tags:\n  'mlflow.data.context': 'training'\n"
		);
		const plain = md5Hex(noContext.name + noContext.digest);
		expect(out.text(`mlruns/7/${RUN_A}/inputs/${md5Hex(plain + RUN_A)}/meta.yaml`)).toContain('tags: {}\n');
		// Run B's dataset has the same name and digest but another source: MLflow keeps one, which is said.
		expect(out.files[`mlruns/7/${RUN_B}/inputs/${md5Hex(dataset + RUN_B)}/meta.yaml`]).toBeDefined();
		expect(out.warnings.map((w) => [w.kind, w.runId])).toEqual([['dataset-differs', RUN_B]]);
		expect(out.counts.datasetInputs).toBe(3);
	});

	it('writes a logged model in its experiment’s models/ folder and names what MLflow could not hold', async () => {
		const id = 'm-' + '1'.repeat(32);
		const out = await exported([
			record(
				RUN_A,
				[],
				[
					model({
						modelId: id,
						params: [
							{ key: 'alpha', value: '0.5' },
							{ key: 'long', value: 'x'.repeat(6001) }
						],
						tags: [{ key: 'mlflow.source.git.commit', value: 'abc' }],
						metrics: [
							{ key: 'rmse', value: NaN, step: 0, timestamp: 5, runId: RUN_A },
							{ key: 'rmse', value: 0.5, step: 1, timestamp: 6, runId: null },
							{ key: 'r2', value: 0.25, step: 0.5, timestamp: 6, runId: RUN_A }
						],
						artifacts: [
							{ path: 'MLmodel', isDir: false, size: 10 },
							{ path: 'data', isDir: true, size: 5 },
							{ path: 'data/model.pkl', isDir: false, size: 5 }
						]
					}),
					model({ modelId: '../escape' }),
					model({ modelId: 'm-' + '2'.repeat(32), status: 'ARCHIVED', creationTime: null })
				]
			)
		]);
		const folder = `mlruns/7/models/${id}`;
		expect(out.text(`${folder}/meta.yaml`)).toBe(
			[
				`artifact_location: '${folder}/artifacts'`,
				'creation_timestamp: 1700000000000',
				"experiment_id: '7'",
				'last_updated_timestamp: 1700000000000',
				`model_id: '${id}'`,
				'model_type: null',
				"name: 'model'",
				`source_run_id: '${RUN_A}'`,
				'status: 2',
				'status_message: null',
				''
			].join('\n')
		);
		// Field 4 is the run that logged the point; MLflow writes None for a point logged without a run.
		expect(out.text(`${folder}/metrics/rmse`)).toBe(`5 nan 0 ${RUN_A}\n6 0.5 1 None\n`);
		expect(out.files[`${folder}/metrics/r2`]).toBeUndefined();
		expect(out.text(`${folder}/params/alpha`)).toBe('0.5');
		expect(out.files[`${folder}/params/long`]).toBeUndefined();
		expect(out.text(`${folder}/tags/mlflow.source.git.commit`)).toBe('abc');
		expect(out.text(`${folder}/artifacts/data/model.pkl`)).toBe(`${id}:data/model.pkl`);
		expect(out.files[`${folder}/artifacts/data`]).toBeUndefined();
		expect(Object.keys(out.files).some((f) => f.includes('escape'))).toBe(false);
		const other = out.text(`mlruns/7/models/m-${'2'.repeat(32)}/meta.yaml`);
		expect(other).toContain('status: 0\n');
		expect(other).toContain('creation_timestamp: 0\n');
		expect(out.warnings.map((w) => w.kind).sort()).toEqual([
			'metric-point',
			'model-creation-time',
			'model-id',
			'model-status',
			'value-too-long'
		]);
		expect(out.warnings.find((w) => w.kind === 'value-too-long')?.message).toBe(
			`logged model ${id}: param "long" has a value of 6001 characters; MLflow allows 6000. It was not exported.`
		);
		expect(out.counts).toMatchObject({ loggedModels: 2, artifacts: 2 });
	});
});
