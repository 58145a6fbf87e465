// Reading JSONL metric logs: each file is read whole, line by line, before any of its runs is handed on, so a file
// that turns out damaged in its middle imports nothing (a warning names the file and line) rather than half a run.
// A cut last line (a job killed mid-write) is left out with a warning; blank lines are skipped.
import { RunboardError } from '../../api/errors';
import { droppedRoot, loggedRun, namedExperiment } from '../drop';
import { derivedExperimentKey, derivedRunId } from '../ids';
import { parsePythonJson, textLines } from '../json-lines';
import { clipPath } from '../limits';
import { MetricPacker } from '../metric-packer';
import type { ImportContext, ImportItem, ImportWarning, SourceFile } from '../types';
import { isMetricRecord, recordPoints } from './records';

export const FORMAT = 'jsonl';
const NAMED = /\.(jsonl|ndjson|jsonlines)$/i;
/** Files not named *.jsonl are sniffed only in drops this small (each sniff reads a file's first bytes). */
const SNIFF_LIMIT = 2_000;
const NEVER = /\.(csv|tsv|ya?ml|md|html?|png|jpe?g|gif|svg|db|zip|gz|bson|pt|pkl|npy|bin)$/i;
/** Runs one file may name (a `run` field per record); past this the file is not a log of runs. */
const MAX_RUNS_PER_FILE = 10_000;
const SNIFF_BYTES = 64 * 1024;
/** TensorBoard.dev's series lines are JSON objects too; that importer reads them. */
const TENSORBOARD_DEV = '{"points":';

const stem = (path: string) => path.replace(/\.[^./]*$/, '');

/** A `.json` file is one JSON document (a summary, a config, a column map): a log only with a second record line. */
const JSON_DOCUMENT = /\.json$/i;

/** The first `want` non-blank lines the file's first bytes hold whole (fewer at the end of the file). */
async function firstLines(file: SourceFile, want: number): Promise<string[]> {
	const reader = file.stream().getReader();
	const decoder = new TextDecoder();
	let text = '';
	const whole = (all: string[]) => all.map((l) => l.trim()).filter((l) => l !== '');
	try {
		while (text.length < SNIFF_BYTES) {
			const { value, done } = await reader.read();
			if (done) return whole(text.split('\n')).slice(0, want);
			text += decoder.decode(value, { stream: true });
			const lines = whole(text.split('\n').slice(0, -1));
			if (lines.length >= want) return lines.slice(0, want);
		}
		return whole(text.split('\n').slice(0, -1)).slice(0, want);
	} catch {
		return [];
	} finally {
		void reader.cancel().catch(() => undefined);
	}
}

async function isJsonl(file: SourceFile): Promise<boolean> {
	const document = JSON_DOCUMENT.test(file.path);
	const lines = await firstLines(file, document ? 2 : 1);
	if (document && (lines.length < 2 || !lines[1]?.startsWith('{'))) return false;
	const line = lines[0];
	if (!line?.startsWith('{') || line.startsWith(TENSORBOARD_DEV)) return false;
	try {
		const record = parsePythonJson(line);
		return (
			typeof record === 'object' &&
			record !== null &&
			!Array.isArray(record) &&
			isMetricRecord(record as Record<string, unknown>)
		);
	} catch {
		return false;
	}
}

export async function jsonlFiles(files: SourceFile[]): Promise<SourceFile[]> {
	const out: SourceFile[] = [];
	for (const file of files) {
		const named = NAMED.test(file.path);
		if (!named && (files.length > SNIFF_LIMIT || NEVER.test(file.path))) continue;
		if (await isJsonl(file)) out.push(file);
	}
	return out;
}

export async function detectJsonl(files: SourceFile[]): Promise<number> {
	const found = await jsonlFiles(files);
	if (found.length === 0) return 0;
	return found.some((f) => NAMED.test(f.path)) ? 0.7 : 0.5;
}

interface FileRuns {
	runs: Map<string, { packer: MetricPacker; rows: number }>;
	warnings: ImportWarning[];
}

/** Every record of one file, grouped by run; a string says why the file cannot be imported. */
async function readFile(file: SourceFile, signal: AbortSignal): Promise<FileRuns | string> {
	const where = clipPath(file.path);
	const runs: FileRuns['runs'] = new Map();
	const warnings: ImportWarning[] = [];
	let pending: { lineNo: number; reason: string } | undefined;
	// The parser's own words vary between engines: only a refused file quotes them.
	let unused = 0;
	try {
		for await (const { text, lineNo } of textLines(file.stream())) {
			if (signal.aborted) return 'cancelled';
			if (text.trim() === '') continue;
			// A bad line followed by another line is damage, not a cut last line: the file is refused.
			if (pending) return `line ${pending.lineNo} ${pending.reason}`;
			let record: unknown;
			try {
				record = parsePythonJson(text);
			} catch (e) {
				pending = { lineNo, reason: `is not JSON (${(e as Error).message.slice(0, 80)})` };
				continue;
			}
			if (typeof record !== 'object' || record === null || Array.isArray(record)) {
				const kind = Array.isArray(record) ? 'an array' : record === null ? 'null' : typeof record;
				return `line ${lineNo} is ${kind}, not a JSON object`;
			}
			const { run, step, timestamp, points } = recordPoints(record as Record<string, unknown>);
			if (points.length === 0) {
				unused++;
				continue;
			}
			let entry = runs.get(run);
			if (!entry) {
				if (runs.size >= MAX_RUNS_PER_FILE) return `more than ${MAX_RUNS_PER_FILE} runs are named in it`;
				entry = { packer: new MetricPacker(), rows: 0 };
				runs.set(run, entry);
			}
			// A record without a step is the next step of its run (a log written once per epoch or iteration).
			const at = step ?? entry.rows;
			for (const [key, value] of points) entry.packer.push(entry.packer.keyId(key), value, at, timestamp);
			entry.rows++;
		}
	} catch (e) {
		return `unreadable (${(e as Error).message.slice(0, 80)})`;
	}
	if (pending)
		warnings.push({
			kind: 'metric-line-unparsed',
			message: `${where}: the last line (${pending.lineNo}) is not whole JSON, as when a log is cut short; left out.`,
			file: file.path
		});
	if (unused > 0)
		warnings.push({
			kind: 'metric-line-unparsed',
			message: `${where}: ${unused} record(s) with no numeric value left out.`,
			file: file.path
		});
	if (runs.size === 0) return 'no record holds a number';
	return { runs, warnings };
}

export async function* readJsonl(files: SourceFile[], context: ImportContext): AsyncGenerator<ImportItem> {
	const found = (await jsonlFiles(files)).sort((a, b) => (a.path < b.path ? -1 : 1));
	const root = droppedRoot(files.map((f) => f.path));
	const experimentName = root || 'JSONL logs';
	const experimentKey = derivedExperimentKey(FORMAT, experimentName);
	const problems: string[] = [];
	let yielded = 0;
	for (const file of found) {
		if (context.signal.aborted) return;
		const read = await readFile(file, context.signal);
		if (typeof read === 'string') {
			const message = `${clipPath(file.path)}: ${read}; not imported.`;
			problems.push(message);
			yield { kind: 'warning', warning: { kind: 'file-unreadable', message, file: file.path } };
			continue;
		}
		for (const warning of read.warnings) yield { kind: 'warning', warning };
		if (yielded === 0)
			yield { kind: 'experiment', experiment: namedExperiment(experimentKey, experimentName) };
		// Ids and names leave out the extension: the same log renamed from .jsonl to .log is the same run.
		const path = stem(root ? file.path.slice(root.length + 1) : file.path);
		for (const [run, { packer }] of read.runs) {
			yield loggedRun({
				experimentKey,
				runId: derivedRunId({ format: FORMAT, path, parts: run ? [run] : [] }),
				runName: run || path,
				tags: run ? [{ key: 'jsonl.file', value: path }] : [],
				metrics: packer.build()
			});
			yielded++;
		}
	}
	if (yielded === 0 && !context.signal.aborted)
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`No JSONL metric log could be read: ${problems[0] ?? 'none found'}`
		);
}
