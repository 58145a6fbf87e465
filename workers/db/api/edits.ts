// The edits part of DbApi: renaming and ending runs, experiment tags, and changes to many runs at once. Arguments
// are checked here, before the transaction; rows are in workers/db/edits.ts.
import { RunboardError } from '$lib/api/errors';
import type { EditsApi, UpdateRunRequest } from '$lib/api/db-api';
import {
	checkExperimentId,
	checkInteger,
	checkKey,
	checkRunId,
	checkRunIds,
	checkRunName,
	checkStatus,
	tagLimit,
	toStringValue
} from '$lib/api/validate';
import * as edits from '../edits';
import { experimentPk } from '../experiments';
import { runInputs } from '../run-record';
import { runRef } from '../runs';
import type { ApiContext } from './context';

function checkUpdate(request: UpdateRunRequest): { runId: string; update: edits.RunUpdate } {
	if (typeof request !== 'object' || request === null) {
		throw new RunboardError('INVALID_ARGUMENT', 'updateRun needs {runId, runName?, status?, endTime?}.');
	}
	const runId = checkRunId(request.runId);
	const update: edits.RunUpdate = {};
	if (request.runName !== undefined) update.runName = checkRunName(request.runName);
	if (request.status !== undefined) update.status = checkStatus(request.status);
	if (request.endTime !== undefined) update.endTime = checkInteger('endTime', request.endTime);
	if (Object.keys(update).length === 0) {
		throw new RunboardError('INVALID_ARGUMENT', 'updateRun needs at least one of runName, status, endTime.');
	}
	return { runId, update };
}

export function editsApi({ db, now, tx }: ApiContext): EditsApi {
	return {
		async updateRun(request) {
			const { runId, update } = checkUpdate(request);
			tx(() => edits.updateRun(db, runId, update, now()));
		},
		async deleteExperimentTag(experimentId, key) {
			const id = checkExperimentId(experimentId);
			const k = checkKey('Tag', key);
			tx(() => edits.deleteExperimentTag(db, experimentPk(db, id), id, k, now()));
		},
		async deleteRuns(runIds) {
			const ids = checkRunIds(runIds);
			return tx(() => edits.setRunsLifecycle(db, ids, 'deleted', now()));
		},
		async restoreRuns(runIds) {
			const ids = checkRunIds(runIds);
			return tx(() => edits.setRunsLifecycle(db, ids, 'active', now()));
		},
		async setTagOnRuns(runIds, key, value) {
			const ids = checkRunIds(runIds);
			const k = checkKey('Tag', key);
			const v = toStringValue('Tag', k, value, tagLimit(k));
			tx(() => edits.setTagOnRuns(db, ids, k, v));
		},
		async getRunInputs(runId) {
			return runInputs(db, runRef(db, checkRunId(runId)).pk);
		}
	};
}
