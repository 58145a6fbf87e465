// What an importer read, held to the rules the API holds logged data to (api/validate.ts), so that whatever an
// import stores can be read back through the API and pushed to an MLflow server. One place for every importer
// (mlruns folders and zips, mlflow.db, a live server): the import pipeline applies it to each record before
// writing it. What breaks a rule is left out with a warning that names the run and the key; the rest is kept.
import type { PackedMetrics } from '../api/db-api';
import { checkKey, checkName } from '../api/validate';
import type { Tag } from '../model/types';
import type { ImportedExperiment, ImportedRun, ImportWarning } from './types';

/** The part of a run the rules look at; the rest (artifacts in either form) passes through. */
type RunRecord = Pick<ImportedRun, 'runId' | 'experimentKey' | 'params' | 'tags' | 'metrics'>;

const RUN_ID = /^[0-9a-f]{32}$/i;

/** A short, printable excerpt of a key from a file, for a message. */
export function excerpt(text: string, max = 60): string {
	const short = text.length > max ? `${text.slice(0, max)}…` : text;
	// eslint-disable-next-line no-control-regex
	return short.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD');
}

/**
 * An experiment key (the source's experiment id) short enough to name an experiment by: the writer names an
 * experiment it has no record of "Imported experiment <key>", and names have a limit. Long keys keep their
 * start and a hash of the whole, so distinct keys stay distinct and the same key maps the same way everywhere.
 */
export function experimentKey(key: string): string {
	if (typeof key !== 'string') return String(key);
	if (key.length <= MAX_EXPERIMENT_KEY) return key;
	let hash = 0x811c9dc5;
	for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
	return `${excerpt(key, 40)}#${(hash >>> 0).toString(16)}`;
}

const MAX_EXPERIMENT_KEY = 100;

/** Why the API would refuse this key (empty, or over 250 characters), or undefined when it is fine. */
export function keyProblem(key: unknown): string | undefined {
	if (typeof key === 'string' && key !== '' && key.length <= 250) return undefined;
	try {
		checkKey('The', key);
		return undefined;
	} catch (error) {
		// checkKey's own words, minus the "The key" subject that the warning names differently.
		return (error as Error).message.replace(/^The key /, '').replace(/\.$/, '');
	}
}

/**
 * The run with its refused keys, and its metric points whose step or timestamp is not an integer, left out, with a
 * warning for each; `run` is undefined when the run itself cannot be stored (a run id that is not 32 hex
 * characters). Upper-case run ids are lowered, as the file store's reader does.
 */
export function storableRun<R extends RunRecord>(run: R): { run: R | undefined; warnings: ImportWarning[] } {
	const warnings: ImportWarning[] = [];
	if (typeof run.runId !== 'string' || !RUN_ID.test(run.runId)) {
		const id = typeof run.runId === 'string' ? `"${excerpt(run.runId)}"` : 'missing';
		warnings.push({
			kind: 'run-skipped',
			message: `A run was skipped: its run id (${id}) is not 32 hexadecimal characters.`
		});
		return { run: undefined, warnings };
	}
	const runId = run.runId.toLowerCase();
	const refuse = (what: string, key: unknown, problem: string) =>
		warnings.push({
			kind: 'key-refused',
			runId,
			message: `run ${runId}: the ${what} "${excerpt(String(key))}" was not imported: its key ${problem}.`
		});
	const keep = (what: string) => (tag: Tag) => {
		const problem = keyProblem(tag?.key);
		if (problem) refuse(what, tag?.key, problem);
		return problem === undefined;
	};
	const params = run.params.every((t) => keyProblem(t?.key) === undefined)
		? run.params
		: run.params.filter(keep('param'));
	const tags = run.tags.every((t) => keyProblem(t?.key) === undefined)
		? run.tags
		: run.tags.filter(keep('tag'));
	const refusedMetrics = run.metrics.keys.filter((key) => keyProblem(key) !== undefined);
	for (const key of refusedMetrics) refuse('metric', key, keyProblem(key) as string);
	const unsteady = pointsWithoutIntegers(run.metrics);
	for (const [key, { count, example }] of unsteady) {
		warnings.push({
			kind: 'unsupported',
			runId,
			message:
				`run ${runId}: ${count} point(s) of metric "${excerpt(key)}" were not imported: steps and timestamps ` +
				`are integers (${example}).`
		});
	}
	const metrics =
		refusedMetrics.length || unsteady.size ? keptPoints(run.metrics, new Set(refusedMetrics)) : run.metrics;
	const experiment = experimentKey(run.experimentKey);
	if (!warnings.length && runId === run.runId && experiment === run.experimentKey) return { run, warnings };
	return { run: { ...run, runId, experimentKey: experiment, params, tags, metrics }, warnings };
}

/** Whether point i's step and timestamp are exact integers (a hostile database may hold REALs or 2^63 there). */
function integral(metrics: PackedMetrics, i: number): boolean {
	return Number.isSafeInteger(metrics.steps[i]) && Number.isSafeInteger(metrics.timestamps[i]);
}

/**
 * Per key, the points whose step or timestamp the database would refuse, and one of them for the message. A
 * plain loop: it looks at every point of every imported run (millions in a large import).
 */
function pointsWithoutIntegers(metrics: PackedMetrics): Map<string, { count: number; example: string }> {
	const out = new Map<string, { count: number; example: string }>();
	const { steps, timestamps, keyIndex } = metrics;
	for (let i = 0; i < steps.length; i++) {
		if (Number.isSafeInteger(steps[i]) && Number.isSafeInteger(timestamps[i])) continue;
		const key = metrics.keys[keyIndex[i] as number] ?? '';
		const found = out.get(key);
		if (found) found.count++;
		else out.set(key, { count: 1, example: `step ${steps[i]}, timestamp ${timestamps[i]}` });
	}
	return out;
}

/** The points of every key but the refused ones whose step and timestamp are integers, in their order. */
function keptPoints(metrics: PackedMetrics, refused: Set<string>): PackedMetrics {
	const newIndex = new Int32Array(metrics.keys.length).fill(-1);
	const keys: string[] = [];
	metrics.keys.forEach((key, i) => {
		if (!refused.has(key)) newIndex[i] = keys.push(key) - 1;
	});
	const kept = (k: number, i: number) => (newIndex[k] ?? -1) >= 0 && integral(metrics, i);
	let count = 0;
	metrics.keyIndex.forEach((k, i) => {
		if (kept(k, i)) count++;
	});
	const out: PackedMetrics = {
		keys,
		keyIndex: new Uint32Array(count),
		values: new Float64Array(count),
		steps: new Float64Array(count),
		timestamps: new Float64Array(count)
	};
	let j = 0;
	metrics.keyIndex.forEach((k, i) => {
		if (!kept(k, i)) return;
		out.keyIndex[j] = newIndex[k] as number;
		out.values[j] = metrics.values[i] as number;
		out.steps[j] = metrics.steps[i] as number;
		out.timestamps[j] = metrics.timestamps[i] as number;
		j++;
	});
	return out;
}

/** The experiment with its refused tag keys left out; a name the API refuses becomes "Experiment <key>". */
export function storableExperiment(experiment: ImportedExperiment): {
	experiment: ImportedExperiment;
	warnings: ImportWarning[];
} {
	const warnings: ImportWarning[] = [];
	let name = experiment.name;
	try {
		checkName('name', experiment.name);
	} catch (error) {
		name = `Experiment ${excerpt(String(experiment.key), 40)}`;
		const problem = (error as Error).message.replace(/^name /, '').replace(/\.$/, '');
		warnings.push({
			kind: 'unsupported',
			message: `experiment ${excerpt(String(experiment.key))}: its name ${problem}; imported as "${name}".`
		});
	}
	const tags = experiment.tags.filter((tag) => {
		const problem = keyProblem(tag?.key);
		if (problem) {
			warnings.push({
				kind: 'key-refused',
				message: `experiment "${excerpt(name)}": the tag "${excerpt(String(tag?.key))}" was not imported: its key ${problem}.`
			});
		}
		return problem === undefined;
	});
	const key = experimentKey(experiment.key);
	if (!warnings.length && key === experiment.key) return { experiment, warnings };
	return { experiment: { ...experiment, key, name, tags }, warnings };
}
