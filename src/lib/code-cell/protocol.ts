// What the code cell's sandbox worker may say to the page, and the checks the page makes before anything reaches
// the database. The worker's runtime (runtime.ts) makes the same checks first, so a mistake is thrown at the line
// of the user's code that made it; the page makes them again because nothing that comes out of the worker is
// trusted (docs/security.md, "The code cell").
import {
	checkInteger,
	checkKey,
	checkMetricValue,
	checkRunName,
	checkStatus,
	LIMITS,
	tagLimit,
	toStringValue
} from '$lib/api/validate';
import { artifactPathProblem } from '$lib/artifacts/paths';
import type { RunStatus } from '$lib/model/types';

/** Caps for one press of Run: a hostile loop cannot flood the page or the database past them. */
export const CELL_LIMITS = {
	/** Metric points logged in one execution. */
	metricPoints: 200_000,
	/** Calls other than metrics (params, tags, artifacts, runs started and ended). */
	otherCalls: 20_000,
	/** console.log lines kept; one more ends the execution with an error. */
	logLines: 2_000,
	/** Characters of one console line (longer lines are cut, with a mark). */
	logLineLength: 2_000,
	runs: 100,
	/** Characters of one artifact's text, and of all artifacts of one execution. */
	artifactLength: 1_000_000,
	artifactTotalLength: 10_000_000,
	/** Calls in one message from the worker (its runtime batches them). */
	batchCalls: 1_000,
	/** Messages from the worker in one execution (calls other than metrics go one by one). */
	messages: 30_000
} as const;

export type CellStatus = Extract<RunStatus, 'FINISHED' | 'FAILED' | 'KILLED'>;

export type CellCall =
	| {
			op: 'startRun';
			runName?: string;
			experimentName?: string;
			tags?: Record<string, string>;
	  }
	| { op: 'endRun'; status: CellStatus }
	| { op: 'params'; params: Record<string, string> }
	| { op: 'tags'; tags: Record<string, string> }
	| { op: 'metrics'; metrics: CellMetric[] }
	| { op: 'artifact'; path: string; text: string }
	| { op: 'log'; level: 'log' | 'warn' | 'error'; text: string };

export interface CellMetric {
	key: string;
	value: number;
	step: number;
	timestamp: number;
}

/** Worker → page. `line` is 1-based in the user's code. */
export type CellMessage =
	| { type: 'calls'; calls: CellCall[] }
	| { type: 'done' }
	| { type: 'error'; name: string; message: string; line?: number };

/** Page → worker: the one message, the code to run. */
export interface CellStart {
	type: 'run';
	code: string;
}

export class CellError extends Error {
	override name = 'CellError';
}

const STATUSES: CellStatus[] = ['FINISHED', 'FAILED', 'KILLED'];

function record(what: string, value: unknown): Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		throw new CellError(`${what} must be an object of key → value.`);
	return value as Record<string, unknown>;
}

/** Params or tags, stringified and checked as runboard checks them. */
export function checkStrings(what: 'Param' | 'Tag', value: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, v] of Object.entries(record(`${what}s`, value))) {
		checkKey(what, key);
		out[key] = toStringValue(what, key, v, what === 'Param' ? LIMITS.paramValueLength : tagLimit(key));
	}
	return out;
}

export function checkMetric(value: unknown): CellMetric {
	const m = record('A metric', value);
	const key = checkKey('Metric', m.key);
	return {
		key,
		value: checkMetricValue(key, m.value),
		step: checkInteger('Step', m.step),
		timestamp: checkInteger('Timestamp', m.timestamp)
	};
}

export function checkEndStatus(status: unknown): CellStatus {
	const checked = checkStatus(status);
	if (!(STATUSES as string[]).includes(checked))
		throw new CellError(`endRun takes ${STATUSES.join(', ')}, got ${checked}.`);
	return checked as CellStatus;
}

function optionalText(what: string, value: unknown, limit: number): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'string' || value.length > limit)
		throw new CellError(`${what} must be a string of at most ${limit} characters.`);
	return value;
}

/** One call, checked field by field and rebuilt: nothing but the known fields goes on. */
export function checkCall(value: unknown): CellCall {
	const c = record('A call', value);
	switch (c.op) {
		case 'startRun':
			return {
				op: 'startRun',
				runName: c.runName === undefined ? undefined : checkRunName(c.runName),
				experimentName: optionalText('experimentName', c.experimentName, LIMITS.nameLength),
				tags: c.tags === undefined ? undefined : checkStrings('Tag', c.tags)
			};
		case 'endRun':
			return { op: 'endRun', status: checkEndStatus(c.status) };
		case 'params':
			return { op: 'params', params: checkStrings('Param', c.params) };
		case 'tags':
			return { op: 'tags', tags: checkStrings('Tag', c.tags) };
		case 'metrics': {
			if (!Array.isArray(c.metrics) || c.metrics.length > CELL_LIMITS.batchCalls)
				throw new CellError(`metrics must be a list of at most ${CELL_LIMITS.batchCalls}.`);
			return { op: 'metrics', metrics: c.metrics.map(checkMetric) };
		}
		case 'artifact': {
			// The rule every logged and imported artifact path follows (absolute, '..', backslashes, control characters).
			const problem = artifactPathProblem(c.path);
			if (problem) throw new CellError(`Artifact path: ${problem} Try one like "notes/summary.txt".`);
			const path = c.path as string;
			const text = optionalText('Artifact text', c.text, CELL_LIMITS.artifactLength);
			return { op: 'artifact', path, text: text ?? '' };
		}
		case 'log': {
			if (c.level !== 'log' && c.level !== 'warn' && c.level !== 'error')
				throw new CellError('A console line has a level: log, warn or error.');
			if (typeof c.text !== 'string') throw new CellError('A console line is text.');
			return { op: 'log', level: c.level, text: cutLine(c.text) };
		}
		default:
			throw new CellError(`Unknown call ${JSON.stringify(String(c.op)).slice(0, 40)}.`);
	}
}

/** How much of a message's allowance a call uses: a metrics call counts its points. */
export function callWeight(call: CellCall): number {
	return call.op === 'metrics' ? Math.max(1, call.metrics.length) : 1;
}

export function cutLine(text: string): string {
	return text.length > CELL_LIMITS.logLineLength
		? `${text.slice(0, CELL_LIMITS.logLineLength)}… (${text.length - CELL_LIMITS.logLineLength} more characters)`
		: text;
}

/** A message from the worker, checked and rebuilt; throws CellError (the page then stops the execution). */
export function checkMessage(value: unknown): CellMessage {
	const m = record('A message', value);
	if (m.type === 'done') return { type: 'done' };
	if (m.type === 'error') {
		const line =
			typeof m.line === 'number' && Number.isSafeInteger(m.line) && m.line > 0 ? m.line : undefined;
		return {
			type: 'error',
			name: typeof m.name === 'string' ? m.name.slice(0, 100) : 'Error',
			message: cutLine(typeof m.message === 'string' ? m.message : String(m.message)),
			line
		};
	}
	if (m.type === 'calls') {
		if (!Array.isArray(m.calls) || m.calls.length > CELL_LIMITS.batchCalls)
			throw new CellError(`A message carries at most ${CELL_LIMITS.batchCalls} calls.`);
		const calls = m.calls.map(checkCall);
		if (calls.reduce((n, call) => n + callWeight(call), 0) > CELL_LIMITS.batchCalls)
			throw new CellError(`A message carries at most ${CELL_LIMITS.batchCalls} calls and points.`);
		return { type: 'calls', calls };
	}
	throw new CellError('Unknown message from the code cell.');
}
