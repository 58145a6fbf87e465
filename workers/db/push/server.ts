// The MLflow REST calls a push makes, on the importer's client (timeouts, retries with backoff, CORS advice):
// each answer is checked for the field the push needs, so a server that answers garbage is named as such.
import { RunboardError } from '$lib/api/errors';
import type { LogBatchBody } from '$lib/exporters/mlflow-server';
import { DATASET_CONTEXT_TAG, type HeldInput, sourceRunFilter } from '$lib/exporters/mlflow-server';
import type { MlflowRestClient } from '$lib/importers/mlflow-rest/client';
import { isObject, type Json } from '$lib/importers/mlflow-rest/shapes';
import type { Run, RunStatus, Tag } from '$lib/model/types';

const API = '/api/2.0/mlflow';

/** What the push needs of a server run it found again. */
export interface ServerRun {
	runId: string;
	artifactUri: string;
	lifecycleStage: string;
	status: string;
	params: Tag[];
	tags: Tag[];
	metricKeys: string[];
	/** Its dataset inputs: MLflow keeps one per dataset (name and digest). */
	inputs: HeldInput[];
}

function heldInputs(raw: unknown): HeldInput[] {
	const list = isObject(raw) && Array.isArray(raw.dataset_inputs) ? raw.dataset_inputs : [];
	return list.flatMap((i) => {
		const d = isObject(i) && isObject(i.dataset) ? i.dataset : undefined;
		if (!d || typeof d.name !== 'string' || typeof d.digest !== 'string') return [];
		const context = pairs(isObject(i) ? i.tags : undefined).find((t) => t.key === DATASET_CONTEXT_TAG);
		return [{ name: d.name, digest: d.digest, context: context?.value ?? '' }];
	});
}

function wrong(endpoint: string, what: string): RunboardError {
	return new RunboardError(
		'IMPORT_CORRUPT',
		`${endpoint} answered without ${what}: is this an MLflow tracking server?`
	);
}

function pairs(raw: unknown): Tag[] {
	if (!Array.isArray(raw)) return [];
	return raw.filter((t): t is Tag => isObject(t) && typeof t.key === 'string' && typeof t.value === 'string');
}

function serverRun(raw: unknown, endpoint: string): ServerRun {
	const info = isObject(raw) && isObject(raw.info) ? raw.info : undefined;
	const runId = info?.run_id ?? info?.run_uuid;
	if (!info || typeof runId !== 'string' || runId === '') throw wrong(endpoint, 'a run id');
	const data = isObject(raw) && isObject(raw.data) ? (raw.data as Json) : {};
	const metrics = Array.isArray(data.metrics) ? data.metrics : [];
	return {
		runId,
		artifactUri: typeof info.artifact_uri === 'string' ? info.artifact_uri : '',
		lifecycleStage: typeof info.lifecycle_stage === 'string' ? info.lifecycle_stage : 'active',
		status: typeof info.status === 'string' ? info.status : '',
		params: pairs(data.params),
		tags: pairs(data.tags),
		metricKeys: metrics.flatMap((m) => (isObject(m) && typeof m.key === 'string' ? [m.key] : [])),
		inputs: heldInputs(isObject(raw) ? raw.inputs : undefined)
	};
}

export class PushServer {
	/** Set when the server answered 404 to MLflow 3's logged-model API: the rest of the push skips models. */
	withoutLoggedModels = false;

	constructor(readonly client: MlflowRestClient) {}

	/** The experiment's id on the server, made when it has none by that name. */
	async experiment(
		name: string,
		tags: Tag[]
	): Promise<{ id: string; created: boolean; held: Map<string, string> }> {
		let found: unknown;
		try {
			found = await this.client.json(
				`${API}/experiments/get-by-name?${new URLSearchParams({ experiment_name: name })}`
			);
		} catch (error) {
			// MLflow answers 404 RESOURCE_DOES_NOT_EXIST for a name it does not know.
			if (!(error instanceof RunboardError) || error.code !== 'NOT_FOUND') throw error;
		}
		if (found !== undefined) {
			const experiment = isObject(found) && isObject(found.experiment) ? found.experiment : undefined;
			const id = experiment?.experiment_id;
			if (typeof id !== 'string') throw wrong('experiments/get-by-name', 'an experiment id');
			if (experiment?.lifecycle_stage === 'deleted') {
				throw new RunboardError(
					'INVALID_STATE',
					`The server's experiment "${name}" is deleted: restore it there (or delete it for good with mlflow gc) and push again.`
				);
			}
			return { id, created: false, held: new Map(pairs(experiment?.tags).map((t) => [t.key, t.value])) };
		}
		const made = await this.client.json(`${API}/experiments/create`, { body: { name, tags } });
		const id = isObject(made) ? made.experiment_id : undefined;
		if (typeof id !== 'string') throw wrong('experiments/create', 'an experiment id');
		return { id, created: true, held: new Map() };
	}

	async setExperimentTag(experimentId: string, tag: Tag): Promise<void> {
		await this.client.json(`${API}/experiments/set-experiment-tag`, {
			body: { experiment_id: experimentId, key: tag.key, value: tag.value }
		});
	}

	/** The server's copy of a Runboard run (deleted ones too), found by its source tag. */
	async findRun(experimentId: string, runId: string): Promise<ServerRun | undefined> {
		const answer = await this.client.json(`${API}/runs/search`, {
			body: {
				experiment_ids: [experimentId],
				filter: sourceRunFilter(runId),
				run_view_type: 'ALL',
				max_results: 1
			}
		});
		if (!isObject(answer)) throw wrong('runs/search', 'a JSON object');
		const runs = answer.runs;
		if (runs === undefined) return undefined;
		if (!Array.isArray(runs)) throw wrong('runs/search', 'a list of runs');
		return runs.length ? serverRun(runs[0], 'runs/search') : undefined;
	}

	async createRun(experimentId: string, run: Run, tags: Tag[]): Promise<ServerRun> {
		const body: Json = { experiment_id: experimentId, run_name: run.info.runName, tags };
		if (run.info.startTime !== null) body.start_time = run.info.startTime;
		if (run.info.userId) body.user_id = run.info.userId;
		const answer = await this.client.json(`${API}/runs/create`, { body });
		return serverRun(isObject(answer) ? answer.run : undefined, 'runs/create');
	}

	async logBatch(body: LogBatchBody): Promise<void> {
		await this.client.json(`${API}/runs/log-batch`, { body });
	}

	async update(serverRunId: string, run: Run): Promise<void> {
		const body: Json = {
			run_id: serverRunId,
			status: run.info.status satisfies RunStatus,
			run_name: run.info.runName
		};
		if (run.info.endTime !== null) body.end_time = run.info.endTime;
		await this.client.json(`${API}/runs/update`, { body });
	}

	async setLifecycle(serverRunId: string, deleted: boolean): Promise<void> {
		await this.client.json(`${API}/runs/${deleted ? 'delete' : 'restore'}`, {
			body: { run_id: serverRunId }
		});
	}

	/** Uploads one file through the server's artifact proxy (`mlflow server` serves artifacts by default). */
	async upload(base: string, path: string, content: Blob): Promise<void> {
		const target = `${base}/${path.split('/').map(encodeURIComponent).join('/')}`;
		await this.client.probe(target, { method: 'PUT', raw: content });
	}
}
