// Sacred's FileStorageObserver runs (`<dir>/<run id>/run.json`, `config.json`, `metrics.json`, `cout.txt`): the
// config as params (nested keys joined with `.`), `_run.log_scalar` series as metric histories with their times,
// the run's status, times, command and result, its captured output and artifacts as artifacts. Sacred writes
// naive UTC times and Python's bare NaN/Infinity. docs/formats.md §6.5.
import { RunboardError } from '../api/errors';
import type { RunStatus, Tag } from '../model/types';
import { loggedRun, namedExperiment } from './drop';
import { derivedExperimentKey, derivedRunId } from './ids';
import { jsonNumber, parsePythonJson } from './json-lines';
import { clipPath } from './limits';
import { MetricPacker } from './metric-packer';
import type {
	Importer,
	ImportContext,
	ImportedArtifact,
	ImportItem,
	ImportWarning,
	SourceFile
} from './types';

const FORMAT = 'sacred';
const MAX_JSON_BYTES = 256 * 1024 * 1024;
const MAX_DEPTH = 8;
export const STATUS: Record<string, RunStatus> = {
	COMPLETED: 'FINISHED',
	FAILED: 'FAILED',
	RUNNING: 'RUNNING',
	INTERRUPTED: 'KILLED',
	QUEUED: 'SCHEDULED',
	TIMEOUT: 'FAILED'
};

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

async function json(file: SourceFile | undefined): Promise<unknown> {
	if (!file) return undefined;
	if (file.size > MAX_JSON_BYTES) throw new Error(`${Math.round(file.size / 1e6)} MB is too large`);
	return parsePythonJson(new TextDecoder().decode(await file.bytes()));
}

/** Sacred writes `datetime.utcnow().isoformat()`: UTC without a zone. */
function utc(value: unknown): number | null {
	if (typeof value !== 'string') return null;
	const t = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
	return Number.isNaN(t) ? null : t;
}

export function flatten(value: unknown, key: string, out: Tag[], depth = 0): void {
	if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < MAX_DEPTH) {
		for (const [k, v] of Object.entries(value as Record<string, unknown>))
			flatten(v, key ? `${key}.${k}` : k, out, depth + 1);
	} else if (key)
		out.push({ key, value: typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)) });
}

const isRunJson = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' &&
	value !== null &&
	'experiment' in value &&
	'status' in value &&
	'start_time' in value;

async function runFiles(files: SourceFile[]): Promise<SourceFile[]> {
	const out: SourceFile[] = [];
	for (const f of files) {
		if (baseName(f.path) !== 'run.json') continue;
		const head = new TextDecoder().decode((await f.bytes()).subarray(0, 8192));
		if (/"experiment"/.test(head) && /"status"/.test(head)) out.push(f);
	}
	return out;
}

async function* read(files: SourceFile[], context: ImportContext): AsyncGenerator<ImportItem> {
	const found = await runFiles(files);
	const byPath = new Map(files.map((f) => [f.path, f]));
	const experiments = new Set<string>();
	const problems: string[] = [];
	let runs = 0;
	for (const file of found.sort((a, b) => (a.path < b.path ? -1 : 1))) {
		if (context.signal.aborted) return;
		const folder = dirOf(file.path);
		const at = (name: string) => byPath.get(folder ? `${folder}/${name}` : name);
		const warnings: ImportWarning[] = [];
		let run: unknown;
		try {
			run = await json(file);
		} catch (e) {
			run = (e as Error).message;
		}
		if (!isRunJson(run)) {
			const message = `${clipPath(file.path)}: not a Sacred run (${typeof run === 'string' ? run.slice(0, 80) : 'fields missing'}); skipped.`;
			problems.push(message);
			yield { kind: 'warning', warning: { kind: 'run-skipped', message, file: file.path } };
			continue;
		}
		const params: Tag[] = [];
		try {
			flatten(await json(at('config.json')), '', params);
		} catch (e) {
			warnings.push({
				kind: 'file-unreadable',
				message: `${clipPath(folder)}/config.json: ${(e as Error).message.slice(0, 80)}; no params.`
			});
		}
		const packer = new MetricPacker();
		try {
			const metrics = (await json(at('metrics.json'))) ?? {};
			for (const [key, series] of Object.entries(metrics as Record<string, unknown>)) {
				const s = series as { steps?: unknown; values?: unknown; timestamps?: unknown };
				if (!Array.isArray(s?.steps) || !Array.isArray(s.values) || s.steps.length !== s.values.length) {
					warnings.push({
						kind: 'metric-line-unparsed',
						message: `${clipPath(folder)}/metrics.json: ${clipPath(key, 60)} is not a series of steps and values; skipped.`
					});
					continue;
				}
				const times = Array.isArray(s.timestamps) ? s.timestamps : [];
				const id = packer.keyId(key);
				s.steps.forEach((step, i) => {
					const value = jsonNumber((s.values as unknown[])[i]);
					if (typeof step === 'number' && Number.isFinite(step) && value !== undefined)
						packer.push(id, value, Math.floor(step), utc(times[i]) ?? 0);
				});
			}
		} catch (e) {
			warnings.push({
				kind: 'file-unreadable',
				message: `${clipPath(folder)}/metrics.json: ${(e as Error).message.slice(0, 80)}; no metrics.`
			});
		}
		const experiment = run.experiment as { name?: unknown; mainfile?: unknown };
		const name = typeof experiment?.name === 'string' && experiment.name ? experiment.name : 'Sacred';
		const experimentKey = derivedExperimentKey(FORMAT, name);
		if (!experiments.has(experimentKey)) {
			experiments.add(experimentKey);
			yield {
				kind: 'experiment',
				experiment: namedExperiment(experimentKey, name)
			};
		}
		const result = jsonNumber(run.result);
		if (result !== undefined) packer.push(packer.keyId('result'), result, 0, utc(run.stop_time) ?? 0);
		const tags: Tag[] = [];
		if (typeof run.command === 'string') tags.push({ key: 'sacred.command', value: run.command });
		if (typeof experiment?.mainfile === 'string')
			tags.push({ key: 'mlflow.source.name', value: experiment.mainfile });
		if (Array.isArray(run.fail_trace) && run.fail_trace.length > 0)
			tags.push({ key: 'sacred.fail_trace', value: String(run.fail_trace.at(-1)).trim().slice(0, 5000) });
		const artifacts: ImportedArtifact[] = [];
		for (const name of [
			'cout.txt',
			...(Array.isArray(run.artifacts) ? run.artifacts.filter((a): a is string => typeof a === 'string') : [])
		]) {
			const f = at(name);
			if (f && !name.includes('..')) artifacts.push({ path: name, file: f });
		}
		for (const warning of warnings) yield { kind: 'warning', warning };
		const id = baseName(folder) || '1';
		yield loggedRun({
			experimentKey,
			runId: derivedRunId({ format: FORMAT, path: id, parts: [name, String(run.start_time ?? '')] }),
			runName: `${name} #${id}`,
			// Own keys only: a status named like an Object method (`constructor`) is no status.
			status: Object.hasOwn(STATUS, String(run.status))
				? (STATUS[String(run.status)] as RunStatus)
				: 'FAILED',
			startTime: utc(run.start_time),
			endTime: utc(run.stop_time) ?? utc(run.heartbeat),
			params,
			tags,
			metrics: packer.build(),
			artifacts
		});
		runs++;
	}
	if (runs === 0 && !context.signal.aborted)
		throw new RunboardError('IMPORT_CORRUPT', `No Sacred run could be read: ${problems[0] ?? 'no run.json'}`);
}

export const sacredImporter: Importer = {
	id: FORMAT,
	label: 'Sacred FileStorageObserver runs',
	async detect(files) {
		return (await runFiles(files)).length > 0 ? 0.9 : 0;
	},
	read
};
