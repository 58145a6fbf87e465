// Block summaries in SQLite: one row per (run, metric, level, chunk of 8 blocks) holding the block records
// (blocks.ts) as one blob of 96 bytes per block. Read and written through the C functions with one scratch
// buffer in the WASM heap: oo1's bind() and row objects would cost more than the blocks' contents.
import { cachedStatement, type Conn } from '../../sql';
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

/**
 * Blocks per row: one row holds 8 consecutive blocks of a level (768 bytes), so a chart reads ~200 rows per
 * series. More would not fit in a 4 KiB page's b-tree cell (≈1,000 bytes in a WITHOUT ROWID table) and every row
 * would spill into an overflow page: one more page read per row.
 */
export const CHUNK_BLOCKS = 8;
const CHUNK_BYTES = CHUNK_BLOCKS * RECORD_BYTES;

/** Block ranges read from storage since the worker started (tests look at it). */
export const blockReads = { ranges: 0 };

/** Reads blocks [from, to] of one level; blocks not stored are left empty (n = 0). */
export function readBlocks(
	conn: Conn,
	runPk: number,
	keyId: number,
	level: number,
	from: number,
	to: number
): Float64Array {
	blockReads.ranges++;
	const out = new Float64Array((to - from + 1) * FIELDS);
	const bytes = new Uint8Array(out.buffer);
	const raw = exportsOf(conn);
	const stmt = cachedStatement(
		conn.db,
		'SELECT chunk, data FROM metric_blocks WHERE run_pk = ? AND key_id = ? AND level = ? AND chunk BETWEEN ? AND ?'
	);
	/** Blocks before this one are filled (rows come in chunk order); gaps become empty records (n = 0). */
	let filled = from;
	const emptyUpTo = (block: number) => {
		for (; filled < block; filled++) clearBlock(out, (filled - from) * FIELDS);
	};
	try {
		const p = stmt.pointer as number;
		raw.sqlite3_bind_int(p, 1, runPk);
		raw.sqlite3_bind_int(p, 2, keyId);
		raw.sqlite3_bind_int(p, 3, level);
		raw.sqlite3_bind_int(p, 4, Math.floor(from / CHUNK_BLOCKS));
		raw.sqlite3_bind_int(p, 5, Math.floor(to / CHUNK_BLOCKS));
		let memory = heap(conn);
		while (raw.sqlite3_step(p) === SQLITE_ROW) {
			const chunkFirst = raw.sqlite3_column_int(p, 0) * CHUNK_BLOCKS;
			const ptr = raw.sqlite3_column_blob(p, 1);
			const size = raw.sqlite3_column_bytes(p, 1);
			if (size % RECORD_BYTES !== 0 || size > CHUNK_BYTES) continue; // not ours: left empty
			// The part of this chunk within [from, to].
			const lo = Math.max(from, chunkFirst);
			const hi = Math.min(to, chunkFirst + size / RECORD_BYTES - 1);
			if (hi < lo) continue;
			emptyUpTo(lo);
			// Reading a row may grow the WASM memory, which detaches the old view.
			if (memory.byteLength === 0) memory = heap(conn);
			const src = ptr + (lo - chunkFirst) * RECORD_BYTES;
			bytes.set(memory.subarray(src, src + (hi - lo + 1) * RECORD_BYTES), (lo - from) * RECORD_BYTES);
			filled = hi + 1;
		}
		emptyUpTo(to + 1);
	} finally {
		raw.sqlite3_reset(stmt.pointer as number);
	}
	return out;
}

/**
 * Stores blocks of points appended after `stored` existing points: the first block of a level that already
 * holds some of them is merged with its stored record, and a chunk row that already holds blocks keeps them.
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
	const scratch = wasm.alloc(CHUNK_BYTES);
	const stmt = cachedStatement(
		conn.db,
		'INSERT OR REPLACE INTO metric_blocks(run_pk, key_id, level, chunk, data) VALUES (?, ?, ?, ?, ?)'
	);
	try {
		levels.forEach(({ blocks, records }, level) => {
			const first = blocks[0] as number;
			const last = blocks[blocks.length - 1] as number;
			// Whole chunks from the first touched one: stored blocks before `first` come back from the table.
			const from = Math.floor(first / CHUNK_BLOCKS) * CHUNK_BLOCKS;
			const all =
				from < first || stored > first * blockWidth(level)
					? readBlocks(conn, runPk, keyId, level, from, last)
					: new Float64Array((last - from + 1) * FIELDS);
			const at = (first - from) * FIELDS;
			if (stored > first * blockWidth(level)) mergeBlock(all, at, records, 0);
			else all.set(records.subarray(0, FIELDS), at);
			all.set(records.subarray(FIELDS), at + FIELDS);
			const bytes = new Uint8Array(all.buffer);
			const p = stmt.pointer as number;
			for (let chunk = from / CHUNK_BLOCKS; chunk * CHUNK_BLOCKS <= last; chunk++) {
				const lo = (chunk * CHUNK_BLOCKS - from) * RECORD_BYTES;
				const hi = Math.min((chunk + 1) * CHUNK_BLOCKS - from, last - from + 1) * RECORD_BYTES;
				heap(conn).set(bytes.subarray(lo, hi), scratch);
				raw.sqlite3_bind_int(p, 1, runPk);
				raw.sqlite3_bind_int(p, 2, keyId);
				raw.sqlite3_bind_int(p, 3, level);
				raw.sqlite3_bind_int(p, 4, chunk);
				raw.sqlite3_bind_blob(p, 5, scratch, hi - lo, SQLITE_TRANSIENT);
				if (raw.sqlite3_step(p) !== SQLITE_DONE) throw new Error('Writing a metric summary failed.');
				raw.sqlite3_reset(p);
			}
		});
	} finally {
		raw.sqlite3_reset(stmt.pointer as number);
		wasm.dealloc(scratch);
	}
}

export function deleteBlocks(conn: Conn, runPk: number, keyId: number): void {
	conn.db.exec({ sql: 'DELETE FROM metric_blocks WHERE run_pk = ? AND key_id = ?', bind: [runPk, keyId] });
}
