// The points of a long series again, packed: pages of 128 consecutive points (by position, like the blocks), each
// one row of `metric_pages` holding the values as one blob of doubles and the steps as another — or none when
// they run evenly (first_step + i · stride), as training loops log them. A deep zoom of 100 runs reads ~100 of
// these rows per run where `metrics` would give it ~12,500 rows; SQLite's per-row work, not the bytes, was the
// cost. Kept with the blocks (same transaction, same validity: latest_metrics.summary), so only long series pay.
import { cachedStatement, type Conn } from '../../sql';
import { PointColumns } from './point-columns';

/** Points per page: values 1 KiB, steps at most 1 KiB, so a row stays inside one 4 KiB b-tree page. */
export const PAGE_POINTS = 128;

const SQLITE_ROW = 100;
const SQLITE_DONE = 101;
const SQLITE_NULL = 5;
const SQLITE_TRANSIENT = -1;

interface RawPageExports {
	sqlite3_bind_int(p: number, i: number, v: number): number;
	sqlite3_bind_double(p: number, i: number, v: number): number;
	sqlite3_bind_blob(p: number, i: number, ptr: number, n: number, destructor: number): number;
	sqlite3_bind_null(p: number, i: number): number;
	sqlite3_step(p: number): number;
	sqlite3_reset(p: number): number;
	sqlite3_column_double(p: number, i: number): number;
	sqlite3_column_type(p: number, i: number): number;
	sqlite3_column_blob(p: number, i: number): number;
	sqlite3_column_bytes(p: number, i: number): number;
}

/** Rows of pages read since the worker started (tests look at it). */
export const pageReads = { rows: 0 };

/** Step i of an even page: computed the same way when writing (to check) and when reading. */
function evenStep(first: number, last: number, n: number, i: number): number {
	return n > 1 ? first + ((last - first) * i) / (n - 1) : first;
}

function isEven(steps: Float64Array): boolean {
	const n = steps.length;
	const first = steps[0] as number;
	const last = steps[n - 1] as number;
	for (let i = 1; i < n - 1; i++) if (steps[i] !== evenStep(first, last, n, i)) return false;
	return true;
}

/**
 * Appends the points of the page row `p` is on with a step in [a, b] to `out`, decoding straight into its arrays
 * (this runs for ~10,000 pages per zoom). Returns false, adding nothing, when the row is not a page this code wrote.
 */
function addPage(
	conn: Conn,
	raw: RawPageExports,
	p: number,
	out: PointColumns,
	a: number,
	b: number,
	near?: Neighbours
): boolean {
	const first = raw.sqlite3_column_double(p, 0);
	const last = raw.sqlite3_column_double(p, 1);
	const even = raw.sqlite3_column_type(p, 2) === SQLITE_NULL;
	const stepsAt = even ? 0 : raw.sqlite3_column_blob(p, 2);
	const stepBytes = even ? 0 : raw.sqlite3_column_bytes(p, 2);
	const valuesAt = raw.sqlite3_column_blob(p, 3);
	const bytes = raw.sqlite3_column_bytes(p, 3);
	const n = bytes / 8;
	if (!Number.isInteger(n) || n < 1 || n > PAGE_POINTS || (!even && stepBytes !== bytes)) return false;
	out.room(n);
	const at = out.n;
	// Blobs are copied bytewise (the heap offset need not be 8-byte aligned), after any growth of `out`.
	const heap = conn.sqlite3.wasm.heap8u();
	new Uint8Array(out.values.buffer, at * 8, bytes).set(heap.subarray(valuesAt, valuesAt + bytes));
	const steps = out.steps;
	if (even) for (let i = 0; i < n; i++) steps[at + i] = evenStep(first, last, n, i);
	else new Uint8Array(steps.buffer, at * 8, bytes).set(heap.subarray(stepsAt, stepsAt + bytes));
	// Only the first and last pages of a range reach past it: their points outside are dropped.
	let lo = at;
	let hi = at + n;
	if (last > b) {
		while (hi > lo && (steps[hi - 1] as number) > b) hi--;
		if (near && !near.after && hi < at + n) near.after = [steps[hi] as number, out.values[hi] as number];
	}
	if (first < a) {
		while (lo < hi && (steps[lo] as number) < a) lo++;
		if (near && lo > at) near.before = [steps[lo - 1] as number, out.values[lo - 1] as number];
		steps.copyWithin(at, lo, hi);
		out.values.copyWithin(at, lo, hi);
	}
	out.n = at + (hi - lo);
	return true;
}

/** The nearest point before a range and after it, as [step, value]. */
export interface Neighbours {
	before?: number[];
	after?: number[];
}

/**
 * Appends the points of one series with a step in [a, b], in series order, from its pages to `out`, and finds the
 * nearest point outside each end on the way (`near`): undefined when a page is missing or not readable (the caller
 * reads `metrics` instead).
 */
export function readPages(
	conn: Conn,
	runPk: number,
	keyId: number,
	a = -Infinity,
	b = Infinity,
	out = new PointColumns(),
	near?: Neighbours
): PointColumns | undefined {
	const raw = conn.sqlite3.wasm.exports as unknown as RawPageExports;
	const stmt = cachedStatement(
		conn.db,
		`SELECT first_step, last_step, steps, vals, page FROM metric_pages
			WHERE run_pk = ? AND key_id = ? AND last_step >= ? ORDER BY last_step, page`
	);
	let firstPage = -1;
	let expected = -1;
	try {
		const p = stmt.pointer as number;
		raw.sqlite3_bind_int(p, 1, runPk);
		raw.sqlite3_bind_int(p, 2, keyId);
		raw.sqlite3_bind_double(p, 3, a);
		while (raw.sqlite3_step(p) === SQLITE_ROW) {
			const page = raw.sqlite3_column_double(p, 4);
			if (firstPage < 0) firstPage = page;
			if (raw.sqlite3_column_double(p, 0) > b) {
				// The first page past the range: its first point is the neighbour after it.
				if (near && !near.after) near.after = [raw.sqlite3_column_double(p, 0), firstValue(conn, raw, p)];
				break;
			}
			// Pages come in order; a gap means the pages are not what this code wrote.
			if (expected >= 0 && page !== expected) return undefined;
			expected = page + 1;
			pageReads.rows++;
			if (!addPage(conn, raw, p, out, a, b, near)) return undefined;
		}
	} finally {
		raw.sqlite3_reset(stmt.pointer as number);
	}
	// No point before the range on its first page: the neighbour is the previous page's last point.
	if (near && !near.before && firstPage > 0) {
		const prior = storedPage(conn, runPk, keyId, firstPage - 1);
		if (!prior) return undefined;
		near.before = [prior.steps[prior.n - 1] as number, prior.values[prior.n - 1] as number];
	}
	return out;
}

/** The first value of the page row `p` is on. */
function firstValue(conn: Conn, raw: RawPageExports, p: number): number {
	const at = raw.sqlite3_column_blob(p, 3);
	if (raw.sqlite3_column_bytes(p, 3) < 8) return NaN;
	const value = new Float64Array(1);
	new Uint8Array(value.buffer).set(conn.sqlite3.wasm.heap8u().subarray(at, at + 8));
	return value[0] as number;
}

/** The stored points of the page `page`, or undefined when it is not stored as expected. */
function storedPage(conn: Conn, runPk: number, keyId: number, page: number): PointColumns | undefined {
	const raw = conn.sqlite3.wasm.exports as unknown as RawPageExports;
	const stmt = cachedStatement(
		conn.db,
		'SELECT first_step, last_step, steps, vals FROM metric_pages WHERE run_pk = ? AND key_id = ? AND page = ?'
	);
	const out = new PointColumns();
	try {
		const p = stmt.pointer as number;
		raw.sqlite3_bind_int(p, 1, runPk);
		raw.sqlite3_bind_int(p, 2, keyId);
		raw.sqlite3_bind_int(p, 3, page);
		if (raw.sqlite3_step(p) !== SQLITE_ROW) return undefined;
		return addPage(conn, raw, p, out, -Infinity, Infinity) ? out : undefined;
	} finally {
		raw.sqlite3_reset(stmt.pointer as number);
	}
}

/**
 * Stores points appended after `stored` existing points (all sorting after them). The partly filled last page is
 * read back and written again with the new points. Returns false, writing nothing, when that page is not as
 * expected (the caller then drops the summary).
 */
export function writeAppendedPages(
	conn: Conn,
	runPk: number,
	keyId: number,
	stored: number,
	steps: ArrayLike<number>,
	values: ArrayLike<number>
): boolean {
	const firstPage = Math.floor(stored / PAGE_POINTS);
	const kept = stored % PAGE_POINTS;
	const all = new PointColumns();
	if (kept > 0) {
		const prior = storedPage(conn, runPk, keyId, firstPage);
		if (!prior || prior.n !== kept) return false;
		all.room(kept);
		all.steps.set(prior.steps.subarray(0, kept));
		all.values.set(prior.values.subarray(0, kept));
		all.n = kept;
	}
	all.room(steps.length);
	all.steps.set(steps, all.n);
	all.values.set(values, all.n);
	// -0 becomes 0, as in `metrics` (SQLite keeps an integral REAL as an integer): both reads give the same value.
	for (let i = all.n; i < all.n + steps.length; i++) if (all.values[i] === 0) all.values[i] = 0;
	all.n += steps.length;
	const raw = conn.sqlite3.wasm.exports as unknown as RawPageExports;
	const { wasm } = conn.sqlite3;
	const scratch = wasm.alloc(PAGE_POINTS * 16);
	const stmt = cachedStatement(
		conn.db,
		`INSERT OR REPLACE INTO metric_pages(run_pk, key_id, page, first_step, last_step, steps, vals)
			VALUES (?, ?, ?, ?, ?, ?, ?)`
	);
	try {
		const p = stmt.pointer as number;
		for (let at = 0, page = firstPage; at < all.n; at += PAGE_POINTS, page++) {
			const end = Math.min(all.n, at + PAGE_POINTS);
			const pageSteps = all.steps.subarray(at, end);
			const bytes = (end - at) * 8;
			const heap = wasm.heap8u();
			heap.set(new Uint8Array(all.values.buffer, at * 8, bytes), scratch);
			raw.sqlite3_bind_int(p, 1, runPk);
			raw.sqlite3_bind_int(p, 2, keyId);
			raw.sqlite3_bind_int(p, 3, page);
			raw.sqlite3_bind_double(p, 4, pageSteps[0] as number);
			raw.sqlite3_bind_double(p, 5, pageSteps[pageSteps.length - 1] as number);
			if (isEven(pageSteps)) raw.sqlite3_bind_null(p, 6);
			else {
				heap.set(new Uint8Array(all.steps.buffer, at * 8, bytes), scratch + PAGE_POINTS * 8);
				raw.sqlite3_bind_blob(p, 6, scratch + PAGE_POINTS * 8, bytes, SQLITE_TRANSIENT);
			}
			raw.sqlite3_bind_blob(p, 7, scratch, bytes, SQLITE_TRANSIENT);
			if (raw.sqlite3_step(p) !== SQLITE_DONE) throw new Error('Writing metric pages failed.');
			raw.sqlite3_reset(p);
		}
	} finally {
		raw.sqlite3_reset(stmt.pointer as number);
		wasm.dealloc(scratch);
	}
	return true;
}

export function deletePages(conn: Conn, runPk: number, keyId: number): void {
	conn.db.exec({ sql: 'DELETE FROM metric_pages WHERE run_pk = ? AND key_id = ?', bind: [runPk, keyId] });
}
