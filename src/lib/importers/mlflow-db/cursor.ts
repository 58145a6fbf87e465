// Child rows (metrics, params, tags) are read with ONE statement per table that walks runs in the same order as
// the runs statement and is consumed run by run as that advances: a merge join. Each run's rows are found by
// index (index_*_run_uuid, MLflow 1.13+), and pre-2021 databases without that index cost one automatic index
// and one sort, never one table scan per run. Rows whose run does not exist fall out of the join.
import type { Database, PreparedStatement, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { PackedMetrics } from '../../api/db-api';
import type { Tag } from '../../model/types';
import { metricValue, toText } from './values';
import { MetricPacker } from '../metric-packer';

const SQLITE_NULL = 5;

/** The raw WASM exports for numeric columns: no per-call argument adapters in the hot metric loop. */
interface RawColumns {
	sqlite3_column_double(stmt: number, column: number): number;
	sqlite3_column_type(stmt: number, column: number): number;
	/** A pointer to the column's UTF-8 bytes (the raw export does not convert to a JS string). */
	sqlite3_column_text(stmt: number, column: number): number;
	sqlite3_column_bytes(stmt: number, column: number): number;
	sqlite3_step(stmt: number): number;
}

const SQLITE_ROW = 100;

/** A statement whose first column is the run's ordinal (runs.rowid), positioned on its next unread row. */
export class GroupedCursor {
	private more: boolean;
	private readonly pointer: number;

	private readonly decoder = new TextDecoder();

	constructor(
		private readonly stmt: PreparedStatement,
		private readonly raw: RawColumns,
		private readonly heap: () => Uint8Array
	) {
		this.pointer = stmt.pointer as number;
		this.more = this.step();
	}

	// The C step: oo1's step() adds checks per call that show in a million-row loop. Errors surface as a
	// result code other than ROW/DONE and are reported through oo1 once, below.
	private step(): boolean {
		const rc = this.raw.sqlite3_step(this.pointer);
		if (rc === SQLITE_ROW) return true;
		if (rc !== 101) this.stmt.step(); // re-run through oo1 to throw SQLite's own message
		return false;
	}

	/** Calls `onRow` for every row of the run `ordinal`; the cursor then rests on a later run's first row. */
	take(ordinal: number, onRow: (pointer: number) => void): void {
		while (this.more && this.raw.sqlite3_column_double(this.pointer, 0) === ordinal) {
			onRow(this.pointer);
			this.more = this.step();
		}
	}

	/** A text column of the current row (the cursor steps through the C API, so oo1's get() is not usable). */
	text(column: number): string | null {
		if (this.raw.sqlite3_column_type(this.pointer, column) === SQLITE_NULL) return null;
		const pointer = this.raw.sqlite3_column_text(this.pointer, column);
		const length = this.raw.sqlite3_column_bytes(this.pointer, column);
		return this.decoder.decode(this.heap().subarray(pointer, pointer + length));
	}

	finalize(): void {
		this.stmt.finalize();
	}
}

export function openCursor(sqlite3: Sqlite3Static, db: Database, sql: string): GroupedCursor {
	return new GroupedCursor(db.prepare(sql), sqlite3.wasm.exports as RawColumns, () => sqlite3.wasm.heap8u());
}

/** Key/value rows (params, tags) of one run: columns (ordinal, key, value). */
export function takeTags(cursor: GroupedCursor, ordinal: number): Tag[] {
	const out: Tag[] = [];
	cursor.take(ordinal, () => out.push({ key: toText(cursor.text(1)), value: toText(cursor.text(2)) }));
	return out;
}

/** How a stored value (null for SQL NULL) and its is_nan flag become the point's value. */
export type MetricDecoder = (value: number | null, isNan: boolean) => number;

/**
 * Metric points of one run: columns (ordinal, key, value, step, timestamp, is_nan), sorted by key and step (by
 * timestamp where there is no step). Typed arrays grow by doubling, so a run of millions of points never becomes millions of objects.
 * `decode` is MLflow's encoding by default; another store passes its own.
 */
export function takeMetrics(
	sqlite3: Sqlite3Static,
	cursor: GroupedCursor,
	ordinal: number,
	decode: MetricDecoder = metricValue
): PackedMetrics {
	const raw = sqlite3.wasm.exports as RawColumns;
	const packed = new MetricPacker();
	const decoder = new TextDecoder();
	let lastKey = new Uint8Array(0);
	let keyIndex = -1;
	let heap = sqlite3.wasm.heap8u();
	cursor.take(ordinal, (p) => {
		// Rows come sorted by key: compare the key's bytes in place (no view per row: a million rows) and decode a
		// string only when it changes.
		const pointer = raw.sqlite3_column_text(p, 1);
		const length = raw.sqlite3_column_bytes(p, 1);
		if (heap.byteLength === 0) heap = sqlite3.wasm.heap8u(); // the WASM memory grew: the old view is detached
		if (keyIndex < 0 || !sameBytesAt(heap, pointer, length, lastKey)) {
			lastKey = heap.slice(pointer, pointer + length);
			keyIndex = packed.keyId(decoder.decode(lastKey));
		}
		const value = raw.sqlite3_column_type(p, 2) === SQLITE_NULL ? null : raw.sqlite3_column_double(p, 2);
		const isNan = raw.sqlite3_column_double(p, 5) !== 0;
		packed.push(
			keyIndex,
			decode(value, isNan),
			raw.sqlite3_column_double(p, 3),
			raw.sqlite3_column_double(p, 4)
		);
	});
	return packed.build();
}

/** Whether heap[at .. at + length) holds exactly the bytes of b. */
function sameBytesAt(heap: Uint8Array, at: number, length: number, b: Uint8Array): boolean {
	if (length !== b.length) return false;
	for (let i = 0; i < length; i++) if (heap[at + i] !== b[i]) return false;
	return true;
}
