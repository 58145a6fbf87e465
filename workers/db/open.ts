// Opens the database in the worker: OPFS through the opfs-sahpool VFS when the browser allows it, otherwise an
// in-memory database that the page announces with a banner (never a silent fallback).
//
// opfs-sahpool has no locking of its own: the page holds the Web Lock "runboard-db" before starting this
// worker, so only one tab ever installs the pool. preserveOnInitFailure keeps the pool's files when installing
// fails (the library's default deletes them): a transient failure must never cost the user their data.
import type { Database, SAHPoolUtil, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { StorageMode } from '$lib/api/db-api';

export const DB_FILE = '/runboard.sqlite3';
const POOL = { name: 'runboard-pool', directory: '.runboard-pool' };

export interface OpenedDatabase {
	db: Database;
	mode: StorageMode;
	fallbackReason?: string;
	pool?: SAHPoolUtil;
}

function opfsMissingReason(): string | undefined {
	if (!globalThis.isSecureContext) {
		return 'this page is not served over HTTPS (or localhost), so the browser does not offer persistent storage';
	}
	const fileHandle = (globalThis as { FileSystemFileHandle?: { prototype: object } }).FileSystemFileHandle;
	if (
		!navigator.storage?.getDirectory ||
		!fileHandle ||
		!('createSyncAccessHandle' in fileHandle.prototype)
	) {
		return 'this browser (or a private window) does not offer the Origin Private File System';
	}
	return undefined;
}

const POOL_RETRY_MS = 5000;
const POOL_RETRY_EVERY_MS = 50;

async function installPool(sqlite3: Sqlite3Static): Promise<SAHPoolUtil> {
	let lastError: unknown;
	// A tab that just closed or handed the database over may still be releasing its file handles (its worker is
	// torn down after its lock is free): retry often, so that the next tab takes over as soon as they are free.
	const deadline = Date.now() + POOL_RETRY_MS;
	for (let attempt = 0; attempt === 0 || Date.now() < deadline; attempt++) {
		try {
			// forceReinitIfPreviouslyFailed exists at runtime but is missing from the published types.
			const options = { ...POOL, preserveOnInitFailure: true, forceReinitIfPreviouslyFailed: attempt > 0 };
			return await sqlite3.installOpfsSAHPoolVfs(options);
		} catch (error) {
			lastError = error;
			await new Promise((resolve) => setTimeout(resolve, POOL_RETRY_EVERY_MS));
		}
	}
	throw lastError;
}

export async function openDatabase(sqlite3: Sqlite3Static): Promise<OpenedDatabase> {
	const missing = opfsMissingReason();
	if (!missing) {
		try {
			const pool = await installPool(sqlite3);
			return { db: new pool.OpfsSAHPoolDb(DB_FILE), mode: 'opfs', pool };
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			return memory(sqlite3, `the browser refused access to its storage (${message})`);
		}
	}
	return memory(sqlite3, missing);
}

/**
 * Settings of every connection, before the schema is read or written: the schema's triggers and views may not
 * call functions that have side effects, and 32 MiB of page cache (the default is 2 MiB), since a chart of 100
 * long series reads ~20 MiB of block summaries, and zooming reads them again.
 */
export function configureConnection(db: Database): void {
	db.exec('PRAGMA trusted_schema = OFF');
	db.exec('PRAGMA cache_size = -32768');
}

function memory(sqlite3: Sqlite3Static, reason: string): OpenedDatabase {
	return { db: new sqlite3.oo1.DB(':memory:', 'c'), mode: 'memory', fallbackReason: reason };
}
