// A run's params, tags and metric points cut into runs/log-batch calls the server accepts: at most 1,000 metric
// points, 100 params and 100 tags per call, 1,000 entries in all, and a body well under the server's size cap.
// Params and tags go first, so a run that fails halfway has its small values and the start of its histories.
import type { Metric, Tag } from '../../model/types';
import { MLFLOW_LIMITS } from './limits';

/** A metric point as log-batch takes it: non-finite values as the strings protobuf's JSON uses. */
export interface WireMetric {
	key: string;
	value: number | string;
	timestamp: number;
	step: number;
	/** A logged model's point: MLflow logs it through a run, to the model (and the run's history). */
	model_id?: string;
}

export interface LogBatchBody {
	run_id: string;
	metrics: WireMetric[];
	params: Tag[];
	tags: Tag[];
}

/** JSON has no NaN or Infinity; MLflow's REST API (protobuf JSON) reads them as "NaN", "Infinity", "-Infinity". */
export function wireValue(value: number): number | string {
	if (Number.isNaN(value)) return 'NaN';
	if (value === Infinity) return 'Infinity';
	if (value === -Infinity) return '-Infinity';
	return value;
}

/** Rough JSON size of an entry, to keep each body under MLFLOW_LIMITS.batchBytes without serialising twice. */
function entryBytes(entry: Tag | WireMetric): number {
	const text = 'value' in entry && typeof entry.value === 'string' ? entry.value : '';
	// Non-ASCII characters may take up to 6 bytes as JSON escapes; count them generously.
	return 64 + entry.key.length * 3 + text.length * 3;
}

/** The calls, in order; an empty run gives none. `limits` is for tests that want small batches. */
export function* logBatches(
	runId: string,
	params: readonly Tag[],
	tags: readonly Tag[],
	metrics: Iterable<Metric & { modelId?: string }>,
	limits: typeof MLFLOW_LIMITS = MLFLOW_LIMITS
): Generator<LogBatchBody> {
	let body = empty(runId);
	let bytes = 0;
	const full = (extra: number) =>
		bytes + extra > limits.batchBytes ||
		body.metrics.length + body.params.length + body.tags.length >= limits.entitiesPerBatch;
	function* add(list: 'params' | 'tags' | 'metrics', entry: Tag | WireMetric, cap: number) {
		const size = entryBytes(entry);
		if (body[list].length >= cap || full(size)) {
			yield body;
			body = empty(runId);
			bytes = 0;
		}
		(body[list] as (Tag | WireMetric)[]).push(entry);
		bytes += size;
	}
	for (const p of params) yield* add('params', p, limits.paramsPerBatch);
	for (const t of tags) yield* add('tags', t, limits.tagsPerBatch);
	for (const m of metrics) {
		const wire: WireMetric = { key: m.key, value: wireValue(m.value), timestamp: m.timestamp, step: m.step };
		if (m.modelId !== undefined) wire.model_id = m.modelId;
		yield* add('metrics', wire, limits.metricsPerBatch);
	}
	if (body.metrics.length + body.params.length + body.tags.length > 0) yield body;
}

function empty(runId: string): LogBatchBody {
	return { run_id: runId, metrics: [], params: [], tags: [] };
}
