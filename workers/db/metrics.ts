// The hot path: metric points in, every point kept. Inserts call the C functions (WASM exports) directly on one
// prepared statement, binding doubles only (INTEGER affinity turns integral doubles into integers inside SQLite):
// oo1's generic bind() halves the throughput on a million rows, and capi's wrappers cost as much again.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import type { PackedMetrics } from '$lib/api/db-api';
import type { Metric } from '$lib/model/types';
import { all, cachedStatement, cachedValue, one, rawBindings, type Conn, metricValue, write } from './sql';
import { type BatchKeyStats, type SeriesState, maintainSummaries } from './charts/summary/maintain';

// Statements below are kept prepared per connection (sql.ts): an import writes thousands of runs, each of which
// would otherwise compile ~10 of them again.

export function internKey(db: Database, key: string): number {
	const found = cachedValue(db, 'SELECT key_id FROM metric_keys WHERE key = ?', [key]);
	if (found !== undefined) return Number(found);
	return Number(cachedValue(db, 'INSERT INTO metric_keys(key) VALUES (?) RETURNING key_id', [key]));
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

/** What latest_metrics holds for the run's series, by key id. */
function priorStates(conn: Conn, runPk: number): Map<number, SeriesState> {
	const states = new Map<number, SeriesState>();
	const stmt = cachedStatement(
		conn.db,
		'SELECT key_id, step, timestamp, value, points, summary FROM latest_metrics WHERE run_pk = ?'
	);
	try {
		stmt.bind([runPk]);
		while (stmt.step()) {
			const [keyIdValue, step, timestamp, value, points, summary] = stmt.get([]) as number[];
			states.set(keyIdValue as number, {
				step: step as number,
				timestamp: timestamp as number,
				value: metricValue(value),
				points: points as number,
				summary: summary as number
			});
		}
	} finally {
		stmt.reset(true);
	}
	return states;
}

/**
 * What a writer of many runs shares between them (imports): a run written whole has no stored series to merge
 * with, so its prior state is not looked up; metric key ids and the logging-order counter are kept in memory
 * for the group and `metric_seq` is written once when the group ends (writeSeq).
 */
export interface GroupWrite {
	keyIds: Map<string, number>;
	seq: number;
}

/** Starts a group: reads the logging-order counter once. */
export function startGroupWrite(db: Database): GroupWrite {
	return { keyIds: new Map(), seq: Number(cachedValue(db, SEQ_READ, [])) };
}

/** Stores the group's logging-order counter. */
export function endGroupWrite(db: Database, group: GroupWrite): void {
	write(db, SEQ_WRITE, [group.seq]);
}

/**
 * Points per INSERT statement. Each sqlite3_step has a fixed cost (running the statement's program, reset):
 * 32 rows per statement inserted 1M points in ~45 % of the time one row per statement took (Node, in memory),
 * while 192 parameters stay far below SQLite's limit.
 */
const ROWS_PER_INSERT = 32;

function insertSql(rows: number): string {
	const row = '(?, ?, ?, ?, ?, ?)';
	return `INSERT INTO metrics(run_pk, key_id, step, timestamp, seq, value) VALUES ${Array(rows).fill(row).join(', ')}`;
}

const SEQ_READ = "SELECT value FROM meta WHERE key = 'metric_seq'";
const SEQ_WRITE = "UPDATE meta SET value = ? WHERE key = 'metric_seq'";

function groupKeyId(db: Database, group: GroupWrite, key: string): number {
	let id = group.keyIds.get(key);
	if (id === undefined) group.keyIds.set(key, (id = internKey(db, key)));
	return id;
}

/**
 * Inserts all points of one run (caller holds the transaction) and maintains latest_metrics (latest point,
 * point count) and the series' block summaries. With `group`, the run was created in this transaction (no
 * stored points) and the group keeps the key ids and the logging-order counter.
 */
export function insertMetrics(conn: Conn, runPk: number, packed: PackedMetrics, group?: GroupWrite): void {
	const { db, sqlite3 } = conn;
	const { capi } = sqlite3;
	const raw = rawBindings(sqlite3);
	const n = packed.values.length;
	if (packed.keyIndex.length !== n || packed.steps.length !== n || packed.timestamps.length !== n) {
		throw new RunboardError('INVALID_ARGUMENT', 'Packed metrics: all columns must have the same length.');
	}
	if (n === 0) return;
	const keyIds = packed.keys.map((k) => (group ? groupKeyId(db, group, k) : internKey(db, k)));
	const states = group ? new Map<number, SeriesState>() : priorStates(conn, runPk);
	const prior = keyIds.map((id) => states.get(id));
	const best = new Int32Array(keyIds.length).fill(-1);
	// Order check for the summaries: each key's points must sort after the stored ones and after each other.
	const stats: BatchKeyStats = {
		count: new Int32Array(keyIds.length),
		outOfOrder: new Uint8Array(keyIds.length)
	};
	const lastStep = Float64Array.from(prior, (s) => s?.step ?? -Infinity);
	const lastTs = Float64Array.from(prior, (s) => s?.timestamp ?? -Infinity);
	const seqBase = group ? group.seq : Number(cachedValue(db, SEQ_READ, []));
	const one = cachedStatement(db, insertSql(1)).pointer as number;
	const many = cachedStatement(db, insertSql(ROWS_PER_INSERT)).pointer as number;
	// Points up to `whole` go ROWS_PER_INSERT to a statement; the rest one by one.
	const whole = n - (n % ROWS_PER_INSERT);
	// The run is the same in every row: bound once per slot (bindings outlive a reset).
	raw.sqlite3_bind_int(one, 1, runPk);
	for (let slot = 0; slot < ROWS_PER_INSERT; slot++) raw.sqlite3_bind_int(many, slot * 6 + 1, runPk);
	try {
		for (let i = 0; i < n; i++) {
			const k = packed.keyIndex[i] as number;
			const step = packed.steps[i] as number;
			const ts = packed.timestamps[i] as number;
			const value = packed.values[i] as number;
			if (k >= keyIds.length) throw badPoint(packed, i, 'key index out of range');
			if (!Number.isSafeInteger(step)) throw badPoint(packed, i, `step must be an integer, got ${step}`);
			if (!Number.isSafeInteger(ts)) throw badPoint(packed, i, `timestamp must be an integer, got ${ts}`);
			const p = i < whole ? many : one;
			const at = i < whole ? (i % ROWS_PER_INSERT) * 6 : 0;
			raw.sqlite3_bind_int(p, at + 2, keyIds[k] as number);
			raw.sqlite3_bind_double(p, at + 3, step);
			raw.sqlite3_bind_double(p, at + 4, ts);
			raw.sqlite3_bind_double(p, at + 5, seqBase + i);
			raw.sqlite3_bind_double(p, at + 6, value);
			if (p === one || at === (ROWS_PER_INSERT - 1) * 6) {
				if (raw.sqlite3_step(p) !== capi.SQLITE_DONE) {
					throw new Error(`Inserting metric point ${i}: ${capi.sqlite3_errmsg(db.pointer as number)}`);
				}
				raw.sqlite3_reset(p);
			}
			stats.count[k] = (stats.count[k] as number) + 1;
			const ls = lastStep[k] as number;
			if (step < ls || (step === ls && ts < (lastTs[k] as number))) stats.outOfOrder[k] = 1;
			lastStep[k] = step;
			lastTs[k] = ts;
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
		raw.sqlite3_reset(one);
		raw.sqlite3_reset(many);
	}
	if (group) group.seq = seqBase + n;
	else write(db, SEQ_WRITE, [seqBase + n]);
	const summaries = maintainSummaries(conn, runPk, keyIds, packed, prior, stats);
	updateLatest(conn, runPk, keyIds, { best, packed, prior, stats, summaries });
}

interface LatestUpdate {
	best: Int32Array;
	packed: PackedMetrics;
	prior: (SeriesState | undefined)[];
	stats: BatchKeyStats;
	summaries: number[];
}

function updateLatest(conn: Conn, runPk: number, keyIds: number[], u: LatestUpdate): void {
	const { db } = conn;
	const sql = `INSERT OR REPLACE INTO latest_metrics(run_pk, key_id, step, timestamp, value, points, summary)
		VALUES (?, ?, ?, ?, ?, ?, ?)`;
	// Values go through sqlite3_bind_double: oo1's bind() sends integral numbers as int64, which wraps
	// values of 2^63 and beyond (1e20 would be stored wrong). The WASM exports themselves, as for the points:
	// an import upserts five rows per run.
	const stmt = cachedStatement(db, sql);
	const raw = rawBindings(conn.sqlite3);
	try {
		const p = stmt.pointer as number;
		const { capi } = conn.sqlite3;
		keyIds.forEach((keyIdValue, k) => {
			const i = u.best[k] as number;
			if (i < 0) return;
			let step = u.packed.steps[i] as number;
			let ts = u.packed.timestamps[i] as number;
			let value = u.packed.values[i] as number;
			const before = u.prior[k];
			if (before && !isLater(value, step, ts, before.value, before.step, before.timestamp)) {
				({ step, timestamp: ts, value } = before);
			}
			raw.sqlite3_bind_int(p, 1, runPk);
			raw.sqlite3_bind_int(p, 2, keyIdValue);
			raw.sqlite3_bind_double(p, 3, step);
			raw.sqlite3_bind_double(p, 4, ts);
			raw.sqlite3_bind_double(p, 5, value);
			raw.sqlite3_bind_double(p, 6, (before?.points ?? 0) + (u.stats.count[k] as number));
			raw.sqlite3_bind_int(p, 7, u.summaries[k] as number);
			if (raw.sqlite3_step(p) !== capi.SQLITE_DONE) {
				throw new Error(`Updating the latest metric: ${capi.sqlite3_errmsg(db.pointer as number)}`);
			}
			raw.sqlite3_reset(p);
		});
	} finally {
		raw.sqlite3_reset(stmt.pointer as number);
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
