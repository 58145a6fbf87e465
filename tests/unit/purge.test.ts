// Removing deleted runs and experiments for good (MLflow's gc): everything they own goes, nothing active is touched,
// and the freed space is what a full browser storage needs (deleting alone only marks).
import { readFileSync } from 'node:fs';
import sqlite3InitModule, { type Database } from '@sqlite.org/sqlite-wasm';
import { describe, expect, it } from 'vitest';
import { RunboardClient } from '$lib/client/runboard';
import { createDbApi } from '../../workers/db/api';

const DEMO = 'static/demo/diabetes-quickstart.zip';

async function open() {
	const sqlite3 = await sqlite3InitModule();
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
	const client = new RunboardClient({
		api: async () => api,
		transfer: (value) => value,
		proxy: (fn) => fn,
		changed: () => undefined
	});
	return { db, api, client };
}

/** Rows of every table, by table: what a purge must leave exactly as the active data needs. */
function rowCounts(db: Database): Record<string, number> {
	const tables = db.selectValues(
		"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
	) as string[];
	return Object.fromEntries(tables.map((t) => [t, Number(db.selectValue(`SELECT count(*) FROM "${t}"`))]));
}

async function runWithEverything(
	client: RunboardClient,
	experimentId: string,
	name: string
): Promise<string> {
	const runId = (await client.createRun({ experimentId, runName: name, tags: { kind: name } })).info.runId;
	const metrics = Array.from({ length: 10_000 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), step }));
	await client.logBatch(runId, { metrics, params: { alpha: name } });
	await client.getMetricSeries(runId, 'loss', { width: 400 }); // builds the series' summary blocks
	await client.logArtifact(runId, 'model/weights.bin', new Blob([new Uint8Array(300_000)]));
	return runId;
}

describe('purgeDeleted', () => {
	it('removes deleted runs and experiments with all they own, and leaves the active ones exactly as they were', async () => {
		const { db, api, client } = await open();
		await api.importFiles([{ path: 'demo.zip', file: new Blob([readFileSync(DEMO)]) }]);
		const demo = (await client.getExperimentByName('diabetes-quickstart'))!.experimentId;
		const kept = await client.createExperiment('kept');
		const keptRun = await runWithEverything(client, kept, 'kept');
		const baseline = rowCounts(db);
		const keptBefore = JSON.stringify([
			await client.getRun(keptRun),
			await client.getMetricHistory(keptRun, 'loss'),
			await client.listArtifactFilesOf({ runId: keptRun }, '')
		]);

		// A deleted run in an active experiment, and a deleted experiment (with its imported runs, logged models
		// and their files) holding an active run.
		const gone = await runWithEverything(client, kept, 'gone');
		await client.deleteRun(gone);
		await client.deleteExperiment(demo);
		// Deleted: the demo's runs (all of baseline's but the kept one) and the run `gone`.
		expect(baseline.logged_models).toBeGreaterThan(0);
		expect(await client.countDeleted()).toEqual({ runs: baseline.runs!, experiments: 1 });

		const result = await client.purgeDeleted();
		expect(result).toMatchObject({ runs: baseline.runs!, experiments: 1, compacted: true });
		expect(result.bytesAfter).toBeLessThan(result.bytesBefore);
		expect(await client.countDeleted()).toEqual({ runs: 0, experiments: 0 });
		// Only the kept run's rows remain; every table that held something of the others is down to it.
		const after = rowCounts(db);
		expect(after.runs).toBe(1);
		expect(after.experiments).toBe(baseline.experiments! - 1);
		expect(after.logged_models).toBe(0);
		expect(after.artifact_files).toBe(1);
		expect(after.params).toBe(1);
		expect(
			Number(db.selectValue('SELECT count(*) FROM metrics WHERE run_pk NOT IN (SELECT run_pk FROM runs)'))
		).toBe(0);
		for (const table of [
			'tags',
			'latest_metrics',
			'metric_blocks',
			'metric_pages',
			'run_inputs',
			'experiment_tags'
		])
			expect(after[table], table).toBeLessThanOrEqual(baseline[table]!);
		expect(
			Number(
				db.selectValue(
					'SELECT count(*) FROM artifact_chunks WHERE file_id NOT IN (SELECT file_id FROM artifact_files)'
				)
			)
		).toBe(0);
		expect(
			JSON.stringify([
				await client.getRun(keptRun),
				await client.getMetricHistory(keptRun, 'loss'),
				await client.listArtifactFilesOf({ runId: keptRun }, '')
			])
		).toBe(keptBefore);
		expect(await client.integrityCheck()).toBe('ok');
		expect(db.selectValue('PRAGMA foreign_key_check')).toBeUndefined();
		// The purged ids are free again: the same demo imports anew.
		const again = await api.importFiles([{ path: 'demo.zip', file: new Blob([readFileSync(DEMO)]) }]);
		expect(again.runsWritten).toBe(baseline.runs! - 1);
	});

	it('with nothing deleted, removes nothing', async () => {
		const { db, client } = await open();
		const exp = await client.createExperiment('only');
		await runWithEverything(client, exp, 'only');
		const before = rowCounts(db);
		expect(await client.purgeDeleted()).toMatchObject({ runs: 0, experiments: 0 });
		expect(rowCounts(db)).toEqual(before);
	});
});
