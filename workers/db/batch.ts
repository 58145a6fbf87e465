// Import batches: an import writes whole runs inside SAVEPOINTs of one open transaction and commits every few
// hundred thousand points, instead of committing each run (a commit on OPFS costs milliseconds; 1,000 runs paid
// seconds). A run that fails rolls back to its savepoint, so the database still holds only whole runs.
// Any other write (the page's API) first commits the open batch — at that moment the import is waiting between
// runs — so an acknowledged write never depends on a batch that a closed tab would lose.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { write } from './sql';

const open = new WeakSet<Database>();

export const BATCH_POINTS = 250_000;

/** Runs fn in a savepoint of the connection's import batch, opening the batch if needed. */
export function inBatch<T>(db: Database, fn: () => T): T {
	if (!open.has(db)) {
		db.exec('BEGIN');
		open.add(db);
	}
	// Kept prepared statements rather than oo1's savepoint(), which compiles SAVEPOINT and RELEASE for every run.
	write(db, 'SAVEPOINT import_run', []);
	try {
		const result = fn();
		write(db, 'RELEASE import_run', []);
		return result;
	} catch (error) {
		write(db, 'ROLLBACK TO import_run', []);
		write(db, 'RELEASE import_run', []);
		throw error;
	}
}

/** Commits the open import batch, if any. */
export function commitBatch(db: Database): void {
	if (!open.has(db)) return;
	open.delete(db);
	db.exec('COMMIT');
}

/** A transaction for any write that is not part of an import: commits a pending batch first. */
export function transaction<T>(db: Database, fn: () => T): T {
	commitBatch(db);
	return db.transaction(() => fn()) as T;
}
