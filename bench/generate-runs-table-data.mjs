// An mlflow.db (the real MLflow 3.18 schema, from the interop fixture with its rows removed) of RUNS runs × 30
// params × 20 metrics (one point each), for the runs-table bench and e2e: imported through the import path like
// a user's file. Run i: params p0..p29 = (i·31 + k) mod 997 (p29 missing on every 10th run), metrics m0..m19 =
// a deterministic spread (m0 is NaN on every 50th run), start time T0 + i seconds.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { readFileSync, writeFileSync } from 'node:fs';

export const TABLE_PARAMS = 30;
export const TABLE_METRICS = 20;
const T0 = 1_765_000_000_000;

/** @param {number} i */
export const tableRunId = (i) => (0x2000000 + i).toString(16).padStart(32, 'b');
/** @param {number} i @param {number} k */
export const tableParam = (i, k) => String((i * 31 + k) % 997);
/** @param {number} i @param {number} k @returns {number} */
export const tableMetric = (i, k) =>
	k === 0 && i % 50 === 7 ? NaN : ((i * 7919 + k * 104729) % 100_003) / 1000;

/** @param {string} fixture @param {string} out @param {number} runs @returns {Promise<string>} */
export async function writeRunsTableDb(fixture, out, runs) {
	const sqlite3 = await sqlite3InitModule();
	const { capi, wasm } = sqlite3;
	const bytes = new Uint8Array(readFileSync(fixture));
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const pointer = /** @type {number} */ (db.pointer);
	const p = wasm.allocFromTypedArray(bytes);
	const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE;
	capi.sqlite3_deserialize(pointer, 'main', p, bytes.length, bytes.length, flags);
	db.exec('PRAGMA foreign_keys = OFF');
	const tables = db.selectValues(
		"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'alembic_version'"
	);
	db.transaction(() => {
		for (const t of tables) db.exec(`DELETE FROM "${t}"`);
		db.exec({
			sql: "INSERT INTO experiments(experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace) VALUES (1, 'runs-table', '/bench', 'active', ?, ?, 'default')",
			bind: [T0, T0]
		});
		const run = db.prepare(
			"INSERT INTO runs(run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES (?, ?, 'UNKNOWN', '', '', 'bench', 'FINISHED', ?, ?, '', 'active', '', 1)"
		);
		const param = db.prepare('INSERT INTO params(key, value, run_uuid) VALUES (?, ?, ?)');
		const tag = db.prepare('INSERT INTO tags(key, value, run_uuid) VALUES (?, ?, ?)');
		const metric = db.prepare(
			'INSERT INTO metrics(key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, 0, ?)'
		);
		const latest = db.prepare(
			'INSERT INTO latest_metrics(key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, 0, ?, ?)'
		);
		for (let i = 0; i < runs; i++) {
			const id = tableRunId(i);
			const start = T0 + i * 1000;
			run.bind([id, `run-${i}`, start, start + 900 + (i % 13) * 100]).stepReset();
			tag.bind(['mlflow.runName', `run-${i}`, id]).stepReset();
			tag.bind(['team', `team-${i % 5}`, id]).stepReset();
			for (let k = 0; k < TABLE_PARAMS; k++) {
				if (k === TABLE_PARAMS - 1 && i % 10 === 0) continue;
				param.bind([`p${k}`, tableParam(i, k), id]).stepReset();
			}
			for (let k = 0; k < TABLE_METRICS; k++) {
				const v = tableMetric(i, k);
				const nan = Number.isNaN(v) ? 1 : 0;
				metric.bind([`m${k}`, nan ? 0 : v, start, id, nan]).stepReset();
				latest.bind([`m${k}`, nan ? 0 : v, start, nan, id]).stepReset();
			}
		}
		for (const s of [run, param, tag, metric, latest]) s.finalize();
	});
	writeFileSync(out, capi.sqlite3_js_db_export(pointer));
	db.close();
	return out;
}
