// Artifact storage on the real sqlite-wasm: chunked round trips, folder listing, path rules, caps, imports that
// keep artifacts all-or-nothing with their run, logged-model files from the real MLflow fixture, and the
// migration of artifacts stored before chunking.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { describe, expect, it } from 'vitest';
import type { RunboardError } from '$lib/api/errors';
import { createImporters } from '$lib/importers';
import { fromBytes } from '$lib/importers/source-files';
import type { ImportedRun, Importer, ImportItem } from '$lib/importers/types';
import { createDbApi } from '../../workers/db/api';
import { runImport } from '../../workers/db/import/run-import';
import { MIGRATIONS } from '../../workers/db/migrations';
import { createTestDb, rejection } from './harness';
import { fromNodeDir } from './node-files';

const sqlite3 = await sqlite3InitModule();
const MiB = 1024 * 1024;

function randomBytes(n: number, seed = 7): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(n);
	let x = seed;
	for (let i = 0; i < n; i++) {
		x = (x * 1103515245 + 12345) >>> 0;
		out[i] = x >>> 24;
	}
	return out;
}

async function bytesOf(blob: Blob): Promise<Uint8Array> {
	return new Uint8Array(await blob.arrayBuffer());
}

/** Byte-exact comparison (vitest's deep equality walks a multi-megabyte array element by element). */
async function expectSameBytes(blob: Blob, expected: Uint8Array): Promise<void> {
	const actual = await bytesOf(blob);
	expect(actual.byteLength).toBe(expected.byteLength);
	expect(Buffer.compare(Buffer.from(actual), Buffer.from(expected))).toBe(0);
}

async function newRun() {
	const { client, api } = await createTestDb();
	const experimentId = await client.createExperiment('exp');
	const run = await client.createRun({ experimentId, runName: 'r', startTime: 1 });
	return { client, api, runId: run.info.runId };
}

describe('logArtifact / getArtifact / listArtifacts', () => {
	it('round-trips text and a 2.5 MiB binary byte for byte, stored as 1 MiB chunks', async () => {
		const { client, runId } = await newRun();
		const big = randomBytes(2.5 * MiB);
		await client.logArtifact(runId, 'model/weights.bin', new Blob([big]));
		await client.logArtifact(runId, 'notes.txt', 'héllo\n');
		await expectSameBytes(await client.getArtifact(runId, 'model/weights.bin'), big);
		expect(await (await client.getArtifact(runId, 'notes.txt')).text()).toBe('héllo\n');
		// Logging the same path again replaces the file.
		await client.logArtifact(runId, 'notes.txt', 'v2');
		expect(await (await client.getArtifact(runId, 'notes.txt')).text()).toBe('v2');
		await client.logArtifact(runId, 'empty.txt', '');
		expect((await client.getArtifact(runId, 'empty.txt')).size).toBe(0);
	});

	it('lists one folder level at a time, folders first with the total size of what they hold', async () => {
		const { client, runId } = await newRun();
		await client.logArtifact(runId, 'a.txt', 'aaa');
		await client.logArtifact(runId, 'model/MLmodel', 'flavors: {}\n');
		await client.logArtifact(runId, 'model/sub/x.bin', new Blob([new Uint8Array(10)]));
		await client.logArtifact(runId, 'model0.txt', 'not in model/');
		expect(await client.listArtifacts(runId)).toEqual([
			{ path: 'model', isDir: true, size: 22 },
			{ path: 'a.txt', isDir: false, size: 3 },
			{ path: 'model0.txt', isDir: false, size: 13 }
		]);
		expect(await client.listArtifacts(runId, 'model/')).toEqual([
			{ path: 'model/sub', isDir: true, size: 10 },
			{ path: 'model/MLmodel', isDir: false, size: 12 }
		]);
		expect(await client.listArtifactFilesOf({ runId }, 'model')).toHaveLength(2);
		expect((await rejection(client.listArtifacts(runId, 'nope'))).code).toBe('NOT_FOUND');
		expect((await rejection(client.getArtifact(runId, 'model'))).code).toBe('NOT_FOUND');
	});

	it('refuses paths that climb, are absolute, blank or look like ".." with a space', async () => {
		const { client, runId } = await newRun();
		for (const bad of [
			'../x',
			'a/../../x',
			'/etc/passwd',
			'C:/x',
			'.. /x',
			'a//b',
			'',
			' ',
			'a\\b',
			'a/\u0000b'
		]) {
			const error = await rejection(client.logArtifact(runId, bad, 'x'));
			expect(error.code, bad).toBe('INVALID_ARGUMENT');
		}
		expect((await rejection(client.listArtifacts(runId, '../'))).code).toBe('INVALID_ARGUMENT');
		expect(await client.listArtifacts(runId)).toEqual([]);
	});

	it('refuses a file over the per-file cap with its size in the message, before reading it', async () => {
		const { client, runId } = await newRun();
		class HugeBlob extends Blob {
			override get size() {
				return 2 * 1024 * MiB;
			}
		}
		const error = await rejection(client.logArtifact(runId, 'big.bin', new HugeBlob(['x'])));
		expect(error.code).toBe('INVALID_ARGUMENT');
		expect(error.message).toMatch(/is 2\.0 GB; one artifact may be at most 100 MB/);
	});

	it('refuses logging to a deleted run and unknown runs', async () => {
		const { client, runId } = await newRun();
		await client.deleteRun(runId);
		expect((await rejection(client.logArtifact(runId, 'a.txt', 'x'))).code).toBe('INVALID_STATE');
		expect((await rejection(client.listArtifacts('f'.repeat(32)))).code).toBe('NOT_FOUND');
	});
});

function importedRun(i: number, artifacts: Record<string, Uint8Array>): ImportedRun {
	return {
		experimentKey: 'e',
		runId: i.toString(16).padStart(32, '0'),
		runName: `run-${i}`,
		status: 'FINISHED',
		startTime: i,
		endTime: i + 1,
		lifecycleStage: 'active',
		userId: '',
		artifactUri: '',
		params: [],
		tags: [],
		metrics: {
			keys: [],
			keyIndex: new Uint32Array(),
			values: new Float64Array(),
			steps: new Float64Array(),
			timestamps: new Float64Array()
		},
		inputs: [],
		artifacts: Object.entries(artifacts).map(([path, bytes]) => ({ path, file: fromBytes(path, bytes) }))
	};
}

describe('artifacts in imports', () => {
	it('are written with their run: a run that fails to write leaves no files behind; re-import replaces', async () => {
		const db = new sqlite3.oo1.DB(':memory:', 'c');
		const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
		const big = randomBytes(1.5 * MiB, 3);
		const importer = (failThird: boolean): Importer => ({
			id: 't',
			label: 'T',
			detect: async () => 1,
			async *read(): AsyncGenerator<ImportItem> {
				yield { kind: 'run', run: importedRun(1, { 'a.txt': new TextEncoder().encode('one') }) };
				const second = importedRun(2, {
					'm/big.bin': big,
					'../escape': new Uint8Array(1),
					'.. /x': new Uint8Array(1)
				});
				// A 2 GB file is refused by its size, before a byte of it is read.
				second.artifacts.push({
					path: 'huge.bin',
					file: {
						path: 'huge.bin',
						size: 2 ** 31,
						bytes: () => Promise.reject(new Error('read')),
						stream: () => {
							throw new Error('read');
						}
					}
				});
				yield { kind: 'run', run: second };
				const bad = importedRun(3, { 'c.txt': new Uint8Array(5) });
				if (failThird) bad.status = 'BROKEN' as ImportedRun['status'];
				yield { kind: 'run', run: bad };
			}
		});
		const options = { signal: new AbortController().signal, now: () => 1 };
		const error = await runImport(
			{ db, sqlite3 },
			[importer(true)],
			[fromBytes('x', new Uint8Array())],
			options
		)
			.then(() => null)
			.catch((e: RunboardError) => e);
		expect(error?.message).toContain('2 runs were imported completely');
		const second = importedRun(2, {}).runId;
		await expectSameBytes(await api.getArtifact({ runId: second }, 'm/big.bin'), big);
		// The file named '../escape' was refused, not stored; run 3 and its file are gone entirely.
		expect((await api.listArtifacts({ runId: second })).map((e) => e.path)).toEqual(['m']);
		expect(db.selectValue("SELECT count(*) FROM artifact_files WHERE path = 'c.txt'")).toBe(0);
		expect(db.selectValue('SELECT count(*) FROM artifact_files')).toBe(2);
		const report = await runImport(
			{ db, sqlite3 },
			[importer(false)],
			[fromBytes('x', new Uint8Array())],
			options
		);
		expect(report.artifactFiles).toBe(3);
		expect(report.warnings.find((w) => w.kind === 'unsupported')?.count).toBe(2);
		expect(report.warnings.find((w) => w.kind === 'artifacts-over-cap')?.examples[0]).toMatch(
			/huge\.bin \(2\.0 GB\) was not stored: the cap for one file is 100 MB/
		);
		expect(db.selectValue('SELECT count(*) FROM artifact_files')).toBe(3);
		expect(db.selectValue('SELECT count(*) FROM artifact_chunks')).toBe(4);
		expect(await api.integrityCheck()).toBe('ok');
	});

	async function quickstartModel(files: ReturnType<typeof fromNodeDir>) {
		const db = new sqlite3.oo1.DB(':memory:', 'c');
		const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
		const options = { signal: new AbortController().signal, now: () => 1 };
		await runImport({ db, sqlite3 }, createImporters(sqlite3), files, options);
		const exp = await api.getExperimentByName('diabetes-quickstart');
		const { runs } = await api.searchRuns({ experimentIds: [exp!.experimentId] });
		const withModels = [];
		for (const run of runs) {
			const models = await api.listLoggedModels(run.info.runId);
			if (models.length > 0) withModels.push({ run, models });
		}
		const first = withModels[0]!;
		const root = { modelId: first.models[0]!.modelId };
		const names = (await api.listArtifacts(root)).map((e) => e.path);
		const mlmodel = await (await api.getArtifact(root, 'MLmodel')).text();
		const requirements = await (await api.getArtifact(root, 'requirements.txt')).text();
		return { count: withModels.length, names, mlmodel, requirements };
	}

	it('keeps MLflow 3 logged-model files from a real mlruns folder, found through their source run', async () => {
		const seen = await quickstartModel(fromNodeDir('tests/fixtures/mlflow/mlruns'));
		expect(seen.count).toBeGreaterThanOrEqual(12);
		expect(seen.names).toEqual(expect.arrayContaining(['MLmodel', 'requirements.txt', 'conda.yaml']));
		expect(seen.mlmodel).toContain('flavors:');
		expect(seen.requirements).toMatch(/^mlflow==3\.18/m);
	});

	it('keeps them from a real mlflow.db with its mlartifacts folder too', async () => {
		const files = [
			...fromNodeDir('tests/fixtures/mlflow', 'tracking').filter(
				(f) => f.path === 'tracking/mlflow.db' || f.path.startsWith('tracking/mlartifacts/')
			)
		];
		const seen = await quickstartModel(files);
		expect(seen.count).toBeGreaterThanOrEqual(12);
		expect(seen.names).toEqual(expect.arrayContaining(['MLmodel', 'requirements.txt', 'python_env.yaml']));
		expect(seen.requirements).toMatch(/^scikit-learn==/m);
	});
});

describe('migration to chunked storage', () => {
	it('moves artifacts stored as one BLOB into chunks, byte for byte', async () => {
		const db = new sqlite3.oo1.DB(':memory:', 'c');
		db.transaction(() => {
			db.exec(MIGRATIONS[0] as string);
			db.exec(MIGRATIONS[1] as string);
			db.exec('PRAGMA user_version = 2');
		});
		const big = randomBytes(2 * MiB + 17, 11);
		db.exec(`INSERT INTO experiments(experiment_id, name, creation_time, last_update_time) VALUES (1, 'e', 0, 0);
			INSERT INTO runs(run_pk, run_uuid, experiment_id) VALUES (1, '${'a'.repeat(32)}', 1);`);
		db.exec({ sql: "INSERT INTO artifacts VALUES (1, 'w/big.bin', ?, ?)", bind: [big.byteLength, big] });
		db.exec({
			sql: "INSERT INTO artifacts VALUES (1, 'small.txt', 2, ?)",
			bind: [new Uint8Array([104, 105])]
		});
		db.exec("INSERT INTO artifacts VALUES (1, 'empty', 0, x'')");
		const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
		const root = { runId: 'a'.repeat(32) };
		await expectSameBytes(await api.getArtifact(root, 'w/big.bin'), big);
		expect(await (await api.getArtifact(root, 'small.txt')).text()).toBe('hi');
		expect((await api.getArtifact(root, 'empty')).size).toBe(0);
		expect(db.selectValue('SELECT count(*) FROM artifact_chunks')).toBe(4);
	});
});
