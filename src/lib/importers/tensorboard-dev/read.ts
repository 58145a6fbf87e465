// Reading a TensorBoard.dev export. Files are recognised by content: `json.dump(..., sort_keys=True)` starts every
// series line with `{"points": {"steps": [`, whatever the file is called. A series is checked whole (equal array
// lengths, numbers) before any of its points is kept; a bad line is a warning naming the file and line.
import { RunboardError } from '../../api/errors';
import { derivedExperimentKey, derivedRunId } from '../ids';
import { loggedRun } from '../drop';
import { jsonNumber, parsePythonJson, textLines } from '../json-lines';
import { clipPath } from '../limits';
import { MetricPacker } from '../metric-packer';
import type { ImportContext, ImportedExperiment, ImportItem, ImportWarning, SourceFile } from '../types';
import type { Tag } from '../../model/types';

const FORMAT = 'tensorboard-dev';
const SIGNATURE = '{"points": {"steps": [';
/** Drops this large are sniffed by name only (each sniff reads a file's first bytes). */
const SNIFF_LIMIT = 2_000;
const LINE_WARNINGS = 5;

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

async function startsWithSeries(file: SourceFile): Promise<boolean> {
	if (file.size < SIGNATURE.length) return false;
	const reader = file.stream().getReader();
	try {
		const { value } = await reader.read();
		return value !== undefined && new TextDecoder().decode(value.subarray(0, SIGNATURE.length)) === SIGNATURE;
	} catch {
		return false;
	} finally {
		void reader.cancel().catch(() => undefined);
	}
}

async function seriesFiles(files: SourceFile[]): Promise<SourceFile[]> {
	const out: SourceFile[] = [];
	for (const file of files) {
		const named = baseName(file.path) === 'scalars.json';
		if ((named || files.length <= SNIFF_LIMIT) && (await startsWithSeries(file))) out.push(file);
	}
	return out;
}

export async function detectTensorboardDev(files: SourceFile[]): Promise<number> {
	const found = await seriesFiles(files);
	if (found.length === 0) return 0;
	return found.some((f) => baseName(f.path) === 'scalars.json') ? 0.95 : 0.8;
}

interface Metadata {
	name?: string;
	description?: string;
	createTime: number | null;
	updateTime: number | null;
}

async function readMetadata(file: SourceFile | undefined, warnings: ImportWarning[]): Promise<Metadata> {
	const none: Metadata = { createTime: null, updateTime: null };
	if (!file) return none;
	try {
		const json = JSON.parse(new TextDecoder().decode(await file.bytes())) as Record<string, unknown>;
		const time = (v: unknown) =>
			typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : null;
		return {
			name: typeof json.name === 'string' && json.name.trim() !== '' ? json.name : undefined,
			description: typeof json.description === 'string' ? json.description : undefined,
			createTime: time(json.create_time),
			updateTime: time(json.update_time)
		};
	} catch {
		warnings.push({
			kind: 'meta-missing',
			message: `${clipPath(file.path)}: not readable JSON; the folder name is used.`,
			file: file.path
		});
		return none;
	}
}

interface Series {
	run: string;
	tag: string;
	steps: number[];
	values: number[];
	times: number[];
}

/** A line as a series, or why it is not one. */
function toSeries(text: string): Series | string {
	let json: unknown;
	try {
		json = parsePythonJson(text);
	} catch (e) {
		return `not JSON (${(e as Error).message.slice(0, 80)})`;
	}
	const o = json as {
		run?: unknown;
		tag?: unknown;
		points?: { steps?: unknown; values?: unknown; wall_times?: unknown };
	};
	if (
		typeof o?.run !== 'string' ||
		typeof o.tag !== 'string' ||
		typeof o.points !== 'object' ||
		o.points === null
	)
		return 'not a series (run, tag and points expected)';
	const { steps, values, wall_times: times } = o.points;
	if (!Array.isArray(steps) || !Array.isArray(values) || !Array.isArray(times))
		return 'points without steps, values and wall_times lists';
	if (steps.length !== values.length || times.length !== values.length)
		return `steps, values and wall_times differ in length (${steps.length}, ${values.length}, ${times.length})`;
	const numbers = (list: unknown[]) => list.map(jsonNumber);
	const s = numbers(steps);
	const v = numbers(values);
	const t = numbers(times);
	if ([...s, ...v, ...t].some((x) => x === undefined)) return 'a point that is not a number';
	if (s.some((x) => !Number.isSafeInteger(x))) return 'a step that is not an integer';
	return {
		run: o.run,
		tag: o.tag,
		steps: s as number[],
		values: v as number[],
		times: (t as number[]).map((x) => Math.round(x * 1000))
	};
}

export async function* readTensorboardDev(
	files: SourceFile[],
	context: ImportContext
): AsyncGenerator<ImportItem> {
	const found = await seriesFiles(files);
	const byPath = new Map(files.map((f) => [f.path, f]));
	let runsWritten = 0;
	const problems: string[] = [];
	for (const file of found.sort((a, b) => (a.path < b.path ? -1 : 1))) {
		if (context.signal.aborted) return;
		const folder = dirOf(file.path);
		const warnings: ImportWarning[] = [];
		const meta = await readMetadata(
			byPath.get(folder ? `${folder}/metadata.json` : 'metadata.json'),
			warnings
		);
		const folderName = baseName(folder) || 'TensorBoard.dev export';
		const experimentId = /^experiment_(.+)$/.exec(folderName)?.[1];
		const name = meta.name ?? folderName;
		// Runs keyed by name, in first-seen order; a run's series are all in memory until the file ends (the file is
		// ordered by run in practice, but nothing promises it).
		const runs = new Map<string, MetricPacker>();
		let badLines = 0;
		for await (const { text, lineNo } of textLines(file.stream())) {
			if (text.trim() === '') continue;
			const series = toSeries(text);
			if (typeof series === 'string') {
				badLines++;
				if (badLines <= LINE_WARNINGS)
					warnings.push({
						kind: 'metric-line-unparsed',
						message: `${clipPath(file.path)} line ${lineNo}: ${series}; skipped.`,
						file: file.path
					});
				continue;
			}
			let packer = runs.get(series.run);
			if (!packer) runs.set(series.run, (packer = new MetricPacker()));
			const key = packer.keyId(series.tag);
			for (let i = 0; i < series.values.length; i++)
				packer.push(key, series.values[i] as number, series.steps[i] as number, series.times[i] as number);
		}
		if (badLines > LINE_WARNINGS)
			warnings.push({
				kind: 'metric-line-unparsed',
				message: `${clipPath(file.path)}: ${badLines - LINE_WARNINGS} more unreadable line(s) skipped.`,
				file: file.path
			});
		for (const warning of warnings) yield { kind: 'warning', warning };
		if (runs.size === 0) {
			problems.push(warnings[0]?.message ?? `${clipPath(file.path)}: no series`);
			continue;
		}
		const experimentKey = derivedExperimentKey(FORMAT, experimentId ?? name);
		yield { kind: 'experiment', experiment: experiment(experimentKey, name, meta, experimentId) };
		for (const [run, packer] of runs) {
			const metrics = packer.build();
			let first = Infinity;
			let last = -Infinity;
			for (const t of metrics.timestamps) {
				if (t < first) first = t;
				if (t > last) last = t;
			}
			const tags: Tag[] = [{ key: 'tensorboard.run_path', value: run }];
			yield loggedRun({
				experimentKey,
				runId: derivedRunId({ format: FORMAT, path: experimentId ?? folderName, parts: [run] }),
				runName: run === '.' || run === '' ? name : run,
				startTime: Number.isFinite(first) ? first : null,
				endTime: Number.isFinite(last) ? last : null,
				tags,
				metrics
			});
			runsWritten++;
		}
	}
	if (runsWritten === 0 && !context.signal.aborted)
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`No TensorBoard.dev series could be read: ${problems[0] ?? 'no scalars.json'}`
		);
}

function experiment(
	key: string,
	name: string,
	meta: Metadata,
	experimentId: string | undefined
): ImportedExperiment {
	const tags: Tag[] = [];
	if (meta.description) tags.push({ key: 'mlflow.note.content', value: meta.description });
	if (experimentId) tags.push({ key: 'tensorboard.dev.experiment_id', value: experimentId });
	return {
		key,
		name,
		lifecycleStage: 'active',
		creationTime: meta.createTime,
		lastUpdateTime: meta.updateTime,
		artifactLocation: '',
		tags
	};
}
