// The database file as a whole: its size, emptying it, compacting it, checking it. Statements on the schema and
// the file rather than on one table's rows.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { transaction } from './batch';
import { migrate } from './migrations';

/** Bytes of the database file. */
export function databaseBytes(db: Database): number {
	return Number(db.selectValue('PRAGMA page_count')) * Number(db.selectValue('PRAGMA page_size'));
}

/** Drops every table in one transaction, gives the space back, and creates the schema anew (empty). */
export function deleteEverything(db: Database): void {
	const tables = db.selectValues(
		"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	) as string[];
	transaction(db, () => {
		for (const t of tables) db.exec(`DROP TABLE IF EXISTS "${t.replaceAll('"', '""')}"`);
		db.exec('PRAGMA user_version = 0');
	});
	db.exec('VACUUM');
	migrate(db);
}

/**
 * Rewrites the file without its free pages; false when it could not. VACUUM needs room for a copy of the
 * database: on a full disk it fails and changes nothing, and the free pages are still reused by the next writes.
 */
export function compact(db: Database): boolean {
	try {
		db.exec('VACUUM');
		return true;
	} catch {
		return false;
	}
}

/** SQLite's own check of the file: 'ok', or what is wrong. */
export function integrityCheck(db: Database): string {
	return String(db.selectValue('PRAGMA integrity_check'));
}
