// The runs-table experiment (the same runs as generate-runs-table-data.mjs) as a Runboard database backup, the
// file the Storage page's "Download database (.sqlite)" gives, which the import page restores like a user's.
// At 100,000 runs × 30 params × 20 metrics an mlflow.db is ~1.3 GB (every row repeats the run's 32-character id,
// and the metrics are stored twice): it does not fit the generator's in-memory SQLite, and the import would have
// to hold it whole in the parse worker's heap. Runboard's own schema keys rows by an integer and metrics by a key
// id: the same runs take ~10× less. The schema comes from the running app itself (`template`: an empty database
// downloaded from its Storage page), so the file is whatever version the build under test writes.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { readFileSync, writeFileSync } from 'node:fs';
import { T0 } from './mlflow-db-template.mjs';
import {
	TABLE_METRICS,
	TABLE_PARAMS,
	tableMetric,
	tableParam,
	tableRunId
} from './generate-runs-table-data.mjs';

/**
 * @param {string} template an empty Runboard database (the Storage page's download from a fresh profile)
 * @param {string} out where the file goes
 * @param {number} runs
 * @returns {Promise<string>} `out`
 */
export async function writeRunsTableBackup(template, out, runs) {
	const sqlite3 = await sqlite3InitModule();
	const { capi, wasm } = sqlite3;
	const bytes = new Uint8Array(readFileSync(template));
	// A backup of a WAL database says so in its header (bytes 18–19 = 2); in memory it is a plain rollback file.
	bytes[18] = 1;
	bytes[19] = 1;
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const pointer = /** @type {number} */ (db.pointer);
	const p = wasm.allocFromTypedArray(bytes);
	const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE;
	capi.sqlite3_deserialize(pointer, 'main', p, bytes.length, bytes.length, flags);
	db.exec('PRAGMA foreign_keys = OFF');
	db.transaction(() => {
		db.exec({
			sql: "INSERT INTO experiments(experiment_id, name, creation_time, last_update_time) VALUES (1, 'runs-table', ?, ?)",
			bind: [T0, T0]
		});
		const key = db.prepare('INSERT INTO metric_keys(key_id, key) VALUES (?, ?)');
		for (let k = 0; k < TABLE_METRICS; k++) key.bind([k + 1, `m${k}`]).stepReset();
		key.finalize();
		const run = db.prepare(
			"INSERT INTO runs(run_pk, run_uuid, experiment_id, name, status, start_time, end_time, user_id, source_kind) VALUES (?, ?, 1, ?, 'FINISHED', ?, ?, 'bench', 'mlflow-db')"
		);
		const param = db.prepare('INSERT INTO params(run_pk, key, value) VALUES (?, ?, ?)');
		const tag = db.prepare('INSERT INTO tags(run_pk, key, value) VALUES (?, ?, ?)');
		// NaN is stored as NULL (SQLite has no NaN), as Runboard's own writer does.
		const metric = db.prepare(
			'INSERT INTO metrics(run_pk, key_id, step, timestamp, seq, value) VALUES (?, ?, 0, ?, ?, ?)'
		);
		let seq = 0;
		for (let i = 0; i < runs; i++) {
			const pk = i + 1;
			const start = T0 + i * 1000;
			run.bind([pk, tableRunId(i), `run-${i}`, start, start + 900 + (i % 13) * 100]).stepReset();
			tag.bind([pk, 'mlflow.runName', `run-${i}`]).stepReset();
			tag.bind([pk, 'team', `team-${i % 5}`]).stepReset();
			for (let k = 0; k < TABLE_PARAMS; k++) {
				if (k === TABLE_PARAMS - 1 && i % 10 === 0) continue;
				param.bind([pk, `p${k}`, tableParam(i, k)]).stepReset();
			}
			for (let k = 0; k < TABLE_METRICS; k++) {
				const v = tableMetric(i, k);
				metric.bind([pk, k + 1, start, ++seq, Number.isNaN(v) ? null : v]).stepReset();
			}
		}
		for (const s of [run, param, tag, metric]) s.finalize();
	});
	writeFileSync(out, capi.sqlite3_js_db_export(pointer));
	db.close();
	return out;
}

/**
 * Downloads an empty Runboard database from the Storage page of a fresh profile: the template above.
 * @param {import('@playwright/test').Page} page on the app, its database empty
 * @param {string} storageUrl the Storage page's address
 * @param {string} out where the file goes
 */
export async function downloadEmptyDatabase(page, storageUrl, out) {
	await page.goto(storageUrl);
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download database (.sqlite)' }).click();
	await (await download).saveAs(out);
	return out;
}
