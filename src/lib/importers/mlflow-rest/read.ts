// Reads a live MLflow tracking server through its REST API and yields the same items as the file importers:
// experiments, then each run with EVERY metric point (get-history with paging; never the sampled endpoint) and
// its artifacts under the size cap.
import type { PackedMetrics } from '../../api/db-api';
import { RUN_STATUSES, type RunStatus, type Tag } from '../../model/types';
import { MetricPacker } from '../metric-packer';
import { fromBytes } from '../source-files';
import type { ImportContext, ImportedArtifact, ImportedDatasetInput, ImportItem } from '../types';
import { MlflowRestClient, num, type ServerConnection } from './client';

interface RestExperiment {
	experiment_id: string;
	name: string;
	artifact_location?: string;
	lifecycle_stage?: string;
	creation_time?: number | string;
	last_update_time?: number | string;
	tags?: Tag[];
}

interface RestRun {
	info: {
		run_id?: string;
		run_uuid?: string;
		run_name?: string;
		experiment_id: string;
		user_id?: string;
		status?: string;
		start_time?: number | string;
		end_time?: number | string;
		artifact_uri?: string;
		lifecycle_stage?: string;
	};
	data?: { metrics?: { key: string }[]; params?: Tag[]; tags?: Tag[] };
	inputs?: {
		dataset_inputs?: {
			tags?: Tag[];
			dataset: {
				name: string;
				digest: string;
				source_type: string;
				source: string;
				schema?: string;
				profile?: string;
			};
		}[];
	};
}

interface RestMetric {
	key: string;
	value: number | string;
	timestamp: number | string;
	step?: number | string;
}

const HISTORY_PAGE = 25_000;
const CONCURRENCY = 6;

async function* pages<T>(
	fetchPage: (token?: string) => Promise<{ items: T[]; next?: string }>
): AsyncGenerator<T> {
	let token: string | undefined;
	do {
		const page = await fetchPage(token);
		yield* page.items;
		token = page.next;
	} while (token);
}

async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await fn(items[i] as T);
		}
	});
	await Promise.all(workers);
	return results;
}

export async function* readMlflowServer(
	connection: ServerConnection,
	context: ImportContext
): AsyncGenerator<ImportItem> {
	const client = new MlflowRestClient(connection);
	const signal = context.signal;
	await client.request('/version', { signal });
	const experiments: RestExperiment[] = [];
	for await (const e of pages<RestExperiment>(async (page_token) => {
		const r = await client.json<{ experiments?: RestExperiment[]; next_page_token?: string }>(
			'/api/2.0/mlflow/experiments/search',
			{ method: 'POST', body: { max_results: 1000, view_type: 'ALL', page_token }, signal }
		);
		return { items: r.experiments ?? [], next: r.next_page_token };
	})) {
		experiments.push(e);
		yield {
			kind: 'experiment',
			experiment: {
				key: e.experiment_id,
				name: e.name,
				lifecycleStage: e.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
				creationTime: num(e.creation_time),
				lastUpdateTime: num(e.last_update_time),
				artifactLocation: e.artifact_location ?? '',
				tags: e.tags ?? []
			}
		};
	}
	let artifactBudget = context.maxArtifactBytes;
	for await (const run of pages<RestRun>(async (page_token) => {
		const r = await client.json<{ runs?: RestRun[]; next_page_token?: string }>(
			'/api/2.0/mlflow/runs/search',
			{
				method: 'POST',
				body: {
					experiment_ids: experiments.map((e) => e.experiment_id),
					run_view_type: 'ALL',
					max_results: 1000,
					page_token
				},
				signal
			}
		);
		return { items: r.runs ?? [], next: r.next_page_token };
	})) {
		if (signal.aborted) return;
		const runId = run.info.run_id ?? run.info.run_uuid ?? '';
		const keys = [...new Set((run.data?.metrics ?? []).map((m) => m.key))];
		const histories = await pool(keys, CONCURRENCY, (key) => history(client, runId, key, signal));
		const artifacts: ImportedArtifact[] = [];
		for await (const file of listArtifacts(client, runId, '', signal)) {
			if (file.size > artifactBudget) {
				yield {
					kind: 'warning',
					warning: {
						kind: 'artifacts-over-cap',
						runId,
						message: `run ${runId}: ${file.path} (${file.size} bytes) was not downloaded: over the artifact size cap.`
					}
				};
				continue;
			}
			const response = await client.request(
				`/get-artifact?path=${encodeURIComponent(file.path)}&run_uuid=${encodeURIComponent(runId)}`,
				{ signal }
			);
			const bytes = new Uint8Array(await response.arrayBuffer());
			artifactBudget -= bytes.byteLength;
			artifacts.push({ path: file.path, file: fromBytes(file.path, bytes) });
		}
		const status = (RUN_STATUSES as readonly string[]).includes(run.info.status ?? '')
			? (run.info.status as RunStatus)
			: 'FINISHED';
		yield {
			kind: 'run',
			run: {
				experimentKey: run.info.experiment_id,
				runId,
				runName:
					run.info.run_name ||
					run.data?.tags?.find((t) => t.key === 'mlflow.runName')?.value ||
					runId.slice(0, 8),
				status,
				startTime: num(run.info.start_time),
				endTime: num(run.info.end_time),
				lifecycleStage: run.info.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
				userId: run.info.user_id ?? '',
				artifactUri: run.info.artifact_uri ?? '',
				params: run.data?.params ?? [],
				tags: run.data?.tags ?? [],
				metrics: pack(keys, histories),
				inputs: datasetInputs(run),
				artifacts
			}
		};
	}
}

async function history(
	client: MlflowRestClient,
	runId: string,
	key: string,
	signal: AbortSignal
): Promise<RestMetric[]> {
	const points: RestMetric[] = [];
	for await (const m of pages<RestMetric>(async (token) => {
		const q = new URLSearchParams({ run_id: runId, metric_key: key, max_results: String(HISTORY_PAGE) });
		if (token) q.set('page_token', token);
		const r = await client.json<{ metrics?: RestMetric[]; next_page_token?: string }>(
			`/api/2.0/mlflow/metrics/get-history?${q}`,
			{ signal }
		);
		return { items: r.metrics ?? [], next: r.next_page_token };
	})) {
		points.push(m);
	}
	return points;
}

async function* listArtifacts(
	client: MlflowRestClient,
	runId: string,
	path: string,
	signal: AbortSignal
): AsyncGenerator<{ path: string; size: number }> {
	const q = new URLSearchParams({ run_id: runId });
	if (path) q.set('path', path);
	const r = await client.json<{ files?: { path: string; is_dir?: boolean; file_size?: number | string }[] }>(
		`/api/2.0/mlflow/artifacts/list?${q}`,
		{ signal }
	);
	for (const f of r.files ?? []) {
		if (f.is_dir) yield* listArtifacts(client, runId, f.path, signal);
		else yield { path: f.path, size: num(f.file_size) ?? 0 };
	}
}

function pack(keys: string[], histories: RestMetric[][]): PackedMetrics {
	const packer = new MetricPacker();
	histories.forEach((points, k) => {
		const keyId = packer.keyId(keys[k] as string);
		for (const p of points) packer.push(keyId, metricValue(p.value), num(p.step) ?? 0, num(p.timestamp) ?? 0);
	});
	return packer.build();
}

/** SQL-backed servers send ±Infinity as ±1.7976931348623157e308 (the stored value): map it back. */
function metricValue(value: unknown): number {
	const n = num(value) ?? NaN;
	return Math.abs(n) === Number.MAX_VALUE ? Math.sign(n) * Infinity : n;
}

function datasetInputs(run: RestRun): ImportedDatasetInput[] {
	return (run.inputs?.dataset_inputs ?? []).map((d) => ({
		name: d.dataset.name,
		digest: d.dataset.digest,
		sourceType: d.dataset.source_type,
		source: d.dataset.source,
		schema: d.dataset.schema ?? '',
		profile: d.dataset.profile ?? '',
		context: d.tags?.find((t) => t.key === 'mlflow.data.context')?.value ?? ''
	}));
}
