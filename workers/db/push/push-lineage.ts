// A run's dataset inputs and the logged models it is the source of, sent after its values and files and before
// it is marked deleted (MLflow takes neither on a deleted run). Like the run, each model is found again by its
// source tag and gets only what the server's copy lacks, so pushing again sends nothing twice.
import type { DatasetInput, LoggedModelRecord } from '$lib/api/db-api';
import { RunboardError } from '$lib/api/errors';
import {
	checkForServer,
	type HeldInput,
	inputCalls,
	inputsToSend,
	modelNameProblem,
	modelStatusOnWire,
	paramsToSend,
	SOURCE_MODEL_TAG,
	tagsToSend
} from '$lib/exporters/mlflow-server';
import type { Metric } from '$lib/model/types';
import * as calls from './model-server';
import { pushModelFiles, pushModelMetrics } from './push-model-data';
import type { PushTally } from './report';
import type { PushServer } from './server';

/** What the push reads of a run's inputs and models (workers/db/api/push.ts reads them from the database). */
export interface LocalLineage {
	inputs(): DatasetInput[];
	models(): LoggedModelRecord[];
	readModelFile(modelId: string, path: string): Blob;
	/** The run's own points of a metric: a model point MLflow also adds to the run is reported when it is new. */
	history(key: string): Metric[];
}

/** Sends the inputs the server's run lacks; the number sent. */
export async function pushInputs(
	server: PushServer,
	serverRunId: string,
	runId: string,
	local: readonly DatasetInput[],
	held: readonly HeldInput[],
	tally: PushTally
): Promise<number> {
	const { inputs, warnings } = inputsToSend(runId, local, held);
	warnings.forEach((w) => tally.warn(w));
	for (const call of inputCalls(inputs)) await calls.logInputs(server.client, serverRunId, call);
	tally.datasetInputs += inputs.length;
	return inputs.length;
}

/**
 * Sends each logged model whose source is this run into the run's server experiment; the number of things sent
 * (0 when all were there). A server without MLflow 3's logged-model API (404) gets the runs without their models,
 * which the report says once.
 */
export async function pushModels(
	server: PushServer,
	run: { experimentId: string; serverExperimentId: string; serverRunId: string; runId: string },
	local: LocalLineage,
	tally: PushTally
): Promise<number> {
	let sent = 0;
	for (const model of local.models()) {
		if (server.withoutLoggedModels) return sent;
		if (model.experimentId !== run.experimentId)
			tally.warn({
				kind: 'model-experiment',
				message: `logged model ${model.modelId.slice(0, 40)}: it belongs to another experiment than its source run ${run.runId.slice(0, 8)}; it was pushed into the run's experiment.`,
				runId: run.runId
			});
		try {
			sent += await pushModel(
				server,
				run.serverExperimentId,
				run.serverRunId,
				run.runId,
				model,
				local,
				tally
			);
		} catch (error) {
			if (
				!(error instanceof RunboardError) ||
				error.code !== 'NOT_FOUND' ||
				!/logged-models\/search/.test(error.message)
			)
				throw error;
			server.withoutLoggedModels = true;
			tally.warn({
				kind: 'logged-models-unsupported',
				message: `The server has no logged-model API (MLflow 3): the runs were pushed without their logged models (${error.message.slice(0, 120)}).`
			});
		}
	}
	return sent;
}

async function pushModel(
	server: PushServer,
	experimentId: string,
	serverRunId: string,
	runId: string,
	model: LoggedModelRecord,
	local: LocalLineage,
	tally: PushTally
): Promise<number> {
	const label = `logged model ${model.modelId.slice(0, 40)}`;
	const warn = (kind: string, message: string) =>
		tally.warn({ kind, message: `${label}: ${message}`, runId });
	const nameProblem = modelNameProblem(model.name);
	if (nameProblem) {
		warn('model-name', `its name "${model.name.slice(0, 60)}" ${nameProblem}; it was not pushed.`);
		return 0;
	}
	const checked = checkForServer(
		runId,
		{
			params: model.params,
			tags: model.tags.filter((t) => t.key !== SOURCE_MODEL_TAG),
			metricKeys: [...new Set(model.metrics.map((m) => m.key))]
		},
		'pushed',
		label
	);
	checked.warnings.forEach((w) => tally.warn(w));
	const source = { key: SOURCE_MODEL_TAG, value: model.modelId };
	const found = await calls.findModel(server.client, experimentId, model.modelId);
	const target =
		found ??
		(await calls.createModel(server.client, {
			experiment_id: experimentId,
			name: model.name,
			source_run_id: serverRunId,
			params: checked.params,
			tags: [...checked.tags, source]
		}));
	let sent = 0;
	if (found) {
		const params = paramsToSend(runId, checked.params, found.params);
		params.warnings.forEach((w) => tally.warn({ ...w, message: w.message.replace(/^run \w+/, label) }));
		if (params.params.length) await calls.logModelParams(server.client, target.modelId, params.params);
		const tags = tagsToSend([...checked.tags, source], found.tags);
		if (tags.length) await calls.setModelTags(server.client, target.modelId, tags);
		sent += params.params.length + tags.length;
	} else {
		tally.loggedModels++;
		sent++;
		if (model.creationTime !== null)
			warn(
				'model-creation-time',
				`MLflow sets a logged model's creation time itself: the server's copy shows when it was pushed, not ${new Date(model.creationTime).toISOString()}.`
			);
	}
	const refused = checked.refusedMetricKeys;
	const to = { server, serverRunId, runId, target, tally, warn };
	sent += await pushModelMetrics(
		to,
		model.metrics.filter((m) => !refused.has(m.key)),
		local
	);
	sent += await pushModelFiles(to, model, local, found !== undefined);
	const status = modelStatusOnWire(model.status);
	if (status === undefined)
		warn(
			'model-status',
			`status "${model.status.slice(0, 40)}" is not one MLflow knows; the server's copy keeps its own.`
		);
	else if (status !== target.status) {
		await calls.finalizeModel(server.client, target.modelId, status);
		sent++;
	}
	return sent;
}
