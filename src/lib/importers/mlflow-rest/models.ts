// MLflow 3 logged models of a live server, yielded as the mlruns importer yields them (src/lib/importers/mlruns/
// model.ts): params, tags, metric points with their run id, status without its LOGGED_MODEL_ prefix, and every file
// below the model's artifact root. A server before MLflow 3 has no logged-models endpoint (HTTP 404): it has none.
import { RunboardError } from '../../api/errors';
import type { ArtifactBudget } from '../artifact-budget';
import { modelStatus } from '../mlruns/model-status';
import type { ImportedLoggedModel } from '../types';
import { fetchArtifacts, modelSource } from './artifacts';
import { num, type MlflowRestClient } from './client';
import { type Listing, pages, WrongShape } from './paging';
import { describe, isObject, list, point, tags, type Warn } from './shapes';

const SEARCH = '/api/2.0/mlflow/logged-models/search';
/** MLflow's own default page of logged models. */
const PAGE = 100;
/** Model ids go into URL paths (encoded): a sane length keeps a hostile id from bloating every request. */
const MAX_MODEL_ID = 256;

export type ServerModel = Omit<ImportedLoggedModel, 'artifacts'>;

/** Every logged model of the listed experiments with its files, each model once; stops on Cancel. */
export async function* serverModels(
	client: MlflowRestClient,
	experiments: Set<string>,
	budget: ArtifactBudget,
	warn: Warn,
	signal: AbortSignal
): AsyncGenerator<ImportedLoggedModel> {
	const listing: Listing = {
		endpoint: 'logged-models/search',
		field: 'models',
		maxPages: client.limits.maxPages,
		strict: false,
		warn
	};
	const body = { experiment_ids: [...experiments], max_results: PAGE };
	const seen = new Set<string>();
	const listed = pages(listing, (page_token) => client.json(SEARCH, { body: { ...body, page_token } }));
	for (;;) {
		let next: IteratorResult<unknown>;
		try {
			next = await listed.next();
		} catch (error) {
			// No such endpoint (MLflow 2) has no logged models; a first page of the wrong shape is reported and ends it.
			if (error instanceof RunboardError && error.code === 'NOT_FOUND' && seen.size === 0) return;
			if (!(error instanceof WrongShape)) throw error;
			warn({
				kind: 'invalid-item',
				message: `${error.message.replace(/: is this an MLflow server\?$/, '')}; no logged model was imported.`
			});
			return;
		}
		if (next.done || signal.aborted) return;
		const m = loggedModel(next.value, experiments, warn);
		if (typeof m === 'string') {
			warn({ kind: 'invalid-item', message: `logged-models/search: ${m}; it was skipped.` });
			continue;
		}
		// A server that lists a model twice (on two pages) would have it read twice.
		if (seen.has(m.modelId)) continue;
		seen.add(m.modelId);
		const artifacts = await fetchArtifacts(client, modelSource(m.modelId), budget, warn);
		if (signal.aborted) return;
		yield { ...m, artifacts };
	}
}

/** One model of logged-models/search, or why it cannot be one. */
export function loggedModel(raw: unknown, experiments: Set<string>, warn: Warn): ServerModel | string {
	const info = isObject(raw) ? raw.info : undefined;
	if (!isObject(info)) return `a model has no info object (${describe(isObject(raw) ? raw.info : raw)})`;
	const modelId = typeof info.model_id === 'string' ? info.model_id.trim() : '';
	if (modelId === '' || modelId.length > MAX_MODEL_ID)
		return `a model's model_id is not an id (${describe(info.model_id)})`;
	const experimentKey =
		typeof info.experiment_id === 'string' ? info.experiment_id : String(num(info.experiment_id));
	if (!experiments.has(experimentKey))
		return `logged model ${modelId} belongs to experiment ${experimentKey}, which the server did not list`;
	const where = `logged-models/search: logged model ${modelId}`;
	const data = isObject(raw) && isObject(raw.data) ? raw.data : {};
	const metrics: ServerModel['metrics'] = [];
	for (const m of list(data.metrics, `${where}: data.metrics`, warn)) {
		const key = isObject(m) ? m.key : undefined;
		const p = point(m);
		if (typeof key !== 'string' || key === '' || p === null) {
			warn({
				kind: 'invalid-item',
				message: `${where}: a metric is not {key, value, step, timestamp} (${describe(m)}); it was skipped.`
			});
			continue;
		}
		const runId = isObject(m) && typeof m.run_id === 'string' && m.run_id !== '' ? m.run_id : null;
		metrics.push({ key, ...p, runId });
	}
	const created = num(info.creation_timestamp_ms);
	const status =
		typeof info.status === 'string' || typeof info.status === 'number' ? String(info.status) : undefined;
	return {
		modelId,
		name: typeof info.name === 'string' && info.name !== '' ? info.name : modelId,
		experimentKey,
		sourceRunId:
			typeof info.source_run_id === 'string' && info.source_run_id !== '' ? info.source_run_id : null,
		status: modelStatus(status),
		creationTime: created !== null && Number.isSafeInteger(created) ? created : null,
		params: tags(data.params, `${where}: data.params`, warn),
		tags: tags(info.tags, `${where}: info.tags`, warn),
		metrics
	};
}
