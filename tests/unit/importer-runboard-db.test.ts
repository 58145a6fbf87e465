// The Runboard database importer: a database built through the real DbApi, exported as the Storage page's
// download, restored into a fresh database and compared with the original record for record, point for point and
// byte for byte, and imported again without copies. Refusals and warnings: importer-runboard-db-bad.test.ts.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunboardClient } from '$lib/client/runboard';
import { createImporters } from '$lib/importers';
import { detectionPrefix, openUntrusted } from '$lib/importers/mlflow-db/open';
import { RUNBOARD_SCHEMA_VERSION } from '$lib/importers/runboard-db/schema';
import { fromBytes } from '$lib/importers/source-files';
import { createDbApi } from '../../workers/db/api';
import { MIGRATIONS, SCHEMA_VERSION } from '../../workers/db/migrations';
import { createTestDb } from './harness';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { bigArtifact, edited, exportedDb, importMlflowFixture, logApiRuns } from './runboard-db-source';

const sqlite3 = await sqlite3InitModule();
const importers = createImporters(sqlite3);
const FILE = 'runboard-2026-12-07.sqlite';

/** Everything a person sees of a database, experiment ids replaced by names (a fresh database numbers anew). */
async function snapshot(client: RunboardClient) {
	const experiments = await client.searchExperiments({ viewType: 'ALL' });
	const nameOf = new Map(experiments.map((e) => [e.experimentId, e.name]));
	const { runs } = await client.searchRuns({
		experimentIds: experiments.map((e) => e.experimentId),
		runViewType: 'ALL',
		maxResults: 1000
	});
	const out = [];
	for (const run of [...runs].sort((a, b) => (a.info.runId < b.info.runId ? -1 : 1))) {
		const { runId } = run.info;
		const history: Record<string, unknown[]> = {};
		for (const key of [...new Set(run.data.metrics.map((m) => m.key))].sort()) {
			history[key] = (await client.getMetricHistory(runId, key)).map((m) => [
				m.step,
				m.timestamp,
				spelled(m.value)
			]);
		}
		const artifacts = [];
		for (const entry of await client.listArtifactFilesOf({ runId })) {
			artifacts.push([entry.path, entry.size, await digest(await client.getArtifact(runId, entry.path))]);
		}
		const models = [];
		for (const model of await client.listLoggedModels(runId)) {
			const files = [];
			for (const entry of await client.listArtifactFilesOf({ modelId: model.modelId })) {
				files.push([
					entry.path,
					await digest(await client.getArtifactOf({ modelId: model.modelId }, entry.path))
				]);
			}
			models.push({ ...model, files });
		}
		out.push({
			info: { ...run.info, experimentId: nameOf.get(run.info.experimentId) },
			params: run.data.params,
			tags: run.data.tags,
			latest: run.data.metrics.map((m) => ({ ...m, value: spelled(m.value) })),
			history,
			artifacts,
			models
		});
	}
	return {
		experiments: experiments
			.map((e) => ({ ...e, experimentId: undefined }))
			.sort((a, b) => (a.name < b.name ? -1 : 1)),
		runs: out
	};
}

function spelled(x: number): number | string {
	return Object.is(x, -0) ? '-0' : Number.isFinite(x) ? x : String(x);
}

async function digest(blob: Blob): Promise<string> {
	const hash = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
	return Buffer.from(hash).toString('hex');
}

const entry = (bytes: Uint8Array, path = FILE) => ({ path, file: new Blob([bytes.slice()]) });

describe('runboard-db: backup → restore', () => {
	let original: Awaited<ReturnType<typeof snapshot>>;
	let bytes: Uint8Array;

	beforeAll(async () => {
		const { api, client } = await createTestDb();
		await logApiRuns(client);
		await importMlflowFixture(client);
		original = await snapshot(client);
		bytes = await api.exportDatabase();
	}, 120_000);

	it('this build reads the schema version it writes', () => {
		expect(RUNBOARD_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
	});

	it('restores every experiment, run, param, tag, metric point, artifact and logged model', async () => {
		expect(original.runs.length).toBeGreaterThan(30);
		const { client } = await createTestDb();
		const report = await client.importFiles([entry(bytes)]);
		expect(report.format).toBe('runboard-db');
		expect(report.warnings).toEqual([]);
		expect(report.runsWritten).toBe(original.runs.length);
		expect(report.loggedModels).toBeGreaterThan(0);
		const restored = await snapshot(client);
		// Experiments made by the restore carry the time of the restore; the rest is the original's.
		const timeless = (s: typeof original) =>
			s.experiments.map(({ creationTime, lastUpdateTime, ...e }) => ({
				...e,
				times: creationTime !== undefined && lastUpdateTime !== undefined
			}));
		expect(timeless(restored)).toEqual(timeless(original));
		expect(restored.runs).toEqual(original.runs);

		const api = restored.runs.find((r) => r.info.runName === 'alpha');
		expect(api?.history['loss']).toHaveLength(3000);
		// SQLite keeps a REAL -0.0 as 0, so the live database already answers 0: the backup holds what it holds.
		expect(api?.history['odd/values']?.map((p) => (p as unknown[])[2])).toEqual([
			'NaN',
			'Infinity',
			'-Infinity',
			0,
			0,
			1e308
		]);
		expect(api?.artifacts.find((a) => a[0] === 'weights/model.bin')?.[1]).toBe(bigArtifact().length);
		expect(restored.runs.find((r) => r.info.runName === 'beta')?.info.lifecycleStage).toBe('deleted');
		const described = restored.experiments.find((e) => e.name === 'restore-api');
		expect(described?.tags).toContainEqual({
			key: 'mlflow.note.content',
			value: 'Runs logged through window.runboard'
		});
	}, 120_000);

	it('importing the same file again replaces each run: nothing is duplicated', async () => {
		const { client } = await createTestDb();
		const first = await client.importFiles([entry(bytes)]);
		const second = await client.importFiles([entry(bytes, 'copy/runboard.sqlite')]);
		expect(second.runsWritten).toBe(first.runsWritten);
		expect(second.loggedModels).toBe(first.loggedModels);
		const again = await snapshot(client);
		expect(again.experiments.map((e) => e.name)).toEqual(original.experiments.map((e) => e.name));
		expect(again.runs).toEqual(original.runs);
	}, 120_000);

	it('wins detection over the mlflow.db importer, by content, under any name', async () => {
		for (const path of [FILE, 'mlflow.db', 'backup']) {
			const file = fromBytes(path, bytes);
			const scores = await Promise.all(importers.map(async (i) => [i.id, await i.detect([file])] as const));
			const best = scores.reduce((a, b) => (b[1] > a[1] ? b : a));
			expect(best[0], path).toBe('runboard-db');
		}
	});
});

describe('runboard-db: a database upgraded over the years', () => {
	it('whose newer tables lie past the first megabyte is still recognised, and restores', async () => {
		// Schema 3 with 1.5 MB of artifact bytes, then migrated to the current schema by the real DbApi: the
		// tables of the later migrations get pages at the end of the file, past what detection reads first.
		const db = new sqlite3.oo1.DB(':memory:', 'c');
		for (let v = 0; v < 3; v++) db.exec(MIGRATIONS[v] as string);
		db.exec(`PRAGMA user_version = 3;
			INSERT INTO experiments(experiment_id, name, creation_time, last_update_time) VALUES (1, 'early', 1, 1);
			INSERT INTO runs(run_pk, run_uuid, experiment_id, name, status) VALUES (1, '${'a'.repeat(32)}', 1, 'old', 'FINISHED');
			INSERT INTO artifact_files(file_id, run_pk, path, size) VALUES (1, 1, 'blob.bin', 1500000);
			INSERT INTO artifact_chunks(file_id, seq, data) VALUES (1, 0, randomblob(1048576)), (1, 1, randomblob(451424));`);
		const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
		await api.logBatch('a'.repeat(32), {
			metrics: {
				keys: ['loss'],
				keyIndex: new Uint32Array([0, 0]),
				values: new Float64Array([0.5, NaN]),
				steps: new Float64Array([0, 1]),
				timestamps: new Float64Array([10, 20])
			}
		});
		const blob = await api.getArtifact({ runId: 'a'.repeat(32) }, 'blob.bin');
		const bytes = await api.exportDatabase();
		const prefix = detectionPrefix(bytes.slice(0, 1024 * 1024));
		expect(() =>
			openUntrusted(sqlite3, prefix, FILE, false).db.selectValue('SELECT count(*) FROM metric_pages')
		).toThrow();

		const { client } = await createTestDb();
		const report = await client.importFiles([entry(bytes)]);
		expect(report.format).toBe('runboard-db');
		expect(report.runsWritten).toBe(1);
		const history = await client.getMetricHistory('a'.repeat(32), 'loss');
		expect(history.map((m) => [m.step, m.timestamp, String(m.value)])).toEqual([
			[0, 10, '0.5'],
			[1, 20, 'NaN']
		]);
		expect(await digest(await client.getArtifact('a'.repeat(32), 'blob.bin'))).toBe(await digest(blob));
	});
});

describe('runboard-db: golden', () => {
	it('what the importer reads from a backup of the MLflow interop runs', async () => {
		// The experiments an import creates carry the time of that import: fixed here, so the golden is stable.
		const bytes = edited(
			await exportedDb(importMlflowFixture),
			'UPDATE experiments SET creation_time = 1767225600000, last_update_time = 1767225600000'
		);
		const files = [fromBytes(FILE, bytes)];
		expectGolden('runboard-db-interop', goldenDump(await importFiles(files), { '<db>': FILE }));
		await expectGoldenRenamed(
			'runboard-db-interop',
			renamed(files, () => 'upload'),
			{ '<db>': 'upload' },
			['name-content-mismatch']
		);
	}, 60_000);
});
