// The Runboard database importer on bad input: cut, garbage, empty, newer or older schema, another app's database,
// and rows no run owns. Each is refused whole with a specific coded error naming the file (nothing stored), except
// rows no run owns: a warning, and the rest imported.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../workers/db/migrations';
import { createTestDb } from './harness';
import { edited, exportedDb, logApiRuns, withUserVersion } from './runboard-db-source';

const sqlite3 = await sqlite3InitModule();
const FILE = 'runboard-2026-12-07.sqlite';
const entry = (bytes: Uint8Array, path = FILE) => ({ path, file: new Blob([bytes.slice()]) });

describe('runboard-db: damaged, newer and inconsistent files', () => {
	let bytes: Uint8Array;
	beforeAll(async () => {
		bytes = await exportedDb(logApiRuns);
	}, 60_000);

	/** Imports through the real pipeline into a fresh database: the report or the error, and what is stored. */
	async function importInto(files: { path: string; file: Blob }[]) {
		const { client } = await createTestDb();
		const result = await client.importFiles(files).then(
			(report) => ({ report, error: null }),
			(error: { code: string; message: string }) => ({ report: null, error })
		);
		const experiments = await client.searchExperiments({ viewType: 'ALL' });
		const { runs } = await client.searchRuns({
			experimentIds: experiments.map((e) => e.experimentId),
			runViewType: 'ALL'
		});
		return { ...result, runs: runs.length, experiments: experiments.map((e) => e.name) };
	}

	it.each([
		['cut in half', (b: Uint8Array) => b.slice(0, b.length / 2), /truncated/],
		['cut at 4 KiB', (b: Uint8Array) => b.slice(0, 4096), /truncated|damaged|could not be read/],
		['cut mid-page', (b: Uint8Array) => b.slice(0, 10_000), /truncated|pages/]
	])('a file %s: IMPORT_CORRUPT naming the file, nothing imported', async (_, cut, message) => {
		const result = await importInto([entry(cut(bytes))]);
		expect(result.error?.code).toBe('IMPORT_CORRUPT');
		expect(result.error?.message).toContain(FILE);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.message).toContain('Download it again from the Storage page');
		expect(result.runs).toBe(0);
		expect(result.experiments.filter((n) => n !== 'Default')).toEqual([]);
	});

	it('garbage bytes under a .sqlite name: not a SQLite database, nothing imported', async () => {
		const garbage = new Uint8Array(8192).map((_, i) => (i * 7919) & 0xff);
		const result = await importInto([entry(garbage)]);
		expect(result.error?.code).toBe('IMPORT_UNRECOGNIZED');
		expect(result.error?.message).toMatch(/not a SQLite database/);
		expect(result.runs).toBe(0);
	});

	it('an empty file under a .sqlite name is refused', async () => {
		const result = await importInto([entry(new Uint8Array(0))]);
		expect(result.error?.code).toMatch(/IMPORT_(UNRECOGNIZED|CORRUPT)/);
		expect(result.runs).toBe(0);
	});

	it('a database from a newer Runboard is refused in words, before anything is imported', async () => {
		const result = await importInto([entry(withUserVersion(bytes, SCHEMA_VERSION + 1))]);
		expect(result.error?.code).toBe('IMPORT_UNRECOGNIZED');
		expect(result.error?.message).toContain(`newer Runboard (database schema ${SCHEMA_VERSION + 1})`);
		expect(result.error?.message).toContain(FILE);
		expect(result.runs).toBe(0);
	});

	it('a database of a schema older than the reader knows is refused in words', async () => {
		const { capi } = sqlite3;
		const db = new sqlite3.oo1.DB(':memory:', 'c');
		db.exec(MIGRATIONS[0] as string);
		db.exec(MIGRATIONS[1] as string);
		db.exec('PRAGMA user_version = 2');
		const old = capi.sqlite3_js_db_export(db);
		db.close();
		const result = await importInto([entry(old)]);
		expect(result.error?.code).toBe('IMPORT_UNRECOGNIZED');
		expect(result.error?.message).toMatch(/schema 2, older than this version reads \(3 to \d+\)/);
	});

	it('a non-MLflow database that is not Runboard’s keeps the mlflow.db importer’s refusal', async () => {
		const db = new sqlite3.oo1.DB(':memory:', 'c');
		db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES (1)');
		const other = sqlite3.capi.sqlite3_js_db_export(db);
		db.close();
		const result = await importInto([entry(other, 'notes.sqlite')]);
		expect(result.error?.code).toBe('IMPORT_UNRECOGNIZED');
		expect(result.error?.message).toContain('is a SQLite database but not an MLflow tracking database');
	});

	it('rows of runs that do not exist: a warning, and every real run imported', async () => {
		const broken = edited(
			bytes,
			`INSERT INTO metrics(run_pk, key_id, step, timestamp, seq, value) VALUES (9999, 1, 0, 0, 0, 1), (0, 1, 0, 0, 1, 2);
			INSERT INTO params(run_pk, key, value) VALUES (9999, 'ghost', 'x');
			INSERT INTO runs(run_uuid, experiment_id, name) VALUES ('${'f'.repeat(32)}', 4242, 'lost');`
		);
		const result = await importInto([entry(broken)]);
		expect(result.error).toBeNull();
		expect(result.runs).toBe(3);
		const text = JSON.stringify(result.report?.warnings);
		expect(text).toContain('2 metric points, 1 params');
		expect(text).toContain(`1 run of experiments missing from ${FILE} were not imported (${'f'.repeat(32)})`);
	});
});
