// The digests of imported runs (migration 6, workers/db/import/run-digest.ts): what an import compares a run it
// meets again with, to call it added, updated or unchanged.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { cachedStatement, write } from './sql';

/** What is stored under a run id: nothing, a run without a valid digest (null), or the run's digest. */
export type StoredRun = undefined | { digest: string | null };

export function storedRun(db: Database, runId: string): StoredRun {
	const stmt = cachedStatement(
		db,
		'SELECT d.digest FROM runs r LEFT JOIN run_digests d ON d.run_pk = r.run_pk WHERE r.run_uuid = ?'
	);
	try {
		stmt.bind([runId]);
		if (!stmt.step()) return undefined;
		const digest = stmt.get(0);
		return { digest: typeof digest === 'string' ? digest : null };
	} finally {
		stmt.reset(true);
	}
}

/** Records the digests of runs just written (after all their rows: any row written later drops its digest). */
export function saveDigests(db: Database, rows: [runPk: number, digest: string][]): void {
	if (rows.length === 0) return;
	write(
		db,
		`INSERT OR REPLACE INTO run_digests(run_pk, digest) SELECT value ->> 0, value ->> 1 FROM json_each(?)`,
		[JSON.stringify(rows)]
	);
}
