// The storage part of DbApi: the database as a whole — status, export, emptying, purging what was deleted,
// checking, closing. Its statements are in workers/db/storage.ts and workers/db/purge.ts.
import type { DbStatus, StorageApi, StorageMode } from '$lib/api/db-api';
import { commitBatch } from '../batch';
import * as purge from '../purge';
import { compact, databaseBytes, deleteEverything, integrityCheck } from '../storage';
import type { ApiContext } from './context';

export interface StorageOptions {
	mode: StorageMode;
	fallbackReason?: string;
	schemaVersion: number;
	/** Called by close() after the database is closed (see DbApiOptions.onClose). */
	onClose?: () => void;
	/** Called by close() first: stops work the worker does by itself (the chart warm-up). */
	beforeClose?: () => void;
}

export function storageApi({ conn, db, tx }: ApiContext, options: StorageOptions): StorageApi {
	return {
		async status(): Promise<DbStatus> {
			return {
				mode: options.mode,
				fallbackReason: options.fallbackReason,
				sqliteVersion: conn.sqlite3.version.libVersion,
				schemaVersion: options.schemaVersion,
				databaseBytes: databaseBytes(db)
			};
		},
		async exportDatabase() {
			return conn.sqlite3.capi.sqlite3_js_db_export(db.pointer as number);
		},
		async deleteAllData() {
			deleteEverything(db);
		},
		async countDeleted() {
			return purge.countDeleted(db);
		},
		async purgeDeleted() {
			const bytesBefore = databaseBytes(db);
			const removed = tx(() => purge.purgeDeleted(db));
			const compacted = compact(db);
			return { ...removed, bytesBefore, bytesAfter: databaseBytes(db), compacted };
		},
		async integrityCheck() {
			return integrityCheck(db);
		},
		async close() {
			options.beforeClose?.();
			commitBatch(db);
			db.close();
			options.onClose?.();
		}
	};
}
