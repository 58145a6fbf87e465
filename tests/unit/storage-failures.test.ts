// What a failed write leaves and says, on the real sqlite-wasm: the transaction helpers keep the error that explains
// a failure (not "cannot rollback - no transaction is active"), an import batch that SQLite rolled back whole is
// known as lost so the report leaves its runs out, and SQLite's I/O errors become STORAGE_FULL or STORAGE_IO.
// (The browser half — real quota, injected OPFS faults — is tests/reliability/storage/.)
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { describe, expect, it } from 'vitest';
import { RunboardError } from '$lib/api/errors';
import { batchLost, commitBatch, inBatch, openBatch } from '../../workers/db/batch';
import { ReportBuilder } from '../../workers/db/import/report';
import { transaction } from '../../workers/db/sql';
import { storageAwareError, storageMark } from '../../workers/db/storage-errors';

const sqlite3Promise = sqlite3InitModule();

async function freshDb() {
	const sqlite3 = await sqlite3Promise;
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	db.exec('CREATE TABLE t(x)');
	return db;
}

/** What SQLite does on an I/O error or a full disk: it rolls the whole transaction back, then the call fails. */
const diskFailure = new Error('SQLITE_IOERR: sqlite3 result code 10: disk I/O error');

describe('failed writes', () => {
	it('keep the error that explains them when SQLite already rolled the transaction back', async () => {
		const db = await freshDb();
		const failing = () =>
			transaction(db, () => {
				db.exec('INSERT INTO t VALUES (1)');
				db.exec('ROLLBACK');
				throw diskFailure;
			});
		expect(failing).toThrow(diskFailure);
		expect(db.selectValue('SELECT count(*) FROM t')).toBe(0);
		transaction(db, () => db.exec('INSERT INTO t VALUES (2)'));
		expect(db.selectValue('SELECT count(*) FROM t')).toBe(1);
	});

	it('mark an import batch lost when SQLite rolled it back whole, and keep committed batches', async () => {
		const db = await freshDb();
		inBatch(db, () => db.exec('INSERT INTO t VALUES (1)'));
		const committed = openBatch(db) as number;
		commitBatch(db);
		inBatch(db, () => db.exec('INSERT INTO t VALUES (2)'));
		const lost = openBatch(db) as number;
		const failing = () =>
			inBatch(db, () => {
				db.exec('ROLLBACK');
				throw diskFailure;
			});
		expect(failing).toThrow(diskFailure);
		expect(openBatch(db)).toBeUndefined();
		expect([batchLost(db, committed), batchLost(db, lost)]).toEqual([false, true]);
		expect(db.selectValue('SELECT group_concat(x) FROM t')).toBe('1');

		const report = new ReportBuilder(0);
		report.add(committed, { runs: 3, metricPoints: 30 });
		report.add(lost, { runs: 18, metricPoints: 180 });
		expect(report.runsWritten).toBe(21);
		expect(report.stored((batch) => batchLost(db, batch))).toMatchObject({ runs: 3, metricPoints: 30 });
	});

	it('say whether the disk is full, and leave other errors as they were', async () => {
		const mark = storageMark();
		const full = await storageAwareError(new Error('SQLITE_FULL: database or disk is full'), mark);
		expect(full.code).toBe('STORAGE_FULL');
		expect(full.message).toContain('remove deleted runs for good');
		const io = await storageAwareError(diskFailure, mark);
		expect(io.code).toBe('STORAGE_IO');
		expect(io.message).toContain('rolled back: nothing of it is stored');
		const cantOpen = new Error('SQLITE_CANTOPEN: sqlite3 result code 14: unable to open database file');
		expect((await storageAwareError(cantOpen, mark)).code).toBe('STORAGE_IO');
		expect(await storageAwareError(io, mark)).toBe(io);
		const other = await storageAwareError(new RunboardError('NOT_FOUND', 'No run'), mark);
		expect(other.code).toBe('NOT_FOUND');
	});
});
