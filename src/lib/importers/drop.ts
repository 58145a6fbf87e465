// What importers of logs without experiments (TensorBoard, CSV, JSON logs) share about a drop: the folder the user
// dropped, and an experiment known only by its name (the writer finds or creates it by name).
import type { RunStatus, Tag } from '../model/types';
import type { ImportedExperiment, ImportedRun, ImportItem } from './types';

/** The dropped folder's name when every path lies below one folder; '' for loose files. */
export function droppedRoot(paths: string[]): string {
	const first = paths[0]?.split('/')[0] ?? '';
	return paths.every((p) => p.includes('/') && p.split('/')[0] === first) ? first : '';
}

/** An experiment with only a name (and maybe tags): no times, no artifact location of its own. */
export function namedExperiment(key: string, name: string, tags: Tag[] = []): ImportedExperiment {
	return {
		key,
		name,
		lifecycleStage: 'active',
		creationTime: null,
		lastUpdateTime: null,
		artifactLocation: '',
		tags
	};
}

/** What a log without MLflow's bookkeeping knows of a run; the rest takes the values such logs imply. */
export type LoggedRunFields = Pick<ImportedRun, 'experimentKey' | 'runId' | 'runName' | 'metrics'> &
	Partial<Pick<ImportedRun, 'status' | 'startTime' | 'endTime' | 'params' | 'tags' | 'artifacts'>>;

/**
 * The run item of a log that has no user, no artifact location and no dataset inputs: active, FINISHED unless
 * the log says otherwise, times unknown unless given.
 */
export function loggedRun(fields: LoggedRunFields): ImportItem {
	const status: RunStatus = fields.status ?? 'FINISHED';
	return {
		kind: 'run',
		run: {
			experimentKey: fields.experimentKey,
			runId: fields.runId,
			runName: fields.runName,
			status,
			startTime: fields.startTime ?? null,
			endTime: fields.endTime ?? null,
			lifecycleStage: 'active',
			userId: '',
			artifactUri: '',
			params: fields.params ?? [],
			tags: fields.tags ?? [],
			metrics: fields.metrics,
			inputs: [],
			artifacts: fields.artifacts ?? []
		}
	};
}
