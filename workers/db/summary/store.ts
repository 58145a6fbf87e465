// Block summaries in SQLite: one row per (run, metric, level, block) holding a block record (blocks.ts) as a
// 96-byte blob. Written through the C functions with one scratch buffer in the WASM heap, because a long series
// adds one row per 12 points and oo1's bind() would cost more than the points' own inserts.
import type { Conn } from '../sql';
import { FIELDS, type LevelBlocks, blockWidth, clearBlock, mergeBlock } from './blocks';

/** latest_metrics.summary: whether metric_blocks holds a valid summary of the series. */
export const SUMMARY_NONE = 0; // short series (or not summarised yet)
export const SUMMARY_VALID = 1;
export const SUMMARY_STALE = 2; // points arrived out of order: rebuilt by the next full read

const RECORD_BYTES = FIELDS * 8;
const SQLITE_ROW = 100;
const SQLITE_DONE = 101;
const SQLITE_TRANSIENT = -1;

interface RawBlobExports {
	sqlite3_bind_int(p: number, i: number, v: number): number;
	sqlite3_bind_blob(p: number, i: number, ptr: number, n: number, destructor: number): number;
	sqlite3_step(p: number): number;
	sqlite3_reset(p: number): number;
	sqlite3_column_int(p: number, i: number): number;
	sqlite3_column_blob(p: number, i: number): number;
	sqlite3_column_bytes(p: number, i: number): number;
}

function exportsOf(conn: Conn): RawBlobExports {
	return conn.sqlite3.wasm.exports as unknown as RawBlobExports;
}

function heap(conn: Conn): Uint8Array {
	return conn.sqlite3.wasm.heap8u();
}

/** Reads blocks [from, to] of one level; blocks not stored are left empty (n = 0). */
export function readBlocks(
	conn: Conn,
	runPk: number,
	keyId: number,
	level: number,
	from: number,
	to: number
): Float64Array {
	const out = new Float64Array((to - from + 1) * FIELDS);
	for (let b = 0; b <= to - from; b++) clearBlock(out, b * FIELDS);
	const bytes = new Uint8Array(out.buffer);
	const raw = exportsOf(conn);
	const stmt = conn.db.prepare(
		'SELECT block, data FROM metric_blocks WHERE run_pk = ? AND key_id = ? AND level = ? AND block BETWEEN ? AND ?'
	);
	try {
		const p = stmt.pointer as number;
		raw.sqlite3_bind_int(p, 1, runPk);
		raw.sqlite3_bind_int(p, 2, keyId);
		raw.sqlite3_bind_int(p, 3, level);
		raw.sqlite3_bind_int(p, 4, from);
		raw.sqlite3_bind_int(p, 5, to);
		while (raw.sqlite3_step(p) === SQLITE_ROW) {
			const block = raw.sqlite3_column_int(p, 0);
			const ptr = raw.sqlite3_column_blob(p, 1);
			if (raw.sqlite3_column_bytes(p, 1) !== RECORD_BYTES) continue; // not ours: left empty
			bytes.set(heap(conn).subarray(ptr, ptr + RECORD_BYTES), (block - from) * RECORD_BYTES);
		}
	} finally {
		stmt.finalize();
	}
	return out;
}

/**
 * Stores blocks of points appended after `stored` existing points: the first block of a level that already
 * holds some of them is merged with its stored record first.
 */
export function writeAppended(
	conn: Conn,
	runPk: number,
	keyId: number,
	stored: number,
	levels: LevelBlocks[]
) {
	const raw = exportsOf(conn);
	const { wasm } = conn.sqlite3;
	const scratch = wasm.alloc(RECORD_BYTES);
	const stmt = conn.db.prepare(
		'INSERT OR REPLACE INTO metric_blocks(run_pk, key_id, level, block, data) VALUES (?, ?, ?, ?, ?)'
	);
	try {
		levels.forEach(({ blocks, records }, level) => {
			const first = blocks[0] as number;
			if (stored > first * blockWidth(level)) {
				const merged = readBlocks(conn, runPk, keyId, level, first, first);
				mergeBlock(merged, 0, records, 0);
				records.set(merged.subarray(0, FIELDS), 0);
			}
			const p = stmt.pointer as number;
			const bytes = new Uint8Array(records.buffer, records.byteOffset, records.byteLength);
			blocks.forEach((block, i) => {
				heap(conn).set(bytes.subarray(i * RECORD_BYTES, (i + 1) * RECORD_BYTES), scratch);
				raw.sqlite3_bind_int(p, 1, runPk);
				raw.sqlite3_bind_int(p, 2, keyId);
				raw.sqlite3_bind_int(p, 3, level);
				raw.sqlite3_bind_int(p, 4, block);
				raw.sqlite3_bind_blob(p, 5, scratch, RECORD_BYTES, SQLITE_TRANSIENT);
				if (raw.sqlite3_step(p) !== SQLITE_DONE) {
					throw new Error(`Writing a metric summary: ${conn.db.pointer ? 'insert failed' : 'closed'}`);
				}
				raw.sqlite3_reset(p);
			});
		});
	} finally {
		stmt.finalize();
		wasm.dealloc(scratch);
	}
}

export function deleteBlocks(conn: Conn, runPk: number, keyId: number): void {
	conn.db.exec({ sql: 'DELETE FROM metric_blocks WHERE run_pk = ? AND key_id = ?', bind: [runPk, keyId] });
}
