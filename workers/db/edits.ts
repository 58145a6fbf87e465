// What a person may change after the fact, as MLflow's UpdateRun and DeleteExperimentTag do: a run's name,
// status and end time, an experiment's tags, and runs deleted or restored (or tagged) many at once.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import { RUN_NAME_TAG, type LifecycleStage, type RunStatus } from '$lib/model/types';
import { touchExperiment } from './experiments';
import { activeRunRef, runRef, setRunLifecycle, upsertTag } from './runs';
import { run } from './sql';

export interface RunUpdate {
	runName?: string;
	status?: RunStatus;
	endTime?: number;
}

/** MLflow refuses to update a deleted run (restore it first); the name and its mlflow.runName tag stay one value. */
export function updateRun(db: Database, runId: string, update: RunUpdate, now: number): void {
	const ref = activeRunRef(db, runId);
	if (update.runName !== undefined) upsertTag(db, ref.pk, RUN_NAME_TAG, update.runName);
	if (update.status !== undefined)
		run(db, 'UPDATE runs SET status = ? WHERE run_pk = ?', [update.status, ref.pk]);
	if (update.endTime !== undefined)
		run(db, 'UPDATE runs SET end_time = ? WHERE run_pk = ?', [update.endTime, ref.pk]);
	touchExperiment(db, ref.experimentPk, now);
}

export function deleteExperimentTag(
	db: Database,
	pk: number,
	experimentId: string,
	key: string,
	now: number
): void {
	if (run(db, 'DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?', [pk, key]) === 0) {
		throw new RunboardError('NOT_FOUND', `Experiment ${experimentId} has no tag "${key}".`, { key });
	}
	touchExperiment(db, pk, now);
}

/**
 * Marks every run deleted or active; every id is checked first so that one unknown id changes nothing. Returns
 * the runs whose stage changed (an already deleted run deleted again is not counted: Undo restores only these).
 */
export function setRunsLifecycle(
	db: Database,
	runIds: string[],
	stage: LifecycleStage,
	now: number
): string[] {
	const refs = runIds.map((id) => ({ id, ref: runRef(db, id) }));
	const changed = refs.filter(({ ref }) => ref.lifecycleStage !== stage).map(({ id }) => id);
	for (const id of changed) setRunLifecycle(db, id, stage, now);
	return changed;
}

/** One tag on many active runs (a deleted one refuses, as a single setTag would). */
export function setTagOnRuns(db: Database, runIds: string[], key: string, value: string): void {
	const refs = runIds.map((id) => activeRunRef(db, id));
	for (const ref of refs) upsertTag(db, ref.pk, key, value);
}
