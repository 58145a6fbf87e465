// The seed of the Runboard database sweep: a small database made through the real DbApi (three runs with params,
// tags, points incl. NaN and ±Infinity, a deleted run, artifacts over two chunks) plus one logged model written
// as the database worker writes them, exported as the Storage page downloads it. Mutations of its rows go through
// SQL (mutateRunboardRows), so SQLite's integrity check passes and the importer's own reading is what is tested.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { Prng } from '../prng';
import { createDbApi } from '../../../workers/db/api';
import { VALUES } from './mutate-db';

/** The tables the importer reads, and two it must ignore (the chart summaries). */
const TABLES = [
	'meta',
	'experiments',
	'experiment_tags',
	'runs',
	'params',
	'tags',
	'metric_keys',
	'metrics',
	'run_inputs',
	'logged_models',
	'artifact_files',
	'artifact_chunks',
	'latest_metrics',
	'metric_pages'
];

export async function runboardDbSeed(sqlite3: Sqlite3Static): Promise<Uint8Array> {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
	const experimentId = await api.createExperiment('fuzz', [{ key: 'mlflow.note.content', value: 'seed' }]);
	for (let i = 0; i < 3; i++) {
		const run = await api.createRun({ experimentId, runName: `r${i}`, startTime: 1_700_000_000_000 + i });
		const n = 300;
		const values = Float64Array.from({ length: n + 3 }, (_, k) =>
			k < n ? k / (i + 1) : [NaN, Infinity, -Infinity][k - n]!
		);
		await api.logBatch(run.info.runId, {
			params: [{ key: 'lr', value: String(i) }],
			tags: [{ key: 't', value: 'x' }],
			metrics: {
				keys: ['loss', 'odd'],
				keyIndex: Uint32Array.from({ length: n + 3 }, (_, k) => (k < n ? 0 : 1)),
				values,
				steps: Float64Array.from({ length: n + 3 }, (_, k) => (k < n ? k : k - n)),
				timestamps: Float64Array.from({ length: n + 3 }, (_, k) => 1_700_000_000_000 + k)
			}
		});
		await api.logArtifact(run.info.runId, 'a.txt', new Blob([`run ${i}`]));
		if (i === 0)
			await api.logArtifact(run.info.runId, 'big.bin', new Blob([new Uint8Array(1024 * 1024 + 10).fill(7)]));
		if (i === 1) await api.deleteRun(run.info.runId);
		if (i === 2) {
			db.exec({
				sql: `INSERT INTO logged_models(model_id, experiment_id, name, source_run_uuid, status, creation_time, params, tags, metrics)
					VALUES ('m-1', ?1, 'model', ?2, 'READY', 1, '[{"key":"p","value":"1"}]', '[]',
					'[{"key":"acc","value":"NaN","step":0,"timestamp":1,"runId":null}]')`,
				bind: [Number(experimentId), run.info.runId]
			});
			db.exec(`INSERT INTO artifact_files(model_id, path, size) VALUES ('m-1', 'MLmodel', 3)`);
			db.exec(`INSERT INTO artifact_chunks(file_id, seq, data) VALUES (last_insert_rowid(), 0, X'616263')`);
		}
	}
	const bytes = await api.exportDatabase();
	db.close();
	return bytes;
}

/** 1–4 row changes through SQL on a writable copy: a value of any class, a row deleted or repeated, a table dropped. */
export function mutateRunboardRows(sqlite3: Sqlite3Static, prng: Prng, seed: Uint8Array): Uint8Array {
	const { capi, wasm } = sqlite3;
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	try {
		const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE;
		capi.sqlite3_deserialize(db, 'main', wasm.allocFromTypedArray(seed), seed.length, seed.length, flags);
		const changes = 1 + prng.int(4);
		for (let c = 0; c < changes; c++) {
			const table = prng.pick(TABLES);
			const info = db.selectArrays(`SELECT name, pk FROM pragma_table_info('${table}')`);
			if (info.length === 0) continue;
			const column = String(prng.pick(info)[0]);
			// Most of Runboard's tables are WITHOUT ROWID: a row is named by its primary key.
			const key = info.filter((r) => Number(r[1]) > 0).map((r) => `"${String(r[0])}"`);
			const id = key.length && table !== 'runs' && table !== 'experiments' ? key : ['rowid'];
			const count = Number(db.selectValue(`SELECT count(*) FROM "${table}"`));
			const where = `(${id.join(', ')}) = (SELECT ${id.join(', ')} FROM "${table}" LIMIT 1 OFFSET ${prng.int(Math.max(count, 1))})`;
			const kind = prng.int(10);
			try {
				if (kind < 6) db.exec(`UPDATE "${table}" SET "${column}" = ${prng.pick(VALUES)} WHERE ${where}`);
				else if (kind === 6) db.exec(`DELETE FROM "${table}" WHERE ${where}`);
				else if (kind === 7) db.exec(`UPDATE "${table}" SET "${column}" = ${prng.pick(VALUES)}`);
				else if (kind === 8) db.exec(`DROP TABLE "${table}"`);
				else {
					const list = info.map((r) => `"${String(r[0])}"`).join(', ');
					db.exec(`INSERT OR IGNORE INTO "${table}"(${list}) SELECT ${list} FROM "${table}" WHERE ${where}`);
				}
			} catch {
				// A constraint (NOT NULL, CHECK, a unique key) refused this change: try another.
			}
		}
		return capi.sqlite3_js_db_export(db);
	} finally {
		db.close();
	}
}
