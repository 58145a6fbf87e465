import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mlrunsImporter } from '$lib/importers/mlruns';
import { fromBlob, fromBytes } from '$lib/importers/source-files';
import type {
	ImportContext,
	ImportedExperiment,
	ImportedLoggedModel,
	ImportedRun,
	ImportItem,
	ImportWarning,
	SourceFile
} from '$lib/importers/types';
import { fromNodeDir } from './node-files';

const CORPUS = fileURLToPath(new URL('../fixtures/public/mlflow-mlruns/', import.meta.url));
const MLOPS = `${CORPUS}justinpontalba-MLOps/mlruns`;
const MLFIX = `${CORPUS}konradmalik-mlfix/mlruns`;
const FIXTURE = fileURLToPath(new URL('../fixtures/mlflow/', import.meta.url));
const FIXTURE_MLRUNS = `${FIXTURE}mlruns`;
const FIXTURE_EXPECTED = `${FIXTURE}expected-mlruns.json`;

interface Imported {
	experiments: ImportedExperiment[];
	runs: ImportedRun[];
	models: ImportedLoggedModel[];
	warnings: ImportWarning[];
	progress: { bytesDone: number; bytesTotal: number }[];
}

function context(overrides: Partial<ImportContext> = {}): ImportContext {
	return { signal: new AbortController().signal, maxArtifactBytes: 512 * 1024 * 1024, ...overrides };
}

async function importAll(files: SourceFile[], ctx: ImportContext = context()): Promise<Imported> {
	const out: Imported = { experiments: [], runs: [], models: [], warnings: [], progress: [] };
	for await (const item of mlrunsImporter.read(files, ctx)) collect(out, item);
	return out;
}

function collect(out: Imported, item: ImportItem): void {
	if (item.kind === 'experiment') out.experiments.push(item.experiment);
	else if (item.kind === 'run') out.runs.push(item.run);
	else if (item.kind === 'logged-model') out.models.push(item.model);
	else if (item.kind === 'warning') out.warnings.push(item.warning);
	else if (item.kind === 'progress') out.progress.push(item);
}

async function failure(
	files: SourceFile[]
): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
	try {
		await importAll(files);
	} catch (error) {
		const e = error as { code?: string; message: string; details?: Record<string, unknown> };
		return { code: e.code ?? 'NO_CODE', message: e.message, details: e.details };
	}
	throw new Error('expected the import to fail');
}

/** In-memory files: {path: content}. */
function memory(tree: Record<string, string | Uint8Array>): SourceFile[] {
	const encoder = new TextEncoder();
	return Object.entries(tree).map(([path, content]) =>
		fromBytes(path, typeof content === 'string' ? encoder.encode(content) : content)
	);
}

/** Points of one metric key, in file order. */
function points(run: ImportedRun, key: string): { value: number; step: number; timestamp: number }[] {
	const id = run.metrics.keys.indexOf(key);
	const out: { value: number; step: number; timestamp: number }[] = [];
	run.metrics.keyIndex.forEach((k, i) => {
		if (k === id)
			out.push({
				value: run.metrics.values[i]!,
				step: run.metrics.steps[i]!,
				timestamp: run.metrics.timestamps[i]!
			});
	});
	return out;
}

function valueOf(tags: { key: string; value: string }[], key: string): string | undefined {
	return tags.find((t) => t.key === key)?.value;
}

function runById(imported: Imported, runId: string): ImportedRun {
	const run = imported.runs.find((r) => r.runId === runId);
	if (!run) throw new Error(`run ${runId} was not imported`);
	return run;
}

/** A comparable digest of a run: everything but the SourceFile objects. */
function summary(run: ImportedRun) {
	return {
		...run,
		artifacts: run.artifacts.map((a) => `${a.path}:${a.file.size}`),
		metrics: run.metrics.keys.map((key) => ({ key, points: points(run, key) }))
	};
}

// ---- In-memory mlruns trees ------------------------------------------------------------------------------------

const EXP_ID = '983303542879704487';
const RUN_A = 'a450454035d04176a052759f8076b81d';
const RUN_B = '0123456789abcdef0123456789abcdef';

function experimentMeta(id = EXP_ID, name = 'wine_quality_experiment'): string {
	return [
		`artifact_location: file:///C:/proj/mlruns/${id}`,
		'creation_time: 1765034523642',
		`experiment_id: '${id}'`,
		'last_update_time: 1765034523642',
		'lifecycle_stage: active',
		`name: ${name}`,
		''
	].join('\n');
}

function runMeta(runId: string, fields: Record<string, string> = {}): string {
	const base: Record<string, string> = {
		artifact_uri: `file:///C:/proj/mlruns/${EXP_ID}/${runId}/artifacts`,
		end_time: '1765034558733',
		entry_point_name: "''",
		experiment_id: `'${EXP_ID}'`,
		lifecycle_stage: 'active',
		run_id: runId,
		run_name: 'elasticnet_7b3c1505',
		source_name: "''",
		source_type: '4',
		source_version: "''",
		start_time: '1765034551415',
		status: '3',
		tags: '[]',
		user_id: 'karla',
		...fields
	};
	return Object.entries(base)
		.filter(([, v]) => v !== '<absent>')
		.map(([k, v]) => `${k}: ${v}`)
		.join('\n')
		.concat('\n');
}

function smallStore(extra: Record<string, string | Uint8Array> = {}): SourceFile[] {
	return memory({
		[`mlruns/${EXP_ID}/meta.yaml`]: experimentMeta(),
		[`mlruns/${EXP_ID}/tags/mlflow.note.content`]: '# Wine\nnotes',
		[`mlruns/${EXP_ID}/${RUN_A}/meta.yaml`]: runMeta(RUN_A),
		[`mlruns/${EXP_ID}/${RUN_A}/params/alpha`]: '0.5',
		[`mlruns/${EXP_ID}/${RUN_A}/metrics/rmse`]: '1765034551806 0.75 0\n1765034551900 0.70 1\n',
		[`mlruns/${EXP_ID}/${RUN_B}/meta.yaml`]: runMeta(RUN_B, { run_name: 'second' }),
		[`mlruns/${EXP_ID}/${RUN_B}/params/alpha`]: '0.1',
		...extra
	});
}

// ---- The public corpus (real files from other people's projects) -----------------------------------------------

describe('mlruns importer: public corpus', () => {
	it('reads the MLflow 2.3 project (justinpontalba/MLOps) completely', async () => {
		const files = fromNodeDir(MLOPS);
		expect(await mlrunsImporter.detect(files)).toBeGreaterThan(0.5);
		const imported = await importAll(files);
		expect(imported.warnings).toEqual([]);
		expect(imported.experiments).toEqual([
			{
				key: '0',
				name: 'Default',
				lifecycleStage: 'active',
				creationTime: 1685749085236,
				lastUpdateTime: 1685749085236,
				artifactLocation: 'file:///D:/gitRepo/MLOps/scripts/mlruns/0',
				tags: []
			}
		]);
		expect(imported.runs).toHaveLength(8);
		expect(imported.runs.every((r) => r.experimentKey === '0')).toBe(true);
		expect(imported.runs.reduce((n, r) => n + r.params.length, 0)).toBe(14);
		expect(imported.runs.reduce((n, r) => n + r.tags.length, 0)).toBe(58);
		expect(imported.runs.reduce((n, r) => n + r.metrics.values.length, 0)).toBe(6);

		const fox = runById(imported, '6673b05664374d98bceb01183985ebea');
		expect(fox).toMatchObject({
			runName: 'secretive-fox-483',
			status: 'FINISHED',
			startTime: 1685749085409,
			endTime: 1685749085476,
			userId: 'Justi',
			lifecycleStage: 'active'
		});
		expect(fox.params).toEqual([
			{ key: 'config_value', value: '68' },
			{ key: 'param1', value: '19' },
			{ key: 'param2', value: '92' }
		]);
		// Three points logged at the same timestamp and step: all kept, in file order.
		expect(points(fox, 'accuracy')).toEqual([
			{ value: 0.014833647122436844, step: 0, timestamp: 1685749085456 },
			{ value: 0.7421499134486815, step: 0, timestamp: 1685749085456 },
			{ value: 0.4456314384324526, step: 0, timestamp: 1685749085456 }
		]);
		expect(fox.artifacts.map((a) => a.path)).toEqual(['test.txt']);
		expect(new TextDecoder().decode(await fox.artifacts[0]!.file.bytes())).toBe('hello world!');

		const crashed = runById(imported, '6f9776c188474082bd7dc4ae1b8dea98');
		expect(crashed).toMatchObject({ status: 'RUNNING', endTime: null, runName: 'bittersweet-shad-818' });
		expect(valueOf(crashed.tags, 'mlflow.source.name')).toBe(
			'file://D:\\gitRepo\\MLOps#\\examples\\sklearn_elasticnet_wine'
		);
		expect(runById(imported, 'a33ee3e9c5064a8f9369e74c50e95a66').status).toBe('FAILED');
		const model = runById(imported, 'd718e6779fb54feca1f4239848818c9f');
		expect(model.artifacts.map((a) => a.path)).toEqual([
			'model/MLmodel',
			'model/conda.yaml',
			'model/python_env.yaml',
			'model/requirements.txt'
		]);
		expect(imported.progress.at(-1)).toMatchObject({ bytesDone: 8992, bytesTotal: 8992 });
	});

	it('reads the MLflow 1.x project (konradmalik/mlfix): no times on the experiment, no run_name', async () => {
		const files = fromNodeDir(MLFIX);
		expect(await mlrunsImporter.detect(files)).toBeGreaterThan(0.5);
		const imported = await importAll(files);
		expect(imported.warnings).toEqual([]);
		expect(imported.experiments).toHaveLength(1);
		expect(imported.experiments[0]).toMatchObject({
			key: '0',
			name: 'Default',
			creationTime: null,
			lastUpdateTime: null
		});
		expect(imported.runs).toHaveLength(1);
		const run = imported.runs[0]!;
		expect(run).toMatchObject({
			runId: '6e6280f331a94bf388fa9d0de0ecee99',
			runName: '6e6280f3',
			status: 'FINISHED',
			startTime: 1597955525771,
			endTime: 1597955525819,
			userId: 'konrad'
		});
		expect(run.params).toEqual([
			{ key: 'alpha', value: '0.5' },
			{ key: 'l1_ratio', value: '0.5' }
		]);
		expect(run.metrics.keys).toEqual(['mae', 'r2', 'rmse']);
		expect(points(run, 'r2')).toEqual([{ value: -0.05493814470533365, step: 0, timestamp: 1597955525801 }]);
		expect(run.tags).toHaveLength(5);
		expect(JSON.parse(valueOf(run.tags, 'mlflow.log-model.history') ?? '')[0].artifact_path).toBe('model');
		expect(run.artifacts.map((a) => a.path)).toEqual(['model/MLmodel', 'model/conda.yaml']);
	});

	it('gives the same runs from any level: parent, mlruns, one experiment, one run, deep prefix, Windows paths', async () => {
		const full = await importAll(fromNodeDir(MLOPS));
		const parent = await importAll(fromNodeDir(`${CORPUS}justinpontalba-MLOps`));
		expect(parent.runs.map(summary)).toEqual(full.runs.map(summary));

		const experiment = await importAll(fromNodeDir(`${MLOPS}/0`));
		expect(experiment.experiments.map((e) => e.name)).toEqual(['Default']);
		expect(experiment.runs.map(summary)).toEqual(full.runs.map(summary));

		const runId = '6673b05664374d98bceb01183985ebea';
		const oneRunFiles = fromNodeDir(`${MLOPS}/0/${runId}`);
		expect(await mlrunsImporter.detect(oneRunFiles)).toBeGreaterThan(0.5);
		const oneRun = await importAll(oneRunFiles);
		expect(oneRun.experiments).toEqual([]);
		expect(oneRun.runs.map(summary)).toEqual([summary(runById(full, runId))]);

		// The contents of a run folder dropped loose: no folder name, the id comes from meta.yaml.
		const loose = await importAll(fromNodeDir(`${MLOPS}/0/${runId}`, ''));
		expect(loose.runs.map(summary)).toEqual([summary(runById(full, runId))]);

		const windows = fromNodeDir(MLOPS, 'C:\\Users\\me\\proj\\mlruns').map((f) => ({
			...f,
			path: f.path.replaceAll('/', '\\')
		}));
		expect((await importAll(windows)).runs.map(summary)).toEqual(full.runs.map(summary));
	});
});

describe('mlruns importer: detection', () => {
	it('is not fooled by other files', async () => {
		const random = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
		expect(await mlrunsImporter.detect(memory({ 'metrics.csv': 'epoch,loss\n0,1.5\n' }))).toBe(0);
		expect(await mlrunsImporter.detect(memory({ 'blob.bin': random }))).toBe(0);
		expect(await mlrunsImporter.detect(memory({ 'x/meta.yaml': random }))).toBe(0);
		expect(await mlrunsImporter.detect(memory({ 'docs/meta.yaml': 'title: My page\nauthor: me\n' }))).toBe(0);
		expect(await mlrunsImporter.detect([])).toBe(0);
		// The model registry alone holds no runs.
		expect(
			await mlrunsImporter.detect(
				memory({ 'mlruns/models/wine/meta.yaml': 'creation_timestamp: 1\nname: wine\n' })
			)
		).toBe(0);
	});

	it('recognises an mlruns tree by names and content', async () => {
		expect(await mlrunsImporter.detect(smallStore())).toBeGreaterThan(0.9);
		expect(await mlrunsImporter.detect(memory({ [`${RUN_A}/meta.yaml`]: runMeta(RUN_A) }))).toBeGreaterThan(
			0.9
		);
		expect(await mlrunsImporter.detect(memory({ 'meta.yaml': runMeta(RUN_A) }))).toBeGreaterThan(0.5);
	});
});

// ---- Format details ------------------------------------------------------------------------------------------

describe('mlruns importer: format details', () => {
	it('keeps 18-digit ids exact, maps meta.yaml fields and reads experiment tags', async () => {
		const imported = await importAll(smallStore());
		expect(imported.experiments).toEqual([
			{
				key: EXP_ID,
				name: 'wine_quality_experiment',
				lifecycleStage: 'active',
				creationTime: 1765034523642,
				lastUpdateTime: 1765034523642,
				artifactLocation: `file:///C:/proj/mlruns/${EXP_ID}`,
				tags: [{ key: 'mlflow.note.content', value: '# Wine\nnotes' }]
			}
		]);
		expect(imported.runs.map((r) => [r.runId, r.experimentKey, r.runName])).toEqual([
			[RUN_B, EXP_ID, 'second'],
			[RUN_A, EXP_ID, 'elasticnet_7b3c1505']
		]);
		expect(imported.warnings).toEqual([]);
	});

	it('maps status ints, legacy run_uuid, missing lifecycle_stage and the run name fallbacks', async () => {
		const runs = ['1', '2', '3', '4', '5'].map((n) => `${n.repeat(32)}`);
		const files = memory({
			'mlruns/1/meta.yaml':
				"artifact_location: file:///x/mlruns/1\nexperiment_id: '1'\nlifecycle_stage: active\nname: old\n",
			...Object.fromEntries(
				runs.map((id, i) => [`mlruns/1/${id}/meta.yaml`, runMeta(id, { status: String(i + 1) })])
			),
			'mlruns/1/abcdefabcdefabcdefabcdefabcdefab/meta.yaml': runMeta('x', {
				run_id: '<absent>',
				run_uuid: 'abcdefabcdefabcdefabcdefabcdefab',
				run_name: '<absent>',
				name: "''",
				status: '<absent>',
				end_time: 'null',
				lifecycle_stage: '<absent>'
			}),
			'mlruns/1/abcdefabcdefabcdefabcdefabcdefab/tags/mlflow.runName': 'from-tag',
			'mlruns/1/cccccccccccccccccccccccccccccccc/meta.yaml': runMeta('cccccccccccccccccccccccccccccccc', {
				run_name: "''",
				lifecycle_stage: 'deleted',
				deleted_time: '1765034559999'
			})
		});
		const imported = await importAll(files);
		expect(imported.runs.map((r) => r.status)).toEqual([
			'RUNNING',
			'SCHEDULED',
			'FINISHED',
			'FAILED',
			'KILLED',
			'RUNNING',
			'FINISHED'
		]);
		const legacy = runById(imported, 'abcdefabcdefabcdefabcdefabcdefab');
		expect(legacy).toMatchObject({
			runName: 'from-tag',
			status: 'RUNNING',
			endTime: null,
			lifecycleStage: 'active'
		});
		const deleted = runById(imported, 'cccccccccccccccccccccccccccccccc');
		expect(deleted).toMatchObject({ runName: 'cccccccc', lifecycleStage: 'deleted' });
		expect(imported.warnings).toEqual([]);
	});

	it('takes the whole file as a param or tag value, exact bytes, nested folders as keys with /', async () => {
		const files = smallStore({
			[`mlruns/${EXP_ID}/${RUN_A}/params/optimizer/lr`]: '1e-3',
			[`mlruns/${EXP_ID}/${RUN_A}/params/spaces`]: '  two lines\n ünïcødé 🎉\n',
			[`mlruns/${EXP_ID}/${RUN_A}/params/__proto__`]: 'polluted?',
			[`mlruns/${EXP_ID}/${RUN_A}/params/empty`]: '',
			[`mlruns/${EXP_ID}/${RUN_A}/tags/mlflow.note.content`]: '\uFEFFwith BOM'
		});
		const run = runById(await importAll(files), RUN_A);
		expect(run.params).toEqual([
			{ key: '__proto__', value: 'polluted?' },
			{ key: 'alpha', value: '0.5' },
			{ key: 'empty', value: '' },
			{ key: 'spaces', value: '  two lines\n ünïcødé 🎉\n' },
			{ key: 'optimizer/lr', value: '1e-3' }
		]);
		expect(valueOf(run.tags, 'mlflow.note.content')).toBe('\uFEFFwith BOM');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('reads every metric line form: 2/3/5 fields, nan and infinities, duplicates, negative steps, CRLF', async () => {
		const lines = [
			'1765034551806 0.6453803508338732 0',
			'1765034551806 0.6453803508338732 0',
			'1765034552000 nan 1',
			'1765034552100 -inf 2',
			'1765034552200 inf 3',
			'1765034552300 Infinity 4',
			'1765034552400 -Infinity 5',
			'1765034552500 NaN 6',
			'1765034553000 0.91 7 wine_train 5f1e3a7b',
			'1765034553100 1e-05 -1',
			'1765034553200 5',
			'1765034553300 2.5 8\r',
			'',
			'1765034553400 3.5 9   '
		];
		const files = smallStore({ [`mlruns/${EXP_ID}/${RUN_A}/metrics/system/cpu`]: lines.join('\n') });
		const imported = await importAll(files);
		expect(imported.warnings).toEqual([]);
		const run = runById(imported, RUN_A);
		expect(run.metrics.keys).toEqual(['rmse', 'system/cpu']);
		const got = points(run, 'system/cpu');
		expect(got.map((p) => p.value)).toEqual([
			0.6453803508338732,
			0.6453803508338732,
			NaN,
			-Infinity,
			Infinity,
			Infinity,
			-Infinity,
			NaN,
			0.91,
			1e-5,
			5,
			2.5,
			3.5
		]);
		expect(got.map((p) => p.step)).toEqual([0, 0, 1, 2, 3, 4, 5, 6, 7, -1, 0, 8, 9]);
		expect(got[12]!.timestamp).toBe(1765034553400);
		expect(run.metrics.values).toBeInstanceOf(Float64Array);
	});

	it('streams big metric files across chunk boundaries without losing or splitting lines', async () => {
		const count = 20_000;
		// Keys of varying width make lines straddle the 64 KiB chunk edges; 'é' in a comment-free value is not
		// possible, so a multi-byte character sits in the key path instead (the decoder must not see it split).
		const body =
			Array.from({ length: count }, (_, i) => `${1700000000000 + i} ${i / 7} ${i}`).join('\n') + '\n';
		const files = smallStore({ [`mlruns/${EXP_ID}/${RUN_A}/metrics/lössé`]: body });
		const run = runById(await importAll(files), RUN_A);
		const got = points(run, 'lössé');
		expect(got).toHaveLength(count);
		expect(got[count - 1]).toEqual({
			value: (count - 1) / 7,
			step: count - 1,
			timestamp: 1700000000000 + count - 1
		});
		expect(got.every((p, i) => p.step === i && p.value === i / 7)).toBe(true);
	});

	it('imports datasets used as inputs, with their context', async () => {
		const dataset = '9b2b4f5c0e8e4a1d9c3b2a1f0e9d8c7b';
		const files = smallStore({
			[`mlruns/${EXP_ID}/datasets/${dataset}/meta.yaml`]: [
				'digest: 5f1e3a7b',
				'name: wine_train',
				'profile: \'{"num_rows": 4898}\'',
				'schema: \'{"mlflow_colspec": []}\'',
				'source: \'{"uri": "/data/wine.csv"}\'',
				'source_type: local',
				''
			].join('\n'),
			[`mlruns/${EXP_ID}/${RUN_A}/inputs/0a1b2c3d4e5f60718293a4b5c6d7e8f9/meta.yaml`]: [
				`destination_id: ${dataset}`,
				'destination_type: RUN',
				`source_id: ${dataset}`,
				'source_type: DATASET',
				'tags:',
				'  mlflow.data.context: train',
				''
			].join('\n'),
			[`mlruns/${EXP_ID}/${RUN_A}/inputs/ffffffffffffffffffffffffffffffff/meta.yaml`]:
				'destination_id: x\ndestination_type: RUN\nsource_id: m-abc\nsource_type: MODEL\ntags: {}\n'
		});
		const run = runById(await importAll(files), RUN_A);
		expect(run.inputs).toEqual([
			{
				name: 'wine_train',
				digest: '5f1e3a7b',
				sourceType: 'local',
				source: '{"uri": "/data/wine.csv"}',
				schema: '{"mlflow_colspec": []}',
				profile: '{"num_rows": 4898}',
				context: 'train'
			}
		]);
	});

	it('lists MLflow 3 logged models with params, tags and run-linked metrics', async () => {
		const modelId = 'm-a3c7498f068d4ecdbb260f931cc3c6c5';
		const files = smallStore({
			[`mlruns/${EXP_ID}/models/${modelId}/meta.yaml`]: [
				`artifact_location: file:///C:/proj/mlruns/${EXP_ID}/models/${modelId}/artifacts`,
				'creation_timestamp: 1765034555000',
				`experiment_id: '${EXP_ID}'`,
				'last_updated_timestamp: 1765034556000',
				`model_id: ${modelId}`,
				"model_type: ''",
				'name: elasticnet',
				`source_run_id: ${RUN_A}`,
				'status: 2',
				'status_message: null',
				''
			].join('\n'),
			[`mlruns/${EXP_ID}/models/${modelId}/params/alpha`]: '0.5',
			[`mlruns/${EXP_ID}/models/${modelId}/tags/mlflow.user`]: 'karla',
			[`mlruns/${EXP_ID}/models/${modelId}/metrics/rmse`]: `1765034557000 0.7 0 ${RUN_A}\n1765034557100 0.6 1 ${RUN_A} wine_eval 0a0b\n`,
			[`mlruns/${EXP_ID}/models/${modelId}/artifacts/MLmodel`]: 'flavors: {}\n',
			[`mlruns/${EXP_ID}/${RUN_A}/outputs/${modelId}/meta.yaml`]: `destination_id: ${modelId}\ndestination_type: MODEL_OUTPUT\nsource_id: ${modelId}\nsource_type: RUN_OUTPUT\nstep: 0\ntags: {}\n`
		});
		const imported = await importAll(files);
		expect(imported.runs).toHaveLength(2);
		expect(imported.models).toHaveLength(1);
		const model = imported.models[0]!;
		expect(model).toMatchObject({
			modelId,
			name: 'elasticnet',
			experimentKey: EXP_ID,
			sourceRunId: RUN_A,
			status: 'READY',
			creationTime: 1765034555000,
			params: [{ key: 'alpha', value: '0.5' }],
			tags: [{ key: 'mlflow.user', value: 'karla' }],
			metrics: [
				{ key: 'rmse', value: 0.7, step: 0, timestamp: 1765034557000, runId: RUN_A },
				{ key: 'rmse', value: 0.6, step: 1, timestamp: 1765034557100, runId: RUN_A }
			]
		});
		expect(model.artifacts.map((a) => a.path)).toEqual(['MLmodel']);
		expect(imported.warnings).toEqual([]);
	});

	it('imports .trash experiments as deleted', async () => {
		const files = memory({
			'mlruns/0/meta.yaml': experimentMeta('0', 'Default'),
			'mlruns/.trash/7/meta.yaml': experimentMeta('7', 'gone')
				.replace('lifecycle_stage: active', 'lifecycle_stage: deleted')
				.concat('tags:\n  purpose: deleted\n  owner: me\n'),
			'mlruns/.trash/7/tags/purpose': 'deleted (from the file)',
			[`mlruns/.trash/7/${RUN_A}/meta.yaml`]: runMeta(RUN_A, { experiment_id: "'7'" }),
			'mlruns/models/wine/meta.yaml': 'creation_timestamp: 1\nname: wine\n',
			'mlruns/models/wine/version-1/meta.yaml': `name: wine\nrun_id: ${RUN_A}\nsource: x\nversion: 1\n`
		});
		const imported = await importAll(files);
		expect(imported.experiments.map((e) => [e.key, e.name, e.lifecycleStage])).toEqual([
			['7', 'gone', 'deleted'],
			['0', 'Default', 'active']
		]);
		// MLflow 3.x writes a deleted experiment's tags into meta.yaml too; the tag files win.
		expect(imported.experiments[0]!.tags).toEqual([
			{ key: 'purpose', value: 'deleted (from the file)' },
			{ key: 'owner', value: 'me' }
		]);
		expect(imported.runs.map((r) => [r.runId, r.experimentKey])).toEqual([[RUN_A, '7']]);
	});

	it('never follows artifact_uri: caps artifact bytes, says when artifacts live elsewhere', async () => {
		const big = new Uint8Array(3000);
		const files = smallStore({
			[`mlruns/${EXP_ID}/${RUN_A}/artifacts/small.txt`]: 'hi',
			[`mlruns/${EXP_ID}/${RUN_A}/artifacts/plots/big.bin`]: big,
			[`mlruns/${EXP_ID}/${RUN_B}/meta.yaml`]: runMeta(RUN_B, {
				artifact_uri: `s3://bucket/${RUN_B}/artifacts`
			})
		});
		const imported = await importAll(files, context({ maxArtifactBytes: 1000 }));
		expect(runById(imported, RUN_A).artifacts.map((a) => a.path)).toEqual(['small.txt']);
		expect(runById(imported, RUN_B).artifacts).toEqual([]);
		expect(imported.warnings.map((w) => [w.kind, w.runId])).toEqual([
			['artifacts-missing', RUN_B],
			['artifacts-over-cap', RUN_A]
		]);
		expect(imported.warnings[0]!.message).toContain('s3://bucket');
	});

	it('finds proxied artifacts (mlflow-artifacts:/…) in a dropped mlartifacts folder', async () => {
		const files = memory({
			'project/mlruns/0/meta.yaml': experimentMeta('0', 'Default'),
			[`project/mlruns/0/${RUN_A}/meta.yaml`]: runMeta(RUN_A, {
				artifact_uri: `mlflow-artifacts:/0/${RUN_A}/artifacts`
			}),
			[`project/mlartifacts/0/${RUN_A}/artifacts/model/MLmodel`]: 'flavors: {}\n'
		});
		const imported = await importAll(files);
		expect(imported.runs[0]!.artifacts.map((a) => a.path)).toEqual(['model/MLmodel']);
		expect(imported.warnings).toEqual([]);
	});

	it('yields progress and stops between runs when cancelled', async () => {
		const controller = new AbortController();
		const seen: ImportItem[] = [];
		for await (const item of mlrunsImporter.read(smallStore(), context({ signal: controller.signal }))) {
			seen.push(item);
			if (item.kind === 'run') controller.abort();
		}
		expect(seen.filter((i) => i.kind === 'run')).toHaveLength(1);
		expect(seen[0]).toMatchObject({ kind: 'progress', bytesDone: 0 });
	});
});

// ---- Bad input -----------------------------------------------------------------------------------------------

describe('mlruns importer: bad input', () => {
	it('an empty folder is not an mlruns tree', async () => {
		expect(await mlrunsImporter.detect([])).toBe(0);
		expect((await failure([])).code).toBe('IMPORT_UNRECOGNIZED');
	});

	it('a meta.yaml that is YAML but not MLflow is not an mlruns tree', async () => {
		const files = memory({ 'site/0/meta.yaml': 'title: Home\nlayout: default\n', 'site/0/index.md': '# hi' });
		expect(await mlrunsImporter.detect(files)).toBe(0);
		expect((await failure(files)).code).toBe('IMPORT_UNRECOGNIZED');
	});

	it('a truncated run meta.yaml alone is IMPORT_CORRUPT with the file and line', async () => {
		const cut = runMeta(RUN_A)
			.slice(0, runMeta(RUN_A).indexOf('run_name:') + 14)
			.replace('run_name: ', "run_name: 'e");
		const files = memory({ [`${RUN_A}/meta.yaml`]: cut });
		const error = await failure(files);
		expect(error.code).toBe('IMPORT_CORRUPT');
		expect(error.details).toMatchObject({ file: `${RUN_A}/meta.yaml` });
		expect(error.details?.line).toBeTypeOf('number');
	});

	it('a run meta.yaml cut between keys: imported with defaults and a warning', async () => {
		const cut = runMeta(RUN_A).slice(0, runMeta(RUN_A).indexOf('start_time:'));
		const imported = await importAll(smallStore({ [`mlruns/${EXP_ID}/${RUN_A}/meta.yaml`]: cut }));
		const run = runById(imported, RUN_A);
		expect(run).toMatchObject({ status: 'RUNNING', startTime: null, userId: '' });
		expect(imported.warnings.map((w) => w.kind)).toEqual(['file-unreadable']);
		expect(imported.warnings[0]!.message).toMatch(/start_time, status, user_id/);
	});

	it('a broken run meta.yaml in a tree: that run is skipped with its line, the others import', async () => {
		const imported = await importAll(
			smallStore({ [`mlruns/${EXP_ID}/${RUN_A}/meta.yaml`]: 'run_id: [unclosed\n' })
		);
		expect(imported.runs.map((r) => r.runId)).toEqual([RUN_B]);
		expect(imported.warnings).toHaveLength(1);
		expect(imported.warnings[0]).toMatchObject({
			kind: 'run-skipped',
			file: `mlruns/${EXP_ID}/${RUN_A}/meta.yaml`
		});
		expect(imported.warnings[0]!.message).toMatch(/line \d/);
	});

	it('a broken experiment meta.yaml: its runs still import, under the folder id', async () => {
		const imported = await importAll(smallStore({ [`mlruns/${EXP_ID}/meta.yaml`]: "name: 'unterminated\n" }));
		expect(imported.experiments.map((e) => [e.key, e.name])).toEqual([[EXP_ID, `Experiment ${EXP_ID}`]]);
		expect(imported.runs).toHaveLength(2);
		expect(imported.warnings.map((w) => w.kind)).toEqual(['file-unreadable']);
	});

	it('garbage bytes in a metric file: a few line warnings, other metrics intact, no crash', async () => {
		const garbage = new Uint8Array(300_000).map((_, i) => ((i * 7919) % 251) + (i % 97 === 0 ? 0 : 1));
		const imported = await importAll(smallStore({ [`mlruns/${EXP_ID}/${RUN_A}/metrics/loss`]: garbage }));
		const run = runById(imported, RUN_A);
		expect(points(run, 'rmse')).toHaveLength(2);
		const unparsed = imported.warnings.filter((w) => w.kind === 'metric-line-unparsed');
		expect(unparsed.length).toBeGreaterThan(0);
		expect(unparsed.length).toBeLessThanOrEqual(4);
		expect(
			unparsed.every((w) => w.runId === RUN_A && w.file === `mlruns/${EXP_ID}/${RUN_A}/metrics/loss`)
		).toBe(true);
	});

	it('an unparsable metric line names run, file and line; the rest of the file is imported', async () => {
		const body = '1 0.5 0\n2 0.6 1\nabc 1 2\n3 zero 2\n4 0.8 3.5\n5 0.9 4\n';
		const imported = await importAll(smallStore({ [`mlruns/${EXP_ID}/${RUN_A}/metrics/loss`]: body }));
		expect(points(runById(imported, RUN_A), 'loss').map((p) => p.timestamp)).toEqual([1, 2, 5]);
		const warnings = imported.warnings.filter((w) => w.kind === 'metric-line-unparsed');
		expect(warnings.map((w) => w.message)).toEqual([
			expect.stringMatching(
				/^run a4504540…: metrics\/loss line 3: 'abc 1 2' timestamp 'abc' is not an integer/
			),
			expect.stringMatching(/metrics\/loss line 4: '3 zero 2' value 'zero' is not a number/),
			expect.stringMatching(/metrics\/loss line 5: '4 0.8 3.5' step '3.5' is not an integer/)
		]);
		expect(warnings.every((w) => w.runId === RUN_A && w.file?.endsWith('metrics/loss'))).toBe(true);
	});

	it('a metric line with 6 fields (dataset name with a space): point imported, step from field 3, warned', async () => {
		const body = '1765034553000 0.91 7 wine train 5f1e3a7b\n1765034553100 0.92 8\n';
		const imported = await importAll(smallStore({ [`mlruns/${EXP_ID}/${RUN_A}/metrics/acc`]: body }));
		expect(points(runById(imported, RUN_A), 'acc')).toEqual([
			{ value: 0.91, step: 7, timestamp: 1765034553000 },
			{ value: 0.92, step: 8, timestamp: 1765034553100 }
		]);
		expect(imported.warnings).toHaveLength(1);
		expect(imported.warnings[0]).toMatchObject({ kind: 'unsupported', runId: RUN_A });
		expect(imported.warnings[0]!.message).toMatch(/1 line\(s\) with 6 fields/);
	});

	it('a YAML bomb (billion laughs) is refused at once, alone or inside a tree', async () => {
		const bomb = [
			'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
			...Array.from({ length: 12 }, (_, i) => {
				const me = String.fromCharCode(98 + i);
				const prev = String.fromCharCode(97 + i);
				return `${me}: &${me} [${Array(9).fill(`*${prev}`).join(',')}]`;
			}),
			'artifact_location: *m',
			'name: *m',
			''
		].join('\n');
		const started = Date.now();
		const alone = memory({ 'mlruns/5/meta.yaml': bomb });
		expect(await mlrunsImporter.detect(alone)).toBe(0);
		const error = await failure(alone);
		expect(error.code).toBe('IMPORT_CORRUPT');
		expect(error.message).toMatch(/alias/);
		const imported = await importAll(smallStore({ [`mlruns/${EXP_ID}/${RUN_A}/meta.yaml`]: bomb }));
		expect(imported.runs.map((r) => r.runId)).toEqual([RUN_B]);
		expect(imported.warnings.map((w) => w.kind)).toEqual(['run-skipped']);
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('a run folder without meta.yaml: meta-missing, the other runs still import', async () => {
		const missing = 'dddddddddddddddddddddddddddddddd';
		const imported = await importAll(
			smallStore({
				[`mlruns/${EXP_ID}/${missing}/params/alpha`]: '0.9',
				[`mlruns/${EXP_ID}/${missing}/metrics/rmse`]: '1 2 3\n',
				[`mlruns/${EXP_ID}/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee/meta.yaml`]: ''
			})
		);
		expect(imported.runs.map((r) => r.runId).sort()).toEqual([RUN_B, RUN_A].sort());
		expect(imported.warnings.map((w) => w.kind)).toEqual(['meta-missing', 'meta-missing']);
		expect(imported.warnings[0]!.message).toContain(missing);
	});

	it('run ids: the folder name wins over meta.yaml; no valid id at all skips the run', async () => {
		const imported = await importAll(
			smallStore({
				[`mlruns/${EXP_ID}/${RUN_B}/meta.yaml`]: runMeta('ffffffffffffffffffffffffffffffff'),
				[`mlruns/${EXP_ID}/not-a-run/meta.yaml`]: runMeta('nope')
			})
		);
		expect(imported.runs.map((r) => r.runId).sort()).toEqual([RUN_A, RUN_B].sort());
		expect(imported.warnings.map((w) => w.kind).sort()).toEqual(['name-content-mismatch', 'run-skipped']);
	});
});

// ---- Real MLflow 3.18 output with what MlflowClient reads back ---------------------------------------------------

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj {
	return typeof value === 'object' && value !== null ? (value as Obj) : {};
}

/** MlflowClient's JSON encodes NaN and the infinities as strings. */
function decodeNumber(value: unknown): number {
	if (typeof value === 'number') return value;
	if (value === 'NaN') return NaN;
	if (value === 'Infinity') return Infinity;
	if (value === '-Infinity') return -Infinity;
	return Number(value);
}

/** {k: v} or [{key, value}] → sorted [{key, value}]. */
function entries(value: unknown): { key: string; value: string }[] {
	const list = Array.isArray(value)
		? value.map((e) => ({ key: String(obj(e).key), value: String(obj(e).value) }))
		: Object.entries(obj(value)).map(([key, v]) => ({ key, value: String(v) }));
	return list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function listOf(value: unknown): unknown[] {
	return Array.isArray(value) ? value : Object.values(obj(value));
}

interface ExpectedPoint {
	value: number;
	step: number;
	timestamp: number;
}

function nullableTime(value: unknown): number | null {
	return value === null || value === undefined ? null : Number(value);
}

function byStepThenTime(a: ExpectedPoint, b: ExpectedPoint): number {
	return a.step - b.step || a.timestamp - b.timestamp;
}

/**
 * Our points of one key in the expected file's order: MLflow's get_metric_history, stable-sorted by (step,
 * timestamp). MLflow's file-store reader returns step 0 for dataset-linked (5-field) lines although the file
 * holds the real step; we keep the real step, so for those keys the step is compared separately.
 */
function comparable(run: ImportedRun, key: string, datasetLinked: boolean): ExpectedPoint[] {
	const ours = points(run, key).map((p) => ({ ...p, step: datasetLinked ? 0 : p.step }));
	return ours.sort(byStepThenTime);
}

function expectRunMatches(got: ImportedRun, r: Obj, experimentId: string): void {
	const info = obj(r.info);
	const where = `run ${got.runId} (${String(info.run_name)})`;
	expect(got.status, where).toBe(info.status);
	expect(got.startTime, where).toBe(nullableTime(info.start_time));
	expect(got.endTime, where).toBe(nullableTime(info.end_time));
	expect(got.lifecycleStage, where).toBe(info.lifecycle_stage);
	expect(got.experimentKey, where).toBe(experimentId);
	expect(got.runName, where).toBe(info.run_name);
	expect(got.userId, where).toBe(info.user_id);
	expect(got.artifactUri, where).toBe(info.artifact_uri);
	expect(entries(got.params), where).toEqual(entries(r.params));
	expect(entries(got.tags), where).toEqual(entries(r.tags));
	const history = Object.entries(obj(r.metric_history));
	expect([...got.metrics.keys].sort(), where).toEqual(history.map(([k]) => k).sort());
	for (const [key, list] of history) {
		const expectedPoints = listOf(list).map(obj);
		const datasetLinked = expectedPoints.every((p) => p.dataset_name !== undefined);
		const want = expectedPoints.map((p) => ({
			value: decodeNumber(p.value),
			step: Number(p.step),
			timestamp: Number(p.timestamp)
		}));
		expect(comparable(got, key, datasetLinked), `${where} ${key}`).toEqual(want);
	}
	// Input order is not part of the format (MLflow lists the folder); compare as sets.
	const inputKey = (i: Obj) => JSON.stringify([i.name, i.digest, i.source, i.sourceType, i.context]);
	const wantInputs = listOf(r.dataset_inputs).map((d) => {
		const o = obj(d);
		const context = obj(o.tags)['mlflow.data.context'] ?? '';
		return inputKey({ name: o.name, digest: o.digest, source: o.source, sourceType: o.source_type, context });
	});
	expect(got.inputs.map((i) => inputKey({ ...i })).sort(), where).toEqual(wantInputs.sort());
	const artifacts = listOf(r.artifacts).map((a) => `${String(obj(a).path)}:${String(obj(a).size)}`);
	expect(got.artifacts.map((a) => `${a.path}:${a.file.size}`).sort(), where).toEqual(artifacts.sort());
}

function expectModelMatches(got: ImportedLoggedModel, m: Obj): void {
	const where = `logged model ${got.modelId}`;
	expect(got.name, where).toBe(m.name);
	expect(got.status, where).toBe(m.status);
	expect(got.sourceRunId, where).toBe(m.source_run_id);
	expect(got.experimentKey, where).toBe(m.experiment_id);
	expect(got.creationTime, where).toBe(nullableTime(m.creation_timestamp));
	expect(entries(got.params), where).toEqual(entries(m.params));
	expect(entries(got.tags), where).toEqual(entries(m.tags));
	const metrics = listOf(m.metrics).map((x) => {
		const o = obj(x);
		return {
			key: o.key,
			value: decodeNumber(o.value),
			step: o.step,
			timestamp: o.timestamp,
			runId: o.run_id ?? null
		};
	});
	// MLflow returns a logged model's latest point per key; we import every line, so compare the latest ones.
	const latest = new Map<string, ImportedLoggedModel['metrics'][number]>();
	for (const point of got.metrics) {
		const seen = latest.get(point.key);
		if (!seen || point.step > seen.step || (point.step === seen.step && point.timestamp >= seen.timestamp)) {
			latest.set(point.key, point);
		}
	}
	const byKey = (a: { key: unknown }, b: { key: unknown }) => String(a.key).localeCompare(String(b.key));
	expect([...latest.values()].sort(byKey), where).toEqual(metrics.sort(byKey));
	const artifacts = listOf(m.artifacts).map((a) => `${String(obj(a).path)}:${String(obj(a).size)}`);
	expect(got.artifacts.map((a) => `${a.path}:${a.file.size}`).sort(), where).toEqual(artifacts.sort());
}

describe('mlruns importer: MLflow 3.18 fixtures', () => {
	it('reads the same from browser Files (grouped reads ahead) as from bytes in memory', async () => {
		const inMemory = fromNodeDir(FIXTURE_MLRUNS);
		const asBlobs = await Promise.all(
			inMemory.map(async (f) => fromBlob(f.path, new Blob([(await f.bytes()).slice()])))
		);
		const fromFiles = await importAll(asBlobs);
		const fromMemory = await importAll(inMemory);
		expect(fromFiles.runs.length).toBeGreaterThan(1);
		expect(fromFiles.runs.map(summary)).toEqual(fromMemory.runs.map(summary));
		expect(fromFiles.runs.map((r) => [r.params, r.tags, r.metrics])).toEqual(
			fromMemory.runs.map((r) => [r.params, r.tags, r.metrics])
		);
		expect(fromFiles.warnings).toEqual(fromMemory.warnings);
	});

	it('matches what MlflowClient reads back, value by value', async () => {
		const expected = obj(JSON.parse(readFileSync(FIXTURE_EXPECTED, 'utf8')));
		const files = fromNodeDir(FIXTURE_MLRUNS);
		expect(await mlrunsImporter.detect(files)).toBeGreaterThan(0.9);
		const imported = await importAll(files);
		expect(imported.warnings).toEqual([]);
		const experiments = listOf(expected.experiments).map(obj);
		expect(imported.experiments.map((e) => e.key).sort()).toEqual(
			experiments.map((e) => String(e.experiment_id)).sort()
		);
		let runCount = 0;
		let pointCount = 0;
		for (const e of experiments) {
			const id = String(e.experiment_id);
			const got = imported.experiments.find((x) => x.key === id);
			expect(got).toMatchObject({
				name: e.name,
				lifecycleStage: e.lifecycle_stage,
				creationTime: nullableTime(e.creation_time),
				lastUpdateTime: nullableTime(e.last_update_time),
				artifactLocation: e.artifact_location
			});
			expect(entries(got?.tags), `experiment ${id}`).toEqual(entries(e.tags));
			for (const r of listOf(e.runs).map(obj)) {
				expectRunMatches(runById(imported, String(obj(r.info).run_id)), r, id);
				runCount++;
			}
			for (const m of listOf(e.logged_models).map(obj)) {
				const model = imported.models.find((x) => x.modelId === m.model_id);
				expect(model, `logged model ${String(m.model_id)}`).toBeDefined();
				if (model) expectModelMatches(model, m);
			}
		}
		for (const run of imported.runs) pointCount += run.metrics.values.length;
		const counts = obj(expected.counts);
		expect(imported.runs).toHaveLength(runCount);
		expect(runCount).toBe(counts.runs);
		expect(pointCount).toBe(counts.metric_points);
		expect(imported.models).toHaveLength(experiments.reduce((n, e) => n + listOf(e.logged_models).length, 0));
	});

	it('keeps the real step of dataset-linked (5-field) metric lines, which MLflow reads back as 0', async () => {
		const imported = await importAll(fromNodeDir(FIXTURE_MLRUNS));
		const run = imported.runs.find((r) => r.runName === 'best-elasticnet-registered');
		expect(run && points(run, 'eval/rmse').map((p) => p.step)).toEqual([1, 2]);
	});

	it('gives the same runs from one experiment folder and from one run folder', async () => {
		const full = await importAll(fromNodeDir(FIXTURE_MLRUNS));
		const experimentId = full.runs.find((r) => r.runName === 'non-finite')?.experimentKey ?? '';
		const experiment = await importAll(fromNodeDir(`${FIXTURE_MLRUNS}/${experimentId}`));
		const inExperiment = full.runs.filter((r) => r.experimentKey === experimentId);
		expect(experiment.runs.map(summary)).toEqual(inExperiment.map(summary));
		const nonFinite = inExperiment.find((r) => r.runName === 'non-finite');
		const one = await importAll(fromNodeDir(`${FIXTURE_MLRUNS}/${experimentId}/${nonFinite?.runId}`));
		expect(one.runs.map(summary)).toEqual([summary(nonFinite as ImportedRun)]);
	});
});
