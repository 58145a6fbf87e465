// Opens a dropped SQLite file as UNTRUSTED input (https://sqlite.org/security.html): the bytes are checked
// before SQLite sees them, deserialized read-only into a private in-memory connection, and the connection is
// hardened before the first query. Nothing here ever writes, attaches or loads anything.
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '../../api/errors';

const MAGIC = 'SQLite format 3\0';
const HEADER_BYTES = 100;

/** A slow statement on a hostile file is stopped after this long (one phase: open, check, one run …). */
export const PHASE_BUDGET_MS = 10 * 60 * 1000;

export interface UntrustedDb {
	db: Database;
	/** Restarts the watchdog clock: call before each phase of work. */
	resetWatchdog(budgetMs?: number): void;
	close(): void;
}

/** True when the first 16 bytes are SQLite's magic string. */
export function hasSqliteMagic(head: Uint8Array): boolean {
	if (head.length < MAGIC.length) return false;
	for (let i = 0; i < MAGIC.length; i++) if (head[i] !== MAGIC.charCodeAt(i)) return false;
	return true;
}

/** The first `count` bytes of a file, read from its stream so a 2 GB database is not loaded to sniff it. */
export async function readHead(
	file: { stream(): ReadableStream<Uint8Array> },
	count = HEADER_BYTES
): Promise<Uint8Array> {
	const reader = file.stream().getReader();
	const out = new Uint8Array(count);
	let filled = 0;
	try {
		while (filled < count) {
			const { done, value } = await reader.read();
			if (done || !value) break;
			const take = Math.min(value.length, count - filled);
			out.set(value.subarray(0, take), filled);
			filled += take;
		}
	} finally {
		await reader.cancel().catch(() => undefined);
	}
	return out.subarray(0, filled);
}

function pageSizeOf(header: Uint8Array): number {
	const raw = ((header[16] ?? 0) << 8) | (header[17] ?? 0);
	return raw === 1 ? 65536 : raw;
}

function u32(header: Uint8Array, at: number): number {
	return (
		(((header[at] ?? 0) << 24) |
			((header[at + 1] ?? 0) << 16) |
			((header[at + 2] ?? 0) << 8) |
			(header[at + 3] ?? 0)) >>>
		0
	);
}

/** What a cut file's message advises by default: the database was copied while MLflow was writing it. */
const COPY_AGAIN = 'Copy the file again once MLflow has stopped writing to it.';

/**
 * Checks the header before SQLite parses anything: magic, a power-of-two page size, a whole number of pages,
 * and (when the header's page count is trustworthy) that no page is missing. Says what is wrong in words;
 * `retry` is the advice for a cut file (another writer than MLflow gives its own).
 */
export function checkHeader(bytes: Uint8Array, name: string, retry = COPY_AGAIN): void {
	if (!hasSqliteMagic(bytes)) {
		throw new RunboardError(
			'IMPORT_UNRECOGNIZED',
			`${name} is not a SQLite database: its first bytes are not "SQLite format 3". ` +
				'An MLflow database (mlflow.db) is a SQLite file; drop that file itself.',
			{ file: name }
		);
	}
	const pageSize = pageSizeOf(bytes);
	const validPageSize = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0;
	if (bytes.length < HEADER_BYTES || !validPageSize) {
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`${name} is damaged: its SQLite header is invalid (page size ${pageSize}).`,
			{
				file: name,
				offset: 16
			}
		);
	}
	if (bytes.length % pageSize !== 0) {
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`${name} is truncated or damaged: ${bytes.length} bytes is not a whole number of ${pageSize}-byte pages. ` +
				retry,
			{ file: name, size: bytes.length, pageSize }
		);
	}
	// The header's page count is valid only when its "version-valid-for" number matches the change counter.
	const pages = u32(bytes, 28);
	if (pages > 0 && u32(bytes, 92) === u32(bytes, 24) && pages * pageSize > bytes.length) {
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`${name} is truncated: its header says ${pages} pages (${pages * pageSize} bytes) but the file has ` +
				`${bytes.length} bytes. ${retry}`,
			{ file: name, size: bytes.length, expected: pages * pageSize }
		);
	}
}

/** True when header bytes 18–19 say WAL journal mode (as `mlflow migrate-filestore` leaves its output). */
export function isWalMode(bytes: Uint8Array): boolean {
	return bytes[18] === 2 || bytes[19] === 2;
}

/**
 * Deserializes `bytes` (already checked with checkHeader) into a read-only in-memory connection, hardens it and
 * (unless `quickCheck` is false, as for detection) checks it. The caller must close() the result in a finally.
 */
export function openUntrusted(
	sqlite3: Sqlite3Static,
	bytes: Uint8Array,
	name: string,
	quickCheck = true
): UntrustedDb {
	// An in-memory database cannot use WAL: mark our copy as rollback-journal (the data pages are the same).
	const copy = isWalMode(bytes) ? patchedCopy(bytes) : bytes;
	return openInHeap(sqlite3, sqlite3.wasm.allocFromTypedArray(copy), copy.byteLength, name, quickCheck);
}

/**
 * The whole file, streamed straight into SQLite's heap (no JS copy of it on the way: a 250 MB database used to
 * be held twice), checked there with checkHeader, then opened like openUntrusted with the integrity check.
 */
export async function openUntrustedFile(
	sqlite3: Sqlite3Static,
	file: { size: number; stream(): ReadableStream<Uint8Array> },
	name: string,
	retry = COPY_AGAIN
): Promise<UntrustedDb> {
	const { wasm } = sqlite3;
	const size = file.size;
	const pData = wasm.alloc(Math.max(size, 1));
	try {
		const reader = file.stream().getReader();
		let filled = 0;
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				if (filled + value.byteLength > size) throw changedWhileRead(name);
				// heap8u() anew each time: the heap may have grown (and moved) while we awaited.
				wasm.heap8u().set(value, pData + filled);
				filled += value.byteLength;
			}
		} finally {
			await reader.cancel().catch(() => undefined);
		}
		if (filled !== size) throw changedWhileRead(name);
		const view = wasm.heap8u().subarray(pData, pData + size);
		checkHeader(view, name, retry);
		if (isWalMode(view)) view.set([1, 1], 18);
	} catch (error) {
		wasm.dealloc(pData);
		throw error;
	}
	return openInHeap(sqlite3, pData, size, name, true);
}

function changedWhileRead(name: string): RunboardError {
	return new RunboardError(
		'IMPORT_CORRUPT',
		`${name} changed while it was being read; copy it again and retry.`,
		{
			file: name
		}
	);
}

/** Opens the database image at pData (owned from here on: SQLite frees it when the connection closes). */
function openInHeap(
	sqlite3: Sqlite3Static,
	pData: number,
	size: number,
	name: string,
	quickCheck: boolean
): UntrustedDb {
	const { capi } = sqlite3;
	let db: Database;
	try {
		db = new sqlite3.oo1.DB(':memory:', 'c');
	} catch (error) {
		sqlite3.wasm.dealloc(pData);
		throw error;
	}
	let deadline = Date.now() + PHASE_BUDGET_MS;
	let handedOver = false;
	try {
		// Connection-wide settings first, so they are in force when SQLite first parses the file's schema.
		harden(sqlite3, db);
		// FREEONCLOSE: SQLite frees the buffer on close, and also if deserialize itself fails.
		handedOver = true;
		const rc = capi.sqlite3_deserialize(
			db,
			'main',
			pData,
			size,
			size,
			capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_READONLY
		);
		if (rc !== 0) throw new Error(`sqlite3_deserialize failed: ${capi.sqlite3_js_rc_str(rc)}`);
		// A watchdog: SQLite calls this every 100k VM steps; returning non-zero interrupts the statement.
		// (Builds made with SQLITE_OMIT_PROGRESS_CALLBACK lack it; the other defences still hold.)
		if (typeof capi.sqlite3_progress_handler === 'function') {
			capi.sqlite3_progress_handler(db, 100_000, () => (Date.now() > deadline ? 1 : 0), 0);
		}
		if (quickCheck) checkIntegrity(db, name);
	} catch (error) {
		db.close();
		if (!handedOver) sqlite3.wasm.dealloc(pData);
		throw asCorrupt(error, name);
	}
	return {
		db,
		resetWatchdog(budgetMs = PHASE_BUDGET_MS) {
			deadline = Date.now() + budgetMs;
		},
		close() {
			// close() also removes the progress handler's WASM function binding (sqlite3_close_v2 cleanup).
			if (db.isOpen()) db.close();
		}
	};
}

/** Detection reads this much of a large database: its schema is almost always in the first pages. */
export const DETECT_PREFIX_BYTES = 1024 * 1024;

/**
 * For detection only: the first pages of a large database, with the header's page count cut to them, so its
 * schema can be read without loading (and copying into the WASM heap) hundreds of megabytes twice. A schema
 * page past the prefix makes SQLite report corruption, which detection treats as "not sure" — the import
 * itself always opens and checks the whole file.
 */
export function detectionPrefix(prefix: Uint8Array): Uint8Array {
	const pageSize = pageSizeOf(prefix);
	const pages = Math.floor(prefix.length / pageSize);
	const copy = prefix.slice(0, pages * pageSize);
	new DataView(copy.buffer).setUint32(28, pages);
	return copy;
}

function patchedCopy(bytes: Uint8Array): Uint8Array {
	const copy = bytes.slice();
	copy[18] = 1;
	copy[19] = 1;
	return copy;
}

/**
 * Everything SQLite offers against a hostile schema (https://sqlite.org/security.html), on the connection
 * before the file is attached to it. No mmap_size: the database already lives in memory.
 */
function harden(sqlite3: Sqlite3Static, p: Database): void {
	const { capi } = sqlite3;
	capi.sqlite3_db_config(p, capi.SQLITE_DBCONFIG_DEFENSIVE, 1, 0);
	capi.sqlite3_db_config(p, capi.SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, 0);
	// We read tables only: a trigger cannot fire on a read-only connection anyway, and a view is never used.
	capi.sqlite3_db_config(p, capi.SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, 0);
	capi.sqlite3_db_config(p, capi.SQLITE_DBCONFIG_ENABLE_VIEW, 0, 0);
	capi.sqlite3_limit(p, capi.SQLITE_LIMIT_LENGTH, 100_000_000);
	capi.sqlite3_limit(p, capi.SQLITE_LIMIT_SQL_LENGTH, 100_000);
	// Generous enough for every MLflow table; a schema beyond it is not MLflow's and fails to load, clearly.
	capi.sqlite3_limit(p, capi.SQLITE_LIMIT_COLUMN, 500);
	capi.sqlite3_limit(p, capi.SQLITE_LIMIT_EXPR_DEPTH, 200);
	capi.sqlite3_limit(p, capi.SQLITE_LIMIT_COMPOUND_SELECT, 10);
	capi.sqlite3_limit(p, capi.SQLITE_LIMIT_ATTACHED, 0);
	capi.sqlite3_limit(p, capi.SQLITE_LIMIT_TRIGGER_DEPTH, 1);
	p.exec('PRAGMA trusted_schema=OFF; PRAGMA query_only=1; PRAGMA cell_size_check=ON;');
}

/** quick_check reads every page once; anything but "ok" means we would import garbage or crash later. */
function checkIntegrity(db: Database, name: string): void {
	const rows = db.selectArrays('PRAGMA quick_check(20)').map((r) => String(r[0]));
	if (rows.length === 1 && rows[0] === 'ok') return;
	throw new RunboardError(
		'IMPORT_CORRUPT',
		`${name} is damaged; SQLite's integrity check says: ${rows.slice(0, 5).join('; ')}` +
			(rows.length > 5 ? ` (and ${rows.length - 5} more problems)` : ''),
		{ file: name, problems: rows }
	);
}

/** SQLite's own words, under our code: a file SQLite refuses to read is a damaged file. */
export function asCorrupt(error: unknown, name: string): RunboardError {
	if (error instanceof RunboardError) return error;
	const message = error instanceof Error ? error.message : String(error);
	if (/SQLITE_INTERRUPT|interrupted/i.test(message)) {
		return new RunboardError(
			'IMPORT_CORRUPT',
			`${name}: reading took too long and was stopped (${message}).`,
			{
				file: name
			}
		);
	}
	return new RunboardError('IMPORT_CORRUPT', `${name} could not be read: ${message}`, { file: name });
}
