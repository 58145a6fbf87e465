// The experiments part of DbApi: arguments checked here, rows in workers/db/experiments.ts.
import type { ExperimentsApi } from '$lib/api/db-api';
import { checkExperimentId, checkKey, checkName, tagLimit, toStringValue } from '$lib/api/validate';
import * as experiments from '../experiments';
import { checkTags, type ApiContext } from './context';

export function experimentsApi({ db, now, tx }: ApiContext): ExperimentsApi {
	return {
		async createExperiment(name, tags) {
			const checked = checkName('Experiment name', name);
			const tagList = checkTags('Experiment tags', tags);
			return tx(() => experiments.createExperiment(db, checked, tagList, now()));
		},
		async getExperiment(experimentId) {
			return experiments.getExperiment(db, checkExperimentId(experimentId));
		},
		async getExperimentByName(name) {
			return experiments.getExperimentByName(db, checkName('Experiment name', name));
		},
		async searchExperiments(request) {
			return experiments.searchExperiments(db, request);
		},
		async listExperimentSummaries(viewType) {
			return experiments.listExperimentSummaries(db, viewType);
		},
		async renameExperiment(experimentId, newName) {
			const id = checkExperimentId(experimentId);
			const name = checkName('Experiment name', newName);
			tx(() => experiments.renameExperiment(db, id, name, now()));
		},
		async deleteExperiment(experimentId) {
			const id = checkExperimentId(experimentId);
			tx(() => experiments.setExperimentLifecycle(db, id, 'deleted', now()));
		},
		async restoreExperiment(experimentId) {
			const id = checkExperimentId(experimentId);
			tx(() => experiments.setExperimentLifecycle(db, id, 'active', now()));
		},
		async setExperimentTag(experimentId, key, value) {
			const pk = experiments.experimentPk(db, checkExperimentId(experimentId));
			const k = checkKey('Tag', key);
			const v = toStringValue('Tag', k, value, tagLimit(k));
			tx(() => experiments.setExperimentTag(db, pk, k, v, now()));
		}
	};
}
