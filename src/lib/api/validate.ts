// Argument checks shared by the page-side client and the worker. MLflow's limits, so what Runboard accepts an
// MLflow server accepts too (export must be lossless). Every failure is INVALID_ARGUMENT with the field named.
import { RunboardError } from './errors';
import { RUN_STATUSES, type RunStatus } from '../model/types';

export const LIMITS = {
	keyLength: 250,
	paramValueLength: 6000,
	tagValueLength: 8000,
	/** Notes are tags too, but people write long ones; MLflow's SQL store allows them in a TEXT column. */
	noteLength: 1_000_000,
	nameLength: 500,
	/** MLflow's runs.name column is 250 characters. */
	runNameLength: 250,
	/** Runs one bulk edit (delete, restore, tag) may name: a selection, not a whole database. */
	bulkRuns: 100_000
} as const;

/** MLflow's system tags start with this; its UI shows them read-only and hides them from the tag editor. */
export const SYSTEM_TAG_PREFIX = 'mlflow.';

const RUN_ID = /^[0-9a-f]{32}$/;

function invalid(message: string, details?: Record<string, unknown>): RunboardError {
	return new RunboardError('INVALID_ARGUMENT', message, details);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'string' ? `a string of ${value.length} characters` : `a ${typeof value}`;
}

export function checkRunId(runId: unknown): string {
	if (typeof runId !== 'string' || !RUN_ID.test(runId)) {
		throw invalid(`Run id must be 32 lowercase hexadecimal characters, got ${describe(runId)}.`, { runId });
	}
	return runId;
}

export function checkExperimentId(experimentId: unknown): string {
	const text = typeof experimentId === 'number' ? String(experimentId) : experimentId;
	if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) {
		throw invalid(`Experiment id must be a string of digits, got ${describe(experimentId)}.`);
	}
	return text;
}

export function checkName(what: string, name: unknown): string {
	if (typeof name !== 'string') throw invalid(`${what} must be a string, got ${describe(name)}.`);
	const trimmed = name.trim();
	if (trimmed === '') throw invalid(`${what} must not be empty.`);
	if (trimmed.length > LIMITS.nameLength) {
		throw invalid(`${what} is ${trimmed.length} characters long; the limit is ${LIMITS.nameLength}.`);
	}
	return trimmed;
}

export function checkKey(what: string, key: unknown): string {
	if (typeof key !== 'string') throw invalid(`${what} key must be a string, got ${describe(key)}.`);
	if (key === '') throw invalid(`${what} key must not be empty.`);
	if (key.length > LIMITS.keyLength) {
		throw invalid(`${what} key is ${key.length} characters long; the limit is ${LIMITS.keyLength}.`, {
			key: key.slice(0, 80)
		});
	}
	return key;
}

/** Params and tags are strings in MLflow; numbers and booleans are stringified as MLflow's client does. */
export function toStringValue(what: string, key: string, value: unknown, limit: number): string {
	let text: string;
	if (typeof value === 'string') text = value;
	else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
		text = String(value);
	else throw invalid(`${what} "${key}" must be a string, number or boolean, got ${describe(value)}.`);
	if (text.length > limit) {
		throw invalid(`${what} "${key}" is ${text.length} characters long; the limit is ${limit}.`);
	}
	return text;
}

export function tagLimit(key: string): number {
	return key === 'mlflow.note.content' ? LIMITS.noteLength : LIMITS.tagValueLength;
}

export function checkMetricValue(key: string, value: unknown): number {
	if (typeof value !== 'number') {
		throw invalid(`Metric "${key}" must be a number (NaN and ±Infinity allowed), got ${describe(value)}.`);
	}
	return value;
}

/** Steps are integers (MLflow stores int64); timestamps are integer milliseconds since the epoch. */
export function checkInteger(what: string, value: unknown): number {
	if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
		throw invalid(`${what} must be an integer, got ${typeof value === 'number' ? value : describe(value)}.`);
	}
	return value;
}

export function checkStatus(status: unknown): RunStatus {
	if (typeof status !== 'string' || !(RUN_STATUSES as readonly string[]).includes(status)) {
		throw invalid(`Run status must be one of ${RUN_STATUSES.join(', ')}, got ${JSON.stringify(status)}.`);
	}
	return status as RunStatus;
}

export function checkRunName(name: unknown): string {
	const checked = checkName('Run name', name);
	if (checked.length > LIMITS.runNameLength) {
		throw invalid(`Run name is ${checked.length} characters long; the limit is ${LIMITS.runNameLength}.`);
	}
	return checked;
}

/** A tag key a person types in the tag editor: MLflow's system keys (`mlflow.*`) are not theirs to set. */
export function checkUserTagKey(key: unknown): string {
	const checked = checkKey('Tag', typeof key === 'string' ? key.trim() : key);
	if (checked.startsWith(SYSTEM_TAG_PREFIX)) {
		throw invalid(
			`Tag keys starting with "${SYSTEM_TAG_PREFIX}" are MLflow's system tags; choose another key ` +
				'(the name and description have their own editors).',
			{ key: checked.slice(0, 80) }
		);
	}
	return checked;
}

/** A non-empty list of run ids, each checked, without repeats. */
export function checkRunIds(runIds: unknown): string[] {
	if (!Array.isArray(runIds) || runIds.length === 0) throw invalid('Give a non-empty list of run ids.');
	if (runIds.length > LIMITS.bulkRuns) {
		throw invalid(`${runIds.length} run ids given; one call takes at most ${LIMITS.bulkRuns}.`);
	}
	return [...new Set(runIds.map(checkRunId))];
}
