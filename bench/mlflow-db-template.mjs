// Writes generated rows into the real MLflow 3.18 schema: the interop fixture's mlflow.db with its rows removed
// and one experiment (id 1) added. The benches and the runs-table e2e fill it with their own runs.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { readFileSync, writeFileSync } from 'node:fs';

export const T0 = 1_765_000_000_000;

/**
 * @typedef {import('@sqlite.org/sqlite-wasm').PreparedStatement} Statement
 * @typedef {{ run: Statement; param: Statement; tag: Statement; metric: Statement; latest: Statement }} Inserts
 * run: (run_uuid, name, start_time, end_time); param and tag: (key, value, run_uuid);
 * metric: (key, value, timestamp, run_uuid, step, is_nan); latest: (key, value, timestamp, step, is_nan, run_uuid).
 */

/**
 * @param {string} fixture the template mlflow.db
 * @param {string} out where the file goes
 * @param {string} experimentName
 * @param {(inserts: Inserts) => void} fill writes the runs, inside one transaction
 * @returns {Promise<string>} `out`
 */
export async function writeMlflowDbRows(fixture, out, experimentName, fill) {
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
			sql: "INSERT INTO experiments(experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace) VALUES (1, ?, '/bench', 'active', ?, ?, 'default')",
			bind: [experimentName, T0, T0]
		});
		const inserts = {
			run: db.prepare(
				"INSERT INTO runs(run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES (?, ?, 'UNKNOWN', '', '', 'bench', 'FINISHED', ?, ?, '', 'active', '', 1)"
			),
			param: db.prepare('INSERT INTO params(key, value, run_uuid) VALUES (?, ?, ?)'),
			tag: db.prepare('INSERT INTO tags(key, value, run_uuid) VALUES (?, ?, ?)'),
			metric: db.prepare(
				'INSERT INTO metrics(key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)'
			),
			latest: db.prepare(
				'INSERT INTO latest_metrics(key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)'
			)
		};
		fill(inserts);
		for (const s of Object.values(inserts)) s.finalize();
	});
	writeFileSync(out, capi.sqlite3_js_db_export(pointer));
	db.close();
	return out;
}
