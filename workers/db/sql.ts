// Small typed helpers over sqlite-wasm's oo1 API, so query code reads as SQL plus types.
import type { Database, BindingSpec, PreparedStatement, Sqlite3Static } from '@sqlite.org/sqlite-wasm';

export type Row = Record<string, unknown>;

export interface Conn {
	db: Database;
	sqlite3: Sqlite3Static;
}

export function all<T extends Row>(db: Database, sql: string, bind?: BindingSpec): T[] {
	return db.exec({ sql, bind, rowMode: 'object', returnValue: 'resultRows' }) as T[];
}

export function one<T extends Row>(db: Database, sql: string, bind?: BindingSpec): T | undefined {
	return all<T>(db, sql, bind)[0];
}

export function run(db: Database, sql: string, bind?: BindingSpec): number {
	db.exec({ sql, bind });
	return db.changes();
}

/** `?, ?, ?` for n bind slots. */
export function slots(n: number): string {
	return Array.from({ length: n }, () => '?').join(', ');
}

/** Converts a nullable SQLite integer to a JS number (they are already numbers for values < 2^53). */
export function numOrNull(value: unknown): number | null {
	return value === null || value === undefined ? null : Number(value);
}

/** SQLite returns NaN as NULL: our metric value columns use NULL to mean NaN. */
export function metricValue(value: unknown): number {
	return value === null || value === undefined ? NaN : Number(value);
}

const statementCache = new WeakMap<Database, Map<string, PreparedStatement>>();

/**
 * A prepared statement kept per connection for SQL run thousands of times (imports, chart reads): compiling it
 * again each time costs more than running it. Callers reset it when done (and never finalize it).
 */
export function cachedStatement(db: Database, sql: string): PreparedStatement {
	let cache = statementCache.get(db);
	if (!cache) statementCache.set(db, (cache = new Map()));
	let stmt = cache.get(sql);
	if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
	return stmt;
}

/** `one()` through a cached statement: for lookups made once per run of a chart or an import. */
export function cachedOne<T extends Row>(db: Database, sql: string, bind: BindingSpec): T | undefined {
	const stmt = cachedStatement(db, sql);
	try {
		stmt.bind(bind);
		return stmt.step() ? (stmt.get({}) as T) : undefined;
	} finally {
		stmt.reset(true);
	}
}

/** Runs a write statement through a cached statement. Binds strings and small integers only (see metrics.ts). */
export function write(db: Database, sql: string, bind: (string | number | null | Uint8Array)[]): void {
	const stmt = cachedStatement(db, sql);
	try {
		if (bind.length) stmt.bind(bind);
		stmt.step();
	} finally {
		stmt.reset(true);
	}
}

/** The first column of the first row, through a cached statement (a lookup made once per run). */
export function cachedValue(db: Database, sql: string, bind: (string | number)[]): unknown {
	const stmt = cachedStatement(db, sql);
	try {
		if (bind.length) stmt.bind(bind);
		return stmt.step() ? stmt.get(0) : undefined;
	} finally {
		stmt.reset(true);
	}
}

/** The raw C entry points used by bulk inserts. */
export interface RawBindings {
	sqlite3_bind_int(stmt: number, index: number, value: number): number;
	sqlite3_bind_double(stmt: number, index: number, value: number): number;
	sqlite3_step(stmt: number): number;
	sqlite3_reset(stmt: number): number;
}

/**
 * The WASM exports themselves: capi's wrappers convert arguments and push/pop a scoped allocator on every call,
 * which more than doubles the cost of a million-row insert loop. Safe for numbers-only calls like these.
 */
export function rawBindings(sqlite3: Sqlite3Static): RawBindings {
	return sqlite3.wasm.exports as RawBindings;
}

/**
 * BEGIN … COMMIT around fn; on failure, the transaction is rolled back and fn's own error is rethrown. After an
 * I/O error or a full disk (SQLITE_IOERR, SQLITE_FULL) SQLite has often rolled the whole transaction back itself,
 * so a ROLLBACK then fails with "cannot rollback - no transaction is active": that second failure must never
 * replace the error that explains it (oo1's db.transaction() lets it).
 */
export function transaction<T>(db: Database, fn: () => T): T {
	db.exec('BEGIN');
	let result: T;
	try {
		result = fn();
	} catch (error) {
		rollbackQuietly(db);
		throw error;
	}
	commit(db);
	return result;
}

/**
 * COMMITs the open transaction; throws (rolled back) only when it did not reach the disk. A COMMIT can fail after
 * its commit point: the rollback journal's deletion is the last step, and opfs-sahpool removes a file in several
 * writes, so a failure among them may leave the journal gone (committed) yet report SQLITE_IOERR_DELETE. SQLite's
 * file change counter, read again from the disk, tells which: it moves on every commit.
 */
export function commit(db: Database): void {
	const before = changeCounter(db);
	try {
		db.exec('COMMIT');
	} catch (error) {
		rollbackQuietly(db);
		if (before !== undefined && changeCounter(db) !== before) return;
		throw error;
	}
}

/** ROLLBACK if a transaction is still open; nothing when SQLite already rolled it back. */
export function rollbackQuietly(db: Database): void {
	try {
		db.exec('ROLLBACK');
	} catch {
		// No transaction was active: SQLite rolled it back itself when the failing statement ended.
	}
}

/** Bytes 24–27 of the database header (page 1, read through sqlite_dbpage); undefined when it cannot be read. */
function changeCounter(db: Database): number | undefined {
	try {
		const page = cachedValue(db, 'SELECT data FROM sqlite_dbpage WHERE pgno = 1', []);
		if (!(page instanceof Uint8Array) || page.byteLength < 28) return undefined;
		return new DataView(page.buffer, page.byteOffset, page.byteLength).getUint32(24);
	} catch {
		return undefined;
	}
}
