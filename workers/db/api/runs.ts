// The runs part of DbApi: creating, logging to, tagging, ending, deleting and searching runs. Arguments are
// checked here, before the transaction; rows are in workers/db/runs.ts, points in workers/db/metrics.ts, a run
// read whole for a bundle in workers/db/run-record.ts.
import { RunboardError } from '$lib/api/errors';
import type { PackedBatch, RunRecord, RunsApi } from '$lib/api/db-api';
import {
	checkExperimentId,
	checkInteger,
	checkKey,
	checkRunName,
	checkRunId,
	checkStatus,
	LIMITS,
	tagLimit,
	toStringValue
} from '$lib/api/validate';
import { RUN_NAME_TAG } from '$lib/model/types';
import { insertMetrics, metricHistory } from '../metrics';
import { RECORD_BATCH_POINTS, runRecords } from '../run-record';
import * as runs from '../runs';
import { searchRuns } from '../search';
import { checkTags, type ApiContext } from './context';

export function runsApi({ conn, db, now, tx }: ApiContext): RunsApi {
	return {
		async createRun(request) {
			if (typeof request !== 'object' || request === null) {
				throw new RunboardError(
					'INVALID_ARGUMENT',
					'createRun needs {experimentId, runName?, startTime?, tags?}.'
				);
			}
			const experimentId = checkExperimentId(request.experimentId);
			const runName = request.runName === undefined ? undefined : checkRunName(request.runName);
			const startTime =
				request.startTime === undefined ? undefined : checkInteger('startTime', request.startTime);
			const tags = checkTags('Run tags', request.tags);
			return tx(() => runs.createRun(db, { ...request, experimentId, runName, startTime }, tags, now()));
		},
		async getRun(runId) {
			const ref = runs.runRef(db, checkRunId(runId));
			return runs.loadRuns(db, [ref.pk])[0] as NonNullable<ReturnType<typeof runs.loadRuns>[0]>;
		},
		async logBatch(runId, batch: PackedBatch) {
			const id = checkRunId(runId);
			const params = (batch.params ?? []).map((p) => {
				const key = checkKey('Param', p?.key);
				return { key, value: toStringValue('Param', key, p?.value, LIMITS.paramValueLength) };
			});
			const tags = checkTags('Tags', batch.tags);
			if (batch.metrics) batch.metrics.keys.forEach((k) => checkKey('Metric', k));
			tx(() => {
				const ref = runs.activeRunRef(db, id);
				for (const p of params) runs.logParam(db, ref.pk, id, p);
				for (const t of tags) runs.upsertTag(db, ref.pk, t.key, t.value);
				if (batch.metrics) insertMetrics(conn, ref.pk, batch.metrics);
			});
		},
		async setTag(runId, key, value) {
			const id = checkRunId(runId);
			const k = checkKey('Tag', key);
			const v = toStringValue('Tag', k, value, tagLimit(k));
			tx(() => runs.upsertTag(db, runs.activeRunRef(db, id).pk, k, v));
		},
		async deleteTag(runId, key) {
			const id = checkRunId(runId);
			const k = checkKey('Tag', key);
			// The name is required: MLflow keeps it in this tag, so it can be renamed but not removed.
			if (k === RUN_NAME_TAG) {
				throw new RunboardError(
					'INVALID_ARGUMENT',
					`"${RUN_NAME_TAG}" is the run's name: rename the run instead.`
				);
			}
			tx(() => runs.deleteTag(db, id, k));
		},
		async setTerminated(runId, status, endTime) {
			const id = checkRunId(runId);
			const s = checkStatus(status);
			const end = checkInteger('endTime', endTime);
			tx(() => runs.setTerminated(db, id, s, end));
		},
		async deleteRun(runId) {
			const id = checkRunId(runId);
			tx(() => runs.setRunLifecycle(db, id, 'deleted', now()));
		},
		async restoreRun(runId) {
			const id = checkRunId(runId);
			tx(() => runs.setRunLifecycle(db, id, 'active', now()));
		},
		async getMetricHistory(runId, key) {
			const ref = runs.runRef(db, checkRunId(runId));
			return metricHistory(db, ref.pk, checkKey('Metric', key));
		},
		async getRunRecord(runId) {
			return runRecords(conn, [checkRunId(runId)])[0] as RunRecord;
		},
		async getRunRecords(runIds) {
			if (!Array.isArray(runIds) || runIds.length === 0)
				throw new RunboardError('INVALID_ARGUMENT', 'getRunRecords needs a non-empty list of run ids.');
			return runRecords(conn, runIds.map(checkRunId), RECORD_BATCH_POINTS);
		},
		async searchRuns(request) {
			return searchRuns(db, request);
		}
	};
}
