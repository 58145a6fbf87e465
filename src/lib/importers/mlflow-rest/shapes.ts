// A server's JSON is input like any file: every field is checked for its type before it reaches the database.
// An item of the wrong shape is dropped with a warning that names the endpoint and field (a tag that is not
// {key, value}: that tag; a run without a valid run_id: that run); nothing of the wrong type is ever written.
import { LIMITS } from '../../api/validate';
import { RUN_STATUSES, type RunStatus, type Tag } from '../../model/types';
import { isRunId, shortId } from '../mlruns/ids';
import type { ImportedDatasetInput, ImportedExperiment, ImportedRun, ImportWarning } from '../types';
import { num } from './client';

export type Warn = (warning: ImportWarning) => void;

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a string", "an object", "null": what a value is, for messages. */
export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** An id that MLflow sends as a string (or, from some servers, a number). */
function id(value: unknown): string | undefined {
	const t = text(value)?.trim();
	return t ? t : undefined;
}

/** A list field: absent is empty; anything else that is not a list is reported and read as empty. */
export function list(value: unknown, where: string, warn: Warn, runId?: string): unknown[] {
	if (value === undefined || value === null) return [];
	if (Array.isArray(value)) return value;
	warn({
		kind: 'invalid-item',
		message: `${where} is ${describe(value)}, not a list; it was skipped.`,
		runId
	});
	return [];
}

/** Tags and params: {key, value} pairs; proto3 JSON leaves out an empty value, so a missing one is ''. */
export function tags(value: unknown, where: string, warn: Warn, runId?: string): Tag[] {
	const out: Tag[] = [];
	for (const [i, t] of list(value, where, warn, runId).entries()) {
		const key = isObject(t) ? t.key : undefined;
		const v = isObject(t) ? (t.value ?? '') : undefined;
		if (typeof key === 'string' && key !== '' && ['string', 'number', 'boolean'].includes(typeof v)) {
			out.push({ key, value: String(v) });
		} else {
			const message = `${where}[${i}] is not {key, value} (${describe(t)}); it was skipped.`;
			warn({ kind: 'invalid-item', message, runId });
		}
	}
	return out;
}

/** An experiment of experiments/search, or why it cannot be one. */
export function experiment(raw: unknown, warn: Warn): ImportedExperiment | string {
	if (!isObject(raw)) return `an experiment is ${describe(raw)}, not an object`;
	const key = id(raw.experiment_id);
	if (key === undefined) return `an experiment has no experiment_id (${describe(raw.experiment_id)})`;
	const name = typeof raw.name === 'string' ? raw.name.trim() : '';
	if (name === '') return `experiment ${key} has no name (${describe(raw.name)})`;
	if (name.length > LIMITS.nameLength)
		return `experiment ${key}'s name is ${name.length} characters long (the limit is ${LIMITS.nameLength})`;
	return {
		key,
		name,
		lifecycleStage: raw.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
		creationTime: integer(raw.creation_time),
		lastUpdateTime: integer(raw.last_update_time),
		artifactLocation: text(raw.artifact_location) ?? '',
		tags: tags(raw.tags, `experiments/search: experiment ${key}: tags`, warn)
	};
}

/** A run of runs/search as checked fields: what the importer needs before it asks for histories and files. */
export type ServerRun = Omit<ImportedRun, 'metrics' | 'artifacts'> & { metricKeys: string[] };

/** A run of runs/search, or why it cannot be one (then it is skipped whole). */
export function run(raw: unknown, experiments: Set<string>, warn: Warn): ServerRun | string {
	const info = isObject(raw) ? raw.info : undefined;
	if (!isObject(info)) return `a run has no info object (${describe(isObject(raw) ? raw.info : raw)})`;
	const runId = info.run_id ?? info.run_uuid;
	if (typeof runId !== 'string' || !isRunId(runId))
		return `a run's run_id is not 32 hexadecimal characters (${describe(runId)})`;
	const experimentKey = id(info.experiment_id);
	if (experimentKey === undefined || !experiments.has(experimentKey))
		return `run ${shortId(runId)} belongs to experiment ${String(experimentKey)}, which the server did not list`;
	const where = `runs/search: run ${shortId(runId)}`;
	const data = isObject(raw) && isObject(raw.data) ? raw.data : {};
	const runTags = tags(data.tags, `${where}: data.tags`, warn, runId);
	const metricKeys = new Set<string>();
	for (const m of list(data.metrics, `${where}: data.metrics`, warn, runId)) {
		const key = isObject(m) ? m.key : undefined;
		if (typeof key === 'string' && key !== '') metricKeys.add(key);
		else warn({ kind: 'invalid-item', message: `${where}: a metric has no key (${describe(m)}).`, runId });
	}
	const status = text(info.status) ?? '';
	return {
		runId,
		experimentKey,
		runName:
			(typeof info.run_name === 'string' && info.run_name) ||
			runTags.find((t) => t.key === 'mlflow.runName')?.value ||
			runId.slice(0, 8),
		status: (RUN_STATUSES as readonly string[]).includes(status) ? (status as RunStatus) : 'FINISHED',
		startTime: integer(info.start_time),
		endTime: integer(info.end_time),
		lifecycleStage: info.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
		userId: text(info.user_id) ?? '',
		artifactUri: text(info.artifact_uri) ?? '',
		metricKeys: [...metricKeys],
		params: tags(data.params, `${where}: data.params`, warn, runId),
		tags: runTags,
		inputs: datasetInputs(isObject(raw) ? raw.inputs : undefined, where, warn, runId)
	};
}

function datasetInputs(raw: unknown, where: string, warn: Warn, runId: string): ImportedDatasetInput[] {
	const inputs = isObject(raw) ? raw.dataset_inputs : undefined;
	const out: ImportedDatasetInput[] = [];
	for (const d of list(inputs, `${where}: inputs.dataset_inputs`, warn, runId)) {
		const dataset = isObject(d) ? d.dataset : undefined;
		const name = isObject(dataset) ? text(dataset.name) : undefined;
		if (!isObject(dataset) || name === undefined) {
			warn({
				kind: 'invalid-item',
				message: `${where}: a dataset input has no dataset name; it was skipped.`,
				runId
			});
			continue;
		}
		const context = tags(isObject(d) ? d.tags : undefined, `${where}: a dataset input's tags`, warn, runId);
		out.push({
			name,
			digest: text(dataset.digest) ?? '',
			sourceType: text(dataset.source_type) ?? '',
			source: text(dataset.source) ?? '',
			schema: text(dataset.schema) ?? '',
			profile: text(dataset.profile) ?? '',
			context: context.find((t) => t.key === 'mlflow.data.context')?.value ?? ''
		});
	}
	return out;
}

/** A whole number the database can hold exactly (steps, timestamps), or null. */
function integer(value: unknown): number | null {
	const n = num(value);
	return n !== null && Number.isSafeInteger(n) ? n : null;
}

/**
 * One point of metrics/get-history; null unless its value is a number (MLflow sends NaN as "NaN") and its step and
 * timestamp, when present, are integers.
 */
export function point(raw: unknown): { value: number; step: number; timestamp: number } | null {
	if (!isObject(raw)) return null;
	const value = num(raw.value);
	const step = raw.step === undefined || raw.step === null ? 0 : integer(raw.step);
	const timestamp = raw.timestamp === undefined || raw.timestamp === null ? 0 : integer(raw.timestamp);
	if (value === null || step === null || timestamp === null) return null;
	// SQL-backed servers send ±Infinity as ±1.7976931348623157e308 (the stored value): map it back.
	return {
		value: Math.abs(value) === Number.MAX_VALUE ? Math.sign(value) * Infinity : value,
		step,
		timestamp
	};
}

/** One entry of artifacts/list, or null when it has no path. */
export function artifactEntry(raw: unknown): { path: string; isDir: boolean; size: number | null } | null {
	if (!isObject(raw) || typeof raw.path !== 'string' || raw.path === '') return null;
	return { path: raw.path, isDir: raw.is_dir === true, size: num(raw.file_size) };
}
