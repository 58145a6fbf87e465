// Import batches: an import writes whole runs inside SAVEPOINTs of one open transaction and commits every few
// hundred thousand points, instead of committing each run (a commit on OPFS costs milliseconds; 1,000 runs paid
// seconds). A run that fails rolls back to its savepoint, so the database still holds only whole runs.
// Any other write (the page's API) first commits the open batch — at that moment the import is waiting between
// runs — so an acknowledged write never depends on a batch that a closed tab would lose.
//
// A batch can also be lost whole: after an I/O error or a full disk SQLite rolls back the entire transaction, not
// just the savepoint, and a COMMIT that fails takes the batch with it. Each batch has an id, and the ids of lost
// batches are kept, so the import's report counts only the runs of batches that really committed.
//
// A batch can be held (holdBatch): an import whose source is verified while it is written (a run bundle) keeps
// everything in that one batch until the source is known sound, then commits it, or rolls it all back. While it
// is held no other write may commit it: the API's calls wait (api/held-import.ts).
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import { commit, rollbackQuietly, transaction as plainTransaction, write } from './sql';

interface BatchState {
	/** The id of the open batch, if one is open. */
	open: number | undefined;
	lastId: number;
	lost: Set<number>;
	/** While the open batch is held: settles when it is committed or rolled back. */
	held: { settled: Promise<void>; settle: () => void } | undefined;
}

const states = new WeakMap<Database, BatchState>();

function stateOf(db: Database): BatchState {
	let state = states.get(db);
	if (!state) states.set(db, (state = { open: undefined, lastId: 0, lost: new Set(), held: undefined }));
	return state;
}

export const BATCH_POINTS = 250_000;

function openIfNeeded(db: Database, state: BatchState): void {
	if (state.open !== undefined) return;
	db.exec('BEGIN');
	state.open = ++state.lastId;
}

/** Runs fn in a savepoint of the connection's import batch, opening the batch if needed. */
export function inBatch<T>(db: Database, fn: () => T): T {
	const state = stateOf(db);
	openIfNeeded(db, state);
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

/**
 * Opens a batch that stays open, whatever is written into it, until releaseBatch: everything is then committed
 * at once or rolled back at once.
 */
export function holdBatch(db: Database): void {
	const state = stateOf(db);
	openIfNeeded(db, state);
	let settle = () => {};
	const settled = new Promise<void>((resolve) => (settle = resolve));
	state.held = { settled, settle };
}

/** Whether the open batch is held; commitBatch leaves a held batch open. */
export function batchHeld(db: Database): boolean {
	return stateOf(db).held !== undefined;
}

/** Settles once the held batch is released; undefined when none is held. */
export function heldBatchSettled(db: Database): Promise<void> | undefined {
	return stateOf(db).held?.settled;
}

/** Ends the hold: commits the batch (a failed COMMIT throws, the batch lost), or rolls it back (lost). */
export function releaseBatch(db: Database, keep: boolean): void {
	const state = stateOf(db);
	const held = state.held;
	state.held = undefined;
	try {
		if (keep) commitBatch(db);
		else loseBatch(db, state);
	} finally {
		held?.settle();
	}
}

/**
 * Commits the open import batch, if any. A failed COMMIT loses the batch (see batchLost) and throws. A held batch
 * is left open (releaseBatch commits it).
 */
export function commitBatch(db: Database): void {
	const state = stateOf(db);
	if (state.open === undefined || state.held) return;
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
	// The API's calls wait for a held batch (api/held-import.ts): a write reaching here would commit it unverified.
	if (stateOf(db).held)
		throw new RunboardError(
			'INVALID_STATE',
			'An import is verifying what it writes; try again once it ends.'
		);
	commitBatch(db);
	return plainTransaction(db, fn);
}
