// The bundle's JSON records read back, untrusted: each field is checked for its type, and a record that is not
// what docs/bundle-format.md says is refused with the field named ("runs/3/run.json: startTime is not a
// number"). Extra fields are ignored, so a later minor version may add some.
import { RUN_STATUSES, type RunStatus, type Tag } from '../../model/types';
import type { ImportedDatasetInput } from '../types';
import {
	fromJsonNumber,
	type BundleArtifact,
	type BundleCounts,
	type BundleExperiment,
	type BundleModel,
	type BundlePart,
	type BundleRun
} from './format';

/** A record that breaks the format; the verifier turns it into IMPORT_CORRUPT with the bundle's name. */
export class BundleError extends Error {}

type Obj = Record<string, unknown>;

export function parseJson(where: string, bytes: Uint8Array): unknown {
	try {
		return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch (error) {
		throw new BundleError(`${where} is not valid JSON (${(error as Error).message})`);
	}
}

class Fields {
	constructor(
		readonly where: string,
		private readonly o: Obj
	) {}
	private fail(key: string, what: string): never {
		throw new BundleError(`${this.where}: ${key} is not ${what}`);
	}
	string(key: string): string {
		const v = this.o[key];
		return typeof v === 'string' ? v : this.fail(key, 'a string');
	}
	count(key: string): number {
		const v = this.o[key];
		return Number.isSafeInteger(v) && (v as number) >= 0
			? (v as number)
			: this.fail(key, 'a whole number ≥ 0');
	}
	time(key: string): number | null {
		const v = this.o[key];
		return v === null || Number.isSafeInteger(v)
			? (v as number | null)
			: this.fail(key, 'a time (ms) or null');
	}
	oneOf<T extends string>(key: string, options: readonly T[]): T {
		const v = this.o[key];
		return options.includes(v as T) ? (v as T) : this.fail(key, `one of ${options.join(', ')}`);
	}
	list<T>(key: string, item: (f: Fields) => T): T[] {
		const v = this.o[key];
		if (!Array.isArray(v)) return this.fail(key, 'a list');
		return v.map((x, i) => item(fieldsOf(`${this.where}: ${key}[${i}]`, x)));
	}
	object(key: string): Fields {
		return fieldsOf(`${this.where}: ${key}`, this.o[key]);
	}
	raw(key: string): unknown {
		return this.o[key];
	}
}

export function fieldsOf(where: string, value: unknown): Fields {
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		throw new BundleError(`${where} is not an object`);
	return new Fields(where, value as Obj);
}

const tag = (f: Fields): Tag => ({ key: f.string('key'), value: f.string('value') });
const artifact = (f: Fields): BundleArtifact => ({ path: f.string('path'), size: f.count('size') });
const LIFECYCLE = ['active', 'deleted'] as const;

export function parseCounts(f: Fields): BundleCounts {
	return {
		experiments: f.count('experiments'),
		runs: f.count('runs'),
		metricPoints: f.count('metricPoints'),
		loggedModels: f.count('loggedModels'),
		artifacts: f.count('artifacts'),
		artifactBytes: f.count('artifactBytes')
	};
}

export function parsePart(f: Fields): BundlePart {
	const sha256 = f.string('sha256');
	if (!/^[0-9a-f]{64}$/.test(sha256))
		throw new BundleError(`${f.where}: sha256 is not 64 lowercase hex digits`);
	return { path: f.string('path'), size: f.count('size'), sha256 };
}

export function parseExperiment(f: Fields): BundleExperiment {
	return {
		experimentId: f.string('experimentId'),
		name: f.string('name'),
		artifactLocation: f.string('artifactLocation'),
		lifecycleStage: f.oneOf('lifecycleStage', LIFECYCLE),
		creationTime: f.time('creationTime'),
		lastUpdateTime: f.time('lastUpdateTime'),
		tags: f.list('tags', tag)
	};
}

const input = (f: Fields): ImportedDatasetInput => ({
	name: f.string('name'),
	digest: f.string('digest'),
	sourceType: f.string('sourceType'),
	source: f.string('source'),
	schema: f.string('schema'),
	profile: f.string('profile'),
	context: f.string('context')
});

export function parseRun(f: Fields): BundleRun {
	return {
		runId: f.string('runId'),
		experimentId: f.string('experimentId'),
		runName: f.string('runName'),
		status: f.oneOf<RunStatus>('status', RUN_STATUSES),
		startTime: f.time('startTime'),
		endTime: f.time('endTime'),
		lifecycleStage: f.oneOf('lifecycleStage', LIFECYCLE),
		userId: f.string('userId'),
		artifactUri: f.string('artifactUri'),
		params: f.list('params', tag),
		tags: f.list('tags', tag),
		inputs: f.list('inputs', input),
		metricPoints: f.count('metricPoints'),
		artifacts: f.list('artifacts', artifact)
	};
}

/** A logged model, its metric values back to numbers. */
export function parseModel(f: Fields): Omit<BundleModel, 'metrics'> & { metrics: ModelMetric[] } {
	const sourceRunId = f.raw('sourceRunId');
	if (sourceRunId !== null && typeof sourceRunId !== 'string')
		throw new BundleError(`${f.where}: sourceRunId is not a string or null`);
	return {
		modelId: f.string('modelId'),
		name: f.string('name'),
		experimentId: f.string('experimentId'),
		sourceRunId,
		status: f.string('status'),
		creationTime: f.time('creationTime'),
		params: f.list('params', tag),
		tags: f.list('tags', tag),
		metrics: f.list('metrics', modelMetric),
		artifacts: f.list('artifacts', artifact)
	};
}

export interface ModelMetric {
	key: string;
	value: number;
	step: number;
	timestamp: number;
	runId: string | null;
}

function modelMetric(f: Fields): ModelMetric {
	const value = fromJsonNumber(f.raw('value'));
	if (value === undefined) throw new BundleError(`${f.where}: value is not a number`);
	const runId = f.raw('runId');
	const step = f.raw('step');
	const timestamp = f.raw('timestamp');
	if (!Number.isSafeInteger(step) || !Number.isSafeInteger(timestamp))
		throw new BundleError(`${f.where}: step and timestamp must be whole numbers`);
	return {
		key: f.string('key'),
		value,
		step: step as number,
		timestamp: timestamp as number,
		runId: typeof runId === 'string' ? runId : null
	};
}
