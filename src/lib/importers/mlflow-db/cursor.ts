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
}

/** A statement whose first column is the run's ordinal (runs.rowid), positioned on its next unread row. */
export class GroupedCursor {
	private more: boolean;
	private readonly pointer: number;

	constructor(
		private readonly stmt: PreparedStatement,
		private readonly raw: RawColumns
	) {
		this.pointer = stmt.pointer as number;
		this.more = stmt.step();
	}

	/** Calls `onRow` for every row of the run `ordinal`; the cursor then rests on a later run's first row. */
	take(ordinal: number, onRow: (stmt: PreparedStatement, pointer: number) => void): void {
		while (this.more && this.raw.sqlite3_column_double(this.pointer, 0) === ordinal) {
			onRow(this.stmt, this.pointer);
			this.more = this.stmt.step();
		}
	}

	finalize(): void {
		this.stmt.finalize();
	}
}

export function openCursor(sqlite3: Sqlite3Static, db: Database, sql: string): GroupedCursor {
	return new GroupedCursor(db.prepare(sql), sqlite3.wasm.exports as RawColumns);
}

/** Key/value rows (params, tags) of one run: columns (ordinal, key, value). */
export function takeTags(cursor: GroupedCursor, ordinal: number): Tag[] {
	const out: Tag[] = [];
	cursor.take(ordinal, (stmt) => out.push({ key: toText(stmt.get(1)), value: toText(stmt.get(2)) }));
	return out;
}

/**
 * Metric points of one run: columns (ordinal, key, value, step, timestamp, is_nan), sorted by key, step,
 * timestamp. Typed arrays grow by doubling, so a run of millions of points never becomes millions of objects.
 */
export function takeMetrics(sqlite3: Sqlite3Static, cursor: GroupedCursor, ordinal: number): PackedMetrics {
	const raw = sqlite3.wasm.exports as RawColumns;
	const { capi } = sqlite3;
	const packed = new MetricPacker();
	let lastKey: string | undefined;
	let keyIndex = -1;
	cursor.take(ordinal, (_stmt, p) => {
		const key = capi.sqlite3_column_text(p, 1) ?? '';
		if (key !== lastKey) {
			lastKey = key;
			keyIndex = packed.keyId(key);
		}
		const value = raw.sqlite3_column_type(p, 2) === SQLITE_NULL ? null : raw.sqlite3_column_double(p, 2);
		const isNan = raw.sqlite3_column_double(p, 5) !== 0;
		packed.push(
			keyIndex,
			metricValue(value, isNan),
			raw.sqlite3_column_double(p, 3),
			raw.sqlite3_column_double(p, 4)
		);
	});
	return packed.build();
}
