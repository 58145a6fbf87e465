// The hot path: metric points in, every point kept. Inserts call the C functions (WASM exports) directly on one
// prepared statement, binding doubles only (INTEGER affinity turns integral doubles into integers inside SQLite):
// oo1's generic bind() halves the throughput on a million rows, and capi's wrappers cost as much again.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import type { PackedMetrics } from '$lib/api/db-api';
import type { Metric } from '$lib/model/types';
import { all, one, rawBindings, type Conn, metricValue } from './sql';

export function internKey(db: Database, key: string): number {
	const found = one<{ key_id: number }>(db, 'SELECT key_id FROM metric_keys WHERE key = ?', [key]);
	if (found) return found.key_id;
	db.exec({ sql: 'INSERT INTO metric_keys(key) VALUES (?)', bind: [key] });
	return Number(db.selectValue('SELECT last_insert_rowid()'));
}

function keyId(db: Database, key: string): number | undefined {
	return one<{ key_id: number }>(db, 'SELECT key_id FROM metric_keys WHERE key = ?', [key])?.key_id;
}

/** MLflow's "latest": highest step, then latest timestamp, then largest value; NaN ranks lowest. */
function isLater(v: number, s: number, t: number, bv: number, bs: number, bt: number): boolean {
	if (s !== bs) return s > bs;
	if (t !== bt) return t > bt;
	return !Number.isNaN(v) && (Number.isNaN(bv) || v > bv);
}

function badPoint(packed: PackedMetrics, i: number, what: string): RunboardError {
	const key = packed.keys[packed.keyIndex[i] ?? 0] ?? '?';
	return new RunboardError('INVALID_ARGUMENT', `Metric "${key}" point ${i}: ${what}.`, { index: i });
}

/** Inserts all points of one run (caller holds the transaction) and maintains latest_metrics. */
export function insertMetrics(conn: Conn, runPk: number, packed: PackedMetrics): void {
	const { db, sqlite3 } = conn;
	const { capi } = sqlite3;
	const raw = rawBindings(sqlite3);
	const n = packed.values.length;
	if (packed.keyIndex.length !== n || packed.steps.length !== n || packed.timestamps.length !== n) {
		throw new RunboardError('INVALID_ARGUMENT', 'Packed metrics: all columns must have the same length.');
	}
	if (n === 0) return;
	const keyIds = packed.keys.map((k) => internKey(db, k));
	const best = new Int32Array(keyIds.length).fill(-1);
	const seqBase = Number(db.selectValue("SELECT value FROM meta WHERE key = 'metric_seq'"));
	const stmt = db.prepare(
		'INSERT INTO metrics(run_pk, key_id, step, timestamp, seq, value) VALUES (?, ?, ?, ?, ?, ?)'
	);
	try {
		const p = stmt.pointer as number;
		raw.sqlite3_bind_int(p, 1, runPk);
		for (let i = 0; i < n; i++) {
			const k = packed.keyIndex[i] as number;
			const step = packed.steps[i] as number;
			const ts = packed.timestamps[i] as number;
			const value = packed.values[i] as number;
			if (k >= keyIds.length) throw badPoint(packed, i, 'key index out of range');
			if (!Number.isSafeInteger(step)) throw badPoint(packed, i, `step must be an integer, got ${step}`);
			if (!Number.isSafeInteger(ts)) throw badPoint(packed, i, `timestamp must be an integer, got ${ts}`);
			raw.sqlite3_bind_int(p, 2, keyIds[k] as number);
			raw.sqlite3_bind_double(p, 3, step);
			raw.sqlite3_bind_double(p, 4, ts);
			raw.sqlite3_bind_double(p, 5, seqBase + i);
			raw.sqlite3_bind_double(p, 6, value);
			if (raw.sqlite3_step(p) !== capi.SQLITE_DONE) {
				throw new Error(`Inserting metric point ${i}: ${capi.sqlite3_errmsg(db.pointer as number)}`);
			}
			raw.sqlite3_reset(p);
			const b = best[k] as number;
			if (
				b < 0 ||
				isLater(
					value,
					step,
					ts,
					packed.values[b] as number,
					packed.steps[b] as number,
					packed.timestamps[b] as number
				)
			) {
				best[k] = i;
			}
		}
	} finally {
		stmt.finalize();
	}
	db.exec({ sql: "UPDATE meta SET value = ? WHERE key = 'metric_seq'", bind: [seqBase + n] });
	updateLatest(conn, runPk, keyIds, best, packed);
}

function updateLatest(
	conn: Conn,
	runPk: number,
	keyIds: number[],
	best: Int32Array,
	packed: PackedMetrics
): void {
	const { db } = conn;
	// Row-value comparison keeps the stored latest when it is later; NULL (NaN) ranks below every value.
	const sql = `INSERT INTO latest_metrics(run_pk, key_id, step, timestamp, value) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(run_pk, key_id) DO UPDATE SET step = excluded.step, timestamp = excluded.timestamp,
			value = excluded.value
		WHERE (excluded.step, excluded.timestamp, coalesce(excluded.value, -9e999))
			> (latest_metrics.step, latest_metrics.timestamp, coalesce(latest_metrics.value, -9e999))`;
	// Values go through sqlite3_bind_double: oo1's bind() sends integral numbers as int64, which wraps
	// values of 2^63 and beyond (1e20 would be stored wrong).
	const stmt = db.prepare(sql);
	try {
		const p = stmt.pointer as number;
		const { capi } = conn.sqlite3;
		keyIds.forEach((keyIdValue, k) => {
			const i = best[k] as number;
			if (i < 0) return;
			capi.sqlite3_bind_int(p, 1, runPk);
			capi.sqlite3_bind_int(p, 2, keyIdValue);
			capi.sqlite3_bind_double(p, 3, packed.steps[i] as number);
			capi.sqlite3_bind_double(p, 4, packed.timestamps[i] as number);
			capi.sqlite3_bind_double(p, 5, packed.values[i] as number);
			if (capi.sqlite3_step(p) !== capi.SQLITE_DONE) {
				throw new Error(`Updating the latest metric: ${capi.sqlite3_errmsg(db.pointer as number)}`);
			}
			capi.sqlite3_reset(p);
		});
	} finally {
		stmt.finalize();
	}
}

/** Every point of one metric, ordered by step then timestamp (then logging order). */
export function metricHistory(db: Database, runPk: number, key: string): Metric[] {
	const id = keyId(db, key);
	if (id === undefined) return [];
	return all<{ step: number; timestamp: number; value: unknown }>(
		db,
		'SELECT step, timestamp, value FROM metrics WHERE run_pk = ? AND key_id = ? ORDER BY step, timestamp, seq',
		[runPk, id]
	).map((r) => ({ key, value: metricValue(r.value), step: r.step, timestamp: r.timestamp }));
}
