// Reading a W&B drop: each run log (`run-<id>.wandb`) is one run, read whole from the log and completed from the
// `files/` beside it (config.yaml, wandb-summary.json, wandb-metadata.json, and every file there as an artifact).
// The experiment is the run's W&B project. docs/formats.md §6.8.
import { RunboardError } from '../../api/errors';
import { ArtifactBudget } from '../artifact-budget';
import { namedExperiment } from '../drop';
import { clipPath } from '../limits';
import type { ImportContext, ImportItem, ImportWarning, SourceFile } from '../types';
import { runLogs } from './detect';
import { readConfigYaml, readMetadataJson, readSummaryJson } from './files';
import { readRun, type Problem } from './run';
import { projectOf, toRun, type RunSides } from './to-run';

/** Record problems reported one by one per log; past this, counted. */
const PROBLEMS_PER_FILE = 5;

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

export async function* readWandb(files: SourceFile[], context: ImportContext): AsyncGenerator<ImportItem> {
	const logs = (await runLogs(files)).sort((a, b) => (a.path < b.path ? -1 : 1));
	const byPath = new Map(files.map((f) => [f.path, f]));
	const runFiles = filesOfRuns(files, new Set(logs.map((l) => dirOf(l.path))));
	const budget = new ArtifactBudget(context.maxArtifactBytes);
	const experiments = new Set<string>();
	const problems: string[] = [];
	const bytesTotal = logs.reduce((sum, f) => sum + f.size, 0);
	let bytesDone = 0;
	let runs = 0;
	for (const log of logs) {
		if (context.signal.aborted) return;
		const dir = dirOf(log.path);
		const warnings: ImportWarning[] = [];
		const content = await readRun(log, reporter(log.path, warnings)).catch((e: Error) => e);
		bytesDone += log.size;
		if (content instanceof Error || content.records === 0) {
			const why = content instanceof Error ? content.message : 'no readable record';
			const message = `${clipPath(log.path)}: ${why}; not imported.`;
			problems.push(warnings[0]?.message ?? message);
			for (const warning of warnings) yield { kind: 'warning', warning };
			yield { kind: 'warning', warning: { kind: 'run-skipped', message, file: log.path } };
			continue;
		}
		const at = (name: string) => byPath.get(dir ? `${dir}/files/${name}` : `files/${name}`);
		const sides = await readSides(dir, at, warnings);
		const project = projectOf(content);
		sides.artifacts = runFiles.get(dir) ?? [];
		const run = toRun(content, sides, log.path);
		const taken = budget.takeListed(sides.artifacts, (f) => f.size);
		run.artifacts = taken.taken.map((file) => ({ path: file.path.slice(dir ? dir.length + 7 : 6), file }));
		if (taken.skipped.files > 0)
			warnings.push(budget.listedOverCap(`run ${run.runName}`, taken.skipped, run.runId));
		for (const [key, count] of content.skipped) {
			warnings.push({
				kind: 'unsupported',
				message: `run ${clipPath(run.runName)}: ${count} value(s) of ${clipPath(key, 80)} are no number (text or media); not imported.`,
				runId: run.runId
			});
		}
		for (const warning of warnings) yield { kind: 'warning', warning: { ...warning, runId: run.runId } };
		if (!experiments.has(run.experimentKey)) {
			experiments.add(run.experimentKey);
			yield { kind: 'experiment', experiment: namedExperiment(run.experimentKey, project) };
		}
		yield { kind: 'run', run };
		yield { kind: 'progress', bytesDone, bytesTotal };
		runs++;
	}
	if (runs === 0 && !context.signal.aborted) {
		if (logs.length === 0)
			throw new RunboardError(
				'IMPORT_CORRUPT',
				'No W&B run log was found: a W&B run folder holds its history in run-<id>.wandb beside files/.'
			);
		throw new RunboardError('IMPORT_CORRUPT', `No W&B run could be read: ${problems[0] ?? 'no run log'}`);
	}
}

/** The files below each run folder's `files/`, by run folder, found in one pass over the drop. */
function filesOfRuns(files: SourceFile[], dirs: Set<string>): Map<string, SourceFile[]> {
	const out = new Map<string, SourceFile[]>();
	for (const file of files) {
		for (let at = file.path.startsWith('files/') ? 0 : file.path.indexOf('/files/'); at >= 0;) {
			const dir = file.path.slice(0, at);
			if (dirs.has(dir)) {
				const list = out.get(dir);
				if (list) list.push(file);
				else out.set(dir, [file]);
				break;
			}
			at = file.path.indexOf('/files/', at + 1);
		}
	}
	return out;
}

async function readSides(
	dir: string,
	at: (name: string) => SourceFile | undefined,
	warnings: ImportWarning[]
): Promise<RunSides> {
	const where = (name: string) => `${clipPath(dir ? `${dir}/files/${name}` : `files/${name}`)}`;
	const guarded = async <T>(name: string, read: (f: SourceFile | undefined) => Promise<T>, empty: T) => {
		try {
			return await read(at(name));
		} catch (e) {
			warnings.push({
				kind: 'file-unreadable',
				message: `${where(name)}: ${(e as Error).message.slice(0, 80)}; not used.`
			});
			return empty;
		}
	};
	return {
		config: await guarded('config.yaml', readConfigYaml, new Map()),
		summary: await guarded('wandb-summary.json', readSummaryJson, new Map()),
		metadata: await guarded('wandb-metadata.json', readMetadataJson, {}),
		artifacts: []
	};
}

function reporter(file: string, warnings: ImportWarning[]): (p: Problem) => void {
	let seen = 0;
	return (problem) => {
		seen++;
		if (seen <= PROBLEMS_PER_FILE)
			warnings.push({ kind: 'record-corrupt', message: describe(file, problem), file });
		else if (seen === PROBLEMS_PER_FILE + 1)
			warnings.push({
				kind: 'record-corrupt',
				message: `${clipPath(file)}: more damaged records skipped.`,
				file
			});
	};
}

function describe(file: string, problem: Problem): string {
	const where = `${clipPath(file)} at byte ${problem.offset}`;
	switch (problem.kind) {
		case 'crc':
			return `${where}: a record's checksum does not match its data; that record was skipped, the rest of the log imported.`;
		case 'bad-record':
			return `${where}: a damaged record (${problem.why}); the rest of its 32 KiB block was skipped.`;
		case 'truncated':
			return `${where}: the log ends inside a record (still being written?); what came before it was imported.`;
		case 'undecodable':
			return `${where}: a record is not a W&B record; it was skipped.`;
	}
}
