// The MLflow REST calls for a run's dataset inputs and its logged models (MLflow 3's /logged-models endpoints),
// on the importer's client like the rest of the push (server.ts): each answer is checked for what the push needs.
import { RunboardError } from '$lib/api/errors';
import { sourceModelFilter, type WireInput } from '$lib/exporters/mlflow-server';
import type { MlflowRestClient } from '$lib/importers/mlflow-rest/client';
import { isObject, type Json } from '$lib/importers/mlflow-rest/shapes';
import type { Metric, Tag } from '$lib/model/types';

const API = '/api/2.0/mlflow';

/** What the push needs of a server logged model it found again or made. */
export interface ServerModel {
	modelId: string;
	artifactUri: string;
	status: string;
	params: Tag[];
	tags: Tag[];
	metrics: Metric[];
}

function pairs(raw: unknown): Tag[] {
	if (!Array.isArray(raw)) return [];
	return raw.filter((t): t is Tag => isObject(t) && typeof t.key === 'string' && typeof t.value === 'string');
}

/** protobuf's JSON writes NaN and ±Infinity as strings. */
function numberOf(raw: unknown): number {
	return typeof raw === 'string' ? Number(raw) : typeof raw === 'number' ? raw : NaN;
}

function serverModel(raw: unknown, endpoint: string): ServerModel {
	const info = isObject(raw) && isObject(raw.info) ? raw.info : undefined;
	if (!info || typeof info.model_id !== 'string' || info.model_id === '')
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`${endpoint} answered without a model id: is this an MLflow 3 tracking server?`
		);
	const data = isObject(raw) && isObject(raw.data) ? (raw.data as Json) : {};
	const metrics = Array.isArray(data.metrics) ? data.metrics : [];
	return {
		modelId: info.model_id,
		artifactUri: typeof info.artifact_uri === 'string' ? info.artifact_uri : '',
		status: typeof info.status === 'string' ? info.status : '',
		params: pairs(data.params),
		tags: pairs(info.tags),
		metrics: metrics.flatMap((m) =>
			isObject(m) && typeof m.key === 'string'
				? [
						{
							key: m.key,
							value: numberOf(m.value),
							step: Number(m.step ?? 0),
							timestamp: Number(m.timestamp ?? 0)
						}
					]
				: []
		)
	};
}

export async function logInputs(
	client: MlflowRestClient,
	runId: string,
	datasets: WireInput[]
): Promise<void> {
	await client.json(`${API}/runs/log-inputs`, { body: { run_id: runId, datasets } });
}

/** The server's copy of a Runboard logged model, found by its source tag. */
export async function findModel(
	client: MlflowRestClient,
	experimentId: string,
	modelId: string
): Promise<ServerModel | undefined> {
	const answer = await client.json(`${API}/logged-models/search`, {
		body: { experiment_ids: [experimentId], filter: sourceModelFilter(modelId), max_results: 1 }
	});
	if (!isObject(answer))
		throw new RunboardError('IMPORT_CORRUPT', 'logged-models/search did not answer an object.');
	const models = Array.isArray(answer.models) ? answer.models : [];
	return models.length ? serverModel(models[0], 'logged-models/search') : undefined;
}

export async function createModel(
	client: MlflowRestClient,
	body: { experiment_id: string; name: string; source_run_id: string; params: Tag[]; tags: Tag[] }
): Promise<ServerModel> {
	const answer = await client.json(`${API}/logged-models`, { body });
	return serverModel(isObject(answer) ? answer.model : undefined, 'logged-models (create)');
}

export async function logModelParams(
	client: MlflowRestClient,
	modelId: string,
	params: Tag[]
): Promise<void> {
	await client.json(`${API}/logged-models/${encodeURIComponent(modelId)}/params`, {
		body: { model_id: modelId, params }
	});
}

export async function setModelTags(client: MlflowRestClient, modelId: string, tags: Tag[]): Promise<void> {
	await client.json(`${API}/logged-models/${encodeURIComponent(modelId)}/tags`, {
		method: 'PATCH',
		body: { model_id: modelId, tags }
	});
}

export async function finalizeModel(
	client: MlflowRestClient,
	modelId: string,
	status: string
): Promise<void> {
	await client.json(`${API}/logged-models/${encodeURIComponent(modelId)}`, {
		method: 'PATCH',
		body: { model_id: modelId, status }
	});
}

/** Every file of a server logged model with its size, folder by folder. */
export async function listModelFiles(
	client: MlflowRestClient,
	modelId: string
): Promise<{ path: string; size: number | null }[]> {
	const files: { path: string; size: number | null }[] = [];
	const folders = [''];
	for (let i = 0; i < folders.length && i < client.limits.maxArtifactEntries; i++) {
		const dir = folders[i] as string;
		const q = new URLSearchParams(dir ? { artifact_directory_path: dir } : {});
		const answer = await client.json(
			`${API}/logged-models/${encodeURIComponent(modelId)}/artifacts/directories?${q}`
		);
		const listed = isObject(answer) && Array.isArray(answer.files) ? answer.files : [];
		for (const f of listed) {
			if (!isObject(f) || typeof f.path !== 'string') continue;
			// The listing names paths from the model's artifact root, or from the folder listed: both are read.
			const path = f.path.startsWith(`${dir}/`) || dir === '' ? f.path : `${dir}/${f.path}`;
			if (f.is_dir === true) folders.push(path);
			else files.push({ path, size: f.file_size === undefined ? null : Number(f.file_size) });
		}
	}
	return files;
}
