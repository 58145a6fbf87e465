// The push part of DbApi: Runboard runs sent to an MLflow tracking server (workers/db/push/). This file picks the
// runs and hands the push its reads of the database; one push at a time, so Cancel knows which to stop.
import { RunboardError } from '$lib/api/errors';
import type { PushApi, PushRequest } from '$lib/api/db-api';
import { checkExperimentId, checkRunId } from '$lib/api/validate';
import type { Run } from '$lib/model/types';
import * as artifacts from '../artifacts';
import { getExperiment, searchExperiments } from '../experiments';
import { metricHistory } from '../metrics';
import { type LocalRuns, pushRuns } from '../push/push';
import { loggedModelRecords, runInputs } from '../run-record';
import * as runs from '../runs';
import { searchRuns } from '../search';
import type { ApiContext } from './context';

export function pushApi({ db, now }: ApiContext): PushApi {
	let current: AbortController | undefined;

	/** Every run, deleted ones too, of the experiments (MLflow keeps deleted runs until gc, and so does a push). */
	function runsOf(experimentIds: string[]): Run[] {
		const out: Run[] = [];
		let pageToken: string | undefined;
		do {
			const page = searchRuns(db, { experimentIds, runViewType: 'ALL', maxResults: 1000, pageToken });
			out.push(...page.runs);
			pageToken = page.nextPageToken;
		} while (pageToken);
		return out;
	}

	function selected(request: PushRequest): Run[] {
		const { runIds, experimentIds } = request;
		if (runIds !== undefined && !Array.isArray(runIds))
			throw new RunboardError('INVALID_ARGUMENT', 'runIds must be a list of run ids.');
		if (experimentIds !== undefined && !Array.isArray(experimentIds))
			throw new RunboardError('INVALID_ARGUMENT', 'experimentIds must be a list of experiment ids.');
		const picked = new Map<string, Run>();
		if (runIds?.length) {
			const pks = runIds.map((id) => runs.runRef(db, checkRunId(id)).pk);
			for (const run of runs.loadRuns(db, pks)) picked.set(run.info.runId, run);
		}
		const experiments = experimentIds?.length
			? experimentIds.map((id) => checkExperimentId(id))
			: runIds?.length
				? []
				: searchExperiments(db, { viewType: 'ACTIVE_ONLY' }).map((e) => e.experimentId);
		if (experiments.length) for (const run of runsOf(experiments)) picked.set(run.info.runId, run);
		return [...picked.values()];
	}

	function local(picked: Run[]): LocalRuns {
		return {
			runs: picked,
			experiment: (experimentId) => getExperiment(db, experimentId),
			data(runId) {
				const runPk = runs.runRef(db, runId).pk;
				return {
					history: (key) => metricHistory(db, runPk, key),
					files: () => artifacts.listFilesBelow(db, { runPk }, ''),
					read: (path) => artifacts.readArtifact(db, { runPk }, path),
					inputs: () => runInputs(db, runPk),
					models: () => loggedModelRecords(db, runId),
					readModelFile: (modelId, path) => artifacts.readArtifact(db, { modelId }, path)
				};
			}
		};
	}

	return {
		async pushToMlflow(request, onProgress) {
			if (typeof request?.url !== 'string')
				throw new RunboardError('INVALID_ARGUMENT', 'pushToMlflow needs {url}.');
			if (current)
				throw new RunboardError('INVALID_STATE', 'A push is already running; wait for it or cancel it.');
			const picked = selected(request);
			if (picked.length === 0) throw new RunboardError('INVALID_ARGUMENT', 'There are no runs to push.');
			const controller = new AbortController();
			current = controller;
			try {
				return await pushRuns(local(picked), request, { signal: controller.signal, now, onProgress });
			} finally {
				current = undefined;
			}
		},
		async cancelPush() {
			current?.abort();
		}
	};
}
