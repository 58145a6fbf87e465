// Sacred's MongoObserver collections as `mongodump` writes them (`<db>/runs.bson`, `<db>/metrics.bson`): each run
// document holds what a FileStorageObserver run splits into run.json, config.json and cout.txt, and each metrics
// document one `_run.log_scalar` series of a run (`run_id`, `steps`, `values`, `timestamps`; Sacred 0.7's earliest
// builds wrote `run`, `x`, `y`). Read into the same records as the file runs (sacred.ts). Both files are parsed
// whole before any run is handed on: damage anywhere in them refuses the dump, so no run lacks a series it has.
import { RunboardError } from '../../api/errors';
import type { RunStatus, Tag } from '../../model/types';
import { loggedRun, namedExperiment } from '../drop';
import { derivedExperimentKey, derivedRunId } from '../ids';
import { jsonNumber } from '../json-lines';
import { clipPath } from '../limits';
import { MetricPacker } from '../metric-packer';
import { flatten, STATUS } from '../sacred';
import { fromBytes } from '../source-files';
import type { ImportContext, ImportedArtifact, ImportItem, ImportWarning, SourceFile } from '../types';
import { BsonError, BsonReader, isDate } from './bson';

export const FORMAT = 'sacred-mongo';
/** A dump of Sacred's collections is a few hundred MB at most; past this a file is not read. */
const MAX_BSON_BYTES = 512 * 1024 * 1024;
/** Files not named *.bson are sniffed only in drops this small. */
const SNIFF_LIMIT = 200;

type Doc = Record<string, unknown>;
type Kind = 'runs' | 'metrics';

const has = (doc: Doc, key: string) => Object.hasOwn(doc, key);
const isRun = (doc: Doc) => has(doc, 'experiment') && has(doc, 'status') && has(doc, 'start_time');
const isMetrics = (doc: Doc) =>
	has(doc, 'name') && (has(doc, 'run_id') || has(doc, 'run')) && (has(doc, 'values') || has(doc, 'y'));

/** What collection a file dumps, judged by its first document. */
async function kindOf(file: SourceFile, named: boolean): Promise<Kind | undefined> {
	if (file.size < 5 || file.size > MAX_BSON_BYTES) return undefined;
	const reader = file.stream().getReader();
	try {
		const { value } = await reader.read();
		if (!value || value.length < 5) return undefined;
		const length = new DataView(value.buffer, value.byteOffset, 4).getInt32(0, true);
		if (length < 5 || length > file.size || (!named && length > value.length)) return undefined;
		const head = length <= value.length ? value : await file.bytes();
		const first = new BsonReader(head.subarray(0, length)).document(0, 0);
		return isRun(first) ? 'runs' : isMetrics(first) ? 'metrics' : undefined;
	} catch {
		return undefined;
	} finally {
		void reader.cancel().catch(() => undefined);
	}
}

export async function dumpFiles(files: SourceFile[]): Promise<{ file: SourceFile; kind: Kind }[]> {
	const out: { file: SourceFile; kind: Kind }[] = [];
	for (const file of files) {
		const named = /\.bson$/i.test(file.path);
		if (!named && (files.length > SNIFF_LIMIT || /\.(json|ya?ml|csv|tsv|txt|md|py)$/i.test(file.path)))
			continue;
		const kind = await kindOf(file, named);
		if (kind) out.push({ file, kind });
	}
	return out;
}

async function documents(file: SourceFile): Promise<Doc[]> {
	try {
		return [...new BsonReader(await file.bytes()).documents()].map((d) => d.doc);
	} catch (e) {
		const why = e instanceof BsonError ? e.message : 'unreadable';
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`${clipPath(file.path)}: not a whole BSON dump (${why}); nothing was imported.`
		);
	}
}

const time = (v: unknown): number | null => (isDate(v) && Number.isFinite(v.$date) ? v.$date : null);
const idOf = (v: unknown): string =>
	typeof v === 'number' || typeof v === 'string' ? String(v) : (JSON.stringify(v) ?? '');

function addSeries(packer: MetricPacker, doc: Doc, warnings: ImportWarning[]): void {
	const steps = doc.steps ?? doc.x;
	const values = doc.values ?? doc.y;
	const name = typeof doc.name === 'string' ? doc.name : '';
	if (!name || !Array.isArray(steps) || !Array.isArray(values) || steps.length !== values.length) {
		warnings.push({
			kind: 'metric-line-unparsed',
			message: `metrics ${clipPath(name || idOf(doc._id), 60)}: not a series of steps and values; skipped.`
		});
		return;
	}
	const times = Array.isArray(doc.timestamps) ? doc.timestamps : [];
	const id = packer.keyId(name);
	steps.forEach((step, i) => {
		const value = jsonNumber(values[i]);
		if (typeof step === 'number' && Number.isFinite(step) && value !== undefined)
			packer.push(id, value, Math.floor(step), time(times[i]) ?? 0);
	});
}

export async function* readSacredDump(
	files: SourceFile[],
	context: ImportContext
): AsyncGenerator<ImportItem> {
	const found = await dumpFiles(files);
	const runDocs: Doc[] = [];
	const metricDocs: Doc[] = [];
	for (const { file, kind } of found)
		(kind === 'runs' ? runDocs : metricDocs).push(...(await documents(file)));
	const seriesOf = new Map<string, Doc[]>();
	for (const doc of metricDocs) {
		const run = idOf(doc.run_id ?? doc.run);
		seriesOf.set(run, [...(seriesOf.get(run) ?? []), doc]);
	}
	const experiments = new Set<string>();
	let runs = 0;
	for (const doc of runDocs) {
		if (context.signal.aborted) return;
		const id = idOf(doc._id);
		if (!isRun(doc) || !id) {
			yield {
				kind: 'warning',
				warning: {
					kind: 'run-skipped',
					message: `run ${clipPath(id, 40)}: not a Sacred run document; skipped.`
				}
			};
			continue;
		}
		const warnings: ImportWarning[] = [];
		const params: Tag[] = [];
		flatten(doc.config, '', params);
		const packer = new MetricPacker();
		for (const series of seriesOf.get(id) ?? []) addSeries(packer, series, warnings);
		const experiment = (doc.experiment ?? {}) as { name?: unknown; mainfile?: unknown };
		const name = typeof experiment.name === 'string' && experiment.name ? experiment.name : 'Sacred';
		const experimentKey = derivedExperimentKey('sacred', name);
		if (!experiments.has(experimentKey)) {
			experiments.add(experimentKey);
			yield { kind: 'experiment', experiment: namedExperiment(experimentKey, name) };
		}
		const result = jsonNumber(doc.result);
		if (result !== undefined) packer.push(packer.keyId('result'), result, 0, time(doc.stop_time) ?? 0);
		const tags: Tag[] = [];
		if (typeof doc.command === 'string') tags.push({ key: 'sacred.command', value: doc.command });
		if (typeof experiment.mainfile === 'string')
			tags.push({ key: 'mlflow.source.name', value: experiment.mainfile });
		if (Array.isArray(doc.fail_trace) && doc.fail_trace.length > 0)
			tags.push({ key: 'sacred.fail_trace', value: String(doc.fail_trace.at(-1)).trim().slice(0, 5000) });
		const artifacts: ImportedArtifact[] = [];
		if (typeof doc.captured_out === 'string' && doc.captured_out !== '')
			artifacts.push({
				path: 'cout.txt',
				file: fromBytes('cout.txt', new TextEncoder().encode(doc.captured_out))
			});
		if (Array.isArray(doc.artifacts) && doc.artifacts.length > 0)
			warnings.push({
				kind: 'artifacts-missing',
				message: `run ${clipPath(id, 40)}: ${doc.artifacts.length} artifact(s) live in MongoDB's GridFS (fs.files, fs.chunks), which this dump does not hold.`
			});
		for (const warning of warnings) yield { kind: 'warning', warning };
		const start = time(doc.start_time);
		yield loggedRun({
			experimentKey,
			runId: derivedRunId({ format: FORMAT, path: id, parts: [name, String(start ?? '')] }),
			runName: `${name} #${id}`,
			// Own keys only: a status named like an Object method (`constructor`) is no status.
			status: Object.hasOwn(STATUS, String(doc.status))
				? (STATUS[String(doc.status)] as RunStatus)
				: 'FAILED',
			startTime: start,
			endTime: time(doc.stop_time) ?? time(doc.heartbeat),
			params,
			tags,
			metrics: packer.build(),
			artifacts
		});
		runs++;
	}
	if (runs === 0 && !context.signal.aborted)
		throw new RunboardError(
			'IMPORT_CORRUPT',
			'No Sacred run could be read from the MongoDB dump: its runs collection holds none.'
		);
}
