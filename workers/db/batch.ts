// Import batches: an import writes whole runs inside SAVEPOINTs of one open transaction and commits every few
// hundred thousand points, instead of committing each run (a commit on OPFS costs milliseconds; 1,000 runs paid
// seconds). A run that fails rolls back to its savepoint, so the database still holds only whole runs.
// Any other write (the page's API) first commits the open batch — at that moment the import is waiting between
// runs — so an acknowledged write never depends on a batch that a closed tab would lose.
//
// A batch can also be lost whole: after an I/O error or a full disk SQLite rolls back the entire transaction, not
// just the savepoint, and a COMMIT that fails takes the batch with it. Each batch has an id, and the ids of lost
// batches are kept, so the import's report counts only the runs of batches that really committed.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { commit, rollbackQuietly, transaction as plainTransaction, write } from './sql';

interface BatchState {
	/** The id of the open batch, if one is open. */
	open: number | undefined;
	lastId: number;
	lost: Set<number>;
}

const states = new WeakMap<Database, BatchState>();

function stateOf(db: Database): BatchState {
	let state = states.get(db);
	if (!state) states.set(db, (state = { open: undefined, lastId: 0, lost: new Set() }));
	return state;
}

export const BATCH_POINTS = 250_000;

/** Runs fn in a savepoint of the connection's import batch, opening the batch if needed. */
export function inBatch<T>(db: Database, fn: () => T): T {
	const state = stateOf(db);
	if (state.open === undefined) {
		db.exec('BEGIN');
		state.open = ++state.lastId;
	}
	// Kept prepared statements rather than oo1's savepoint(), which compiles SAVEPOINT and RELEASE for every run.
	write(db, 'SAVEPOINT import_run', []);
	try {
		const result = fn();
		write(db, 'RELEASE import_run', []);
		return result;
	} catch (error) {
		try {
			write(db, 'ROLLBACK TO import_run', []);
			write(db, 'RELEASE import_run', []);
		} catch {
			// The savepoint is gone: SQLite rolled back the whole batch (an I/O error, a full disk).
			loseBatch(db, state);
		}
		throw error;
	}
}

/** The id of the batch that inBatch() writes into now, or undefined when none is open. */
export function openBatch(db: Database): number | undefined {
	return stateOf(db).open;
}

/** Whether the batch with this id was rolled back whole instead of committed. */
export function batchLost(db: Database, id: number): boolean {
	return stateOf(db).lost.has(id);
}

/** Commits the open import batch, if any. A failed COMMIT loses the batch (see batchLost) and throws. */
export function commitBatch(db: Database): void {
	const state = stateOf(db);
	if (state.open === undefined) return;
	const id = state.open;
	state.open = undefined;
	try {
		commit(db);
	} catch (error) {
		state.open = id;
		loseBatch(db, state);
		throw error;
	}
}

function loseBatch(db: Database, state: BatchState): void {
	if (state.open !== undefined) state.lost.add(state.open);
	state.open = undefined;
	rollbackQuietly(db);
}

/** A transaction for any write that is not part of an import: commits a pending batch first. */
export function transaction<T>(db: Database, fn: () => T): T {
	commitBatch(db);
	return plainTransaction(db, fn);
}
