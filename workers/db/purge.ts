// Permanent deletion of what was deleted, as MLflow's `mlflow gc` does for a tracking server. Deleting a run or an
// experiment only marks it (it can be restored), so it frees no space: when the browser's storage is full, this
// is what makes room. It removes runs marked deleted, every run of an experiment marked deleted, and those
// experiments, with all they own: params, tags, points, summaries and pages, dataset inputs, artifacts, and the
// logged models of the deleted experiments with their files. Nothing active is touched.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { all, one, run } from './sql';
import { RUN_TABLES } from './ingest-rows';

export interface DeletedCounts {
	runs: number;
	experiments: number;
}

const DELETED_EXPERIMENTS = "SELECT experiment_id FROM experiments WHERE lifecycle_stage = 'deleted'";
const DELETED_RUNS = `SELECT run_pk FROM runs WHERE lifecycle_stage = 'deleted' OR experiment_id IN (${DELETED_EXPERIMENTS})`;

/** How many runs and experiments a purge would remove. */
export function countDeleted(db: Database): DeletedCounts {
	const runs = one<{ n: number }>(db, `SELECT count(*) AS n FROM (${DELETED_RUNS})`)?.n ?? 0;
	const experiments = one<{ n: number }>(db, `SELECT count(*) AS n FROM (${DELETED_EXPERIMENTS})`)?.n ?? 0;
	return { runs, experiments };
}

/** Removes everything deleted; the caller holds the transaction. Returns what was removed. */
export function purgeDeleted(db: Database): DeletedCounts {
	const counts = countDeleted(db);
	const runPks = JSON.stringify(all<{ run_pk: number }>(db, DELETED_RUNS).map((r) => r.run_pk));
	const inRuns = 'IN (SELECT value FROM json_each(?))';
	const models = `SELECT model_id FROM logged_models WHERE experiment_id IN (${DELETED_EXPERIMENTS})`;
	const files = `SELECT file_id FROM artifact_files WHERE run_pk ${inRuns} OR model_id IN (${models})`;
	run(db, `DELETE FROM artifact_chunks WHERE file_id IN (${files})`, [runPks]);
	run(db, `DELETE FROM artifact_files WHERE run_pk ${inRuns} OR model_id IN (${models})`, [runPks]);
	run(db, `DELETE FROM logged_models WHERE model_id IN (${models})`);
	for (const table of RUN_TABLES) run(db, `DELETE FROM ${table} WHERE run_pk ${inRuns}`, [runPks]);
	run(db, `DELETE FROM runs WHERE run_pk ${inRuns}`, [runPks]);
	run(db, `DELETE FROM experiment_tags WHERE experiment_id IN (${DELETED_EXPERIMENTS})`);
	run(db, `DELETE FROM experiments WHERE experiment_id IN (${DELETED_EXPERIMENTS})`);
	return counts;
}
