// DVCLive logs: a `dvclive/` folder (any name) holding `plots/metrics/**/*.tsv` histories (the metric named by its
// path below `plots/metrics/`, e.g. `train/loss`), `metrics.json` (the summary: its values not in a history are
// points at the summary's `step`), `params.yaml` (params, nested keys joined with `/`) and `report.md` /
// `report.html` (artifacts). Recognised by a history's header below `plots/metrics/`. docs/formats.md §6.7.
import { RunboardError } from '../api/errors';
import type { Tag } from '../model/types';
import { hparamsParams } from './csv/hparams';
import { droppedRoot, loggedRun, namedExperiment } from './drop';
import { derivedExperimentKey, derivedRunId } from './ids';
import { parsePythonJson } from './json-lines';
import { clipPath } from './limits';
import { MetricPacker } from './metric-packer';
import { summaryPoints } from './dvclive/summary';
import { MAX_TSV_BYTES, parseTsv, tsvColumns } from './dvclive/tsv';
import type {
	Importer,
	ImportContext,
	ImportedArtifact,
	ImportItem,
	ImportWarning,
	SourceFile
} from './types';

const FORMAT = 'dvclive';
const HISTORY = /^(?:(.*)\/)?plots\/metrics\/(.+)\.tsv$/;
const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const REPORTS = ['report.md', 'report.html'];
const MAX_SIDE_BYTES = 64 * 1024 * 1024;

async function headLine(file: SourceFile): Promise<string> {
	const reader = file.stream().getReader();
	try {
		const { value } = await reader.read();
		const text = value ? new TextDecoder().decode(value.subarray(0, 1024)) : '';
		return text.split('\n')[0] ?? '';
	} catch {
		return '';
	} finally {
		void reader.cancel().catch(() => undefined);
	}
}

/** DVCLive folders by their root path ('' for a drop of the folder's contents), with their histories. */
async function liveFolders(files: SourceFile[]): Promise<Map<string, { key: string; file: SourceFile }[]>> {
	const out = new Map<string, { key: string; file: SourceFile }[]>();
	for (const file of files) {
		const match = HISTORY.exec(file.path);
		if (!match || !tsvColumns(await headLine(file))) continue;
		const [, root = '', key = ''] = match;
		out.set(root, [...(out.get(root) ?? []), { key, file }]);
	}
	return out;
}

/**
 * A run's path: its project's folder (the one holding the DVCLive folder, which `Live(dir=…)` may call anything),
 * relative to the dropped folder; the DVCLive folder's own path when two share a project.
 */
function runPath(root: string, dropped: string, folders: Map<string, unknown>): string {
	const relative = (r: string) =>
		dropped && r.startsWith(`${dropped}/`) ? r.slice(dropped.length + 1) : dropped === r ? '' : r;
	const project = (r: string) => dirOf(relative(r));
	const shared = [...folders.keys()].filter((r) => project(r) === project(root)).length > 1;
	return shared ? relative(root) : project(root);
}

async function text(file: SourceFile, max: number): Promise<string> {
	if (file.size > max) throw new Error(`${Math.round(file.size / 1e6)} MB is too large`);
	return new TextDecoder().decode(await file.bytes());
}

async function* read(files: SourceFile[], context: ImportContext): AsyncGenerator<ImportItem> {
	const folders = await liveFolders(files);
	const byPath = new Map(files.map((f) => [f.path, f]));
	const dropped = droppedRoot(files.map((f) => f.path));
	const experimentName = dropped || 'DVCLive';
	const experimentKey = derivedExperimentKey(FORMAT, experimentName);
	let runs = 0;
	for (const [root, histories] of [...folders].sort(([a], [b]) => (a < b ? -1 : 1))) {
		if (context.signal.aborted) return;
		const at = (name: string) => byPath.get(root ? `${root}/${name}` : name);
		const where = (name: string) => clipPath(root ? `${root}/${name}` : name);
		const warnings: ImportWarning[] = [];
		const packer = new MetricPacker();
		for (const { key, file } of histories.sort((a, b) => (a.key < b.key ? -1 : 1))) {
			let history;
			try {
				history = parseTsv(await text(file, MAX_TSV_BYTES));
			} catch (e) {
				warnings.push({
					kind: 'file-unreadable',
					message: `${clipPath(file.path)}: ${(e as Error).message}; skipped.`,
					file: file.path
				});
				continue;
			}
			if (!history) continue;
			if (history.badCount > 0)
				warnings.push({
					kind: 'metric-line-unparsed',
					message: `${clipPath(file.path)}: ${history.badCount} row(s) that are not a step and a number left out (line ${history.bad.join(', ')}).`,
					file: file.path
				});
			const id = packer.keyId(key);
			for (const p of history.points) packer.push(id, p.value, p.step, p.timestamp);
		}
		const summaryFile = at('metrics.json');
		if (summaryFile) {
			try {
				const logged = new Set(histories.map((h) => h.key));
				for (const [key, value, step] of summaryPoints(
					parsePythonJson(await text(summaryFile, MAX_SIDE_BYTES)),
					logged
				))
					packer.push(packer.keyId(key), value, step, 0);
			} catch (e) {
				warnings.push({
					kind: 'file-unreadable',
					message: `${where('metrics.json')}: ${(e as Error).message.slice(0, 80)}; its summary left out.`
				});
			}
		}
		let params: Tag[] = [];
		const paramsFile = at('params.yaml');
		if (paramsFile) {
			const read = await text(paramsFile, MAX_SIDE_BYTES).then(hparamsParams, (e: Error) => e.message);
			if (typeof read === 'string')
				warnings.push({
					kind: 'file-unreadable',
					message: `${where('params.yaml')}: ${read.slice(0, 80)}; no params.`
				});
			else params = read;
		}
		const artifacts: ImportedArtifact[] = REPORTS.flatMap((name) => {
			const file = at(name);
			return file ? [{ path: name, file }] : [];
		});
		for (const warning of warnings) yield { kind: 'warning', warning };
		if (packer.size === 0 && params.length === 0) {
			yield {
				kind: 'warning',
				warning: { kind: 'run-skipped', message: `${where('plots/metrics')}: no readable history; skipped.` }
			};
			continue;
		}
		if (runs === 0) yield { kind: 'experiment', experiment: namedExperiment(experimentKey, experimentName) };
		const path = runPath(root, dropped, folders);
		const name = path || experimentName;
		yield loggedRun({
			experimentKey,
			runId: derivedRunId({ format: FORMAT, path }),
			runName: name,
			params,
			metrics: packer.build(),
			artifacts
		});
		runs++;
	}
	if (runs === 0 && !context.signal.aborted)
		throw new RunboardError(
			'IMPORT_CORRUPT',
			'No DVCLive run could be read: no history under plots/metrics/ holds a step and a value.'
		);
}

export const dvcliveImporter: Importer = {
	id: FORMAT,
	label: 'DVCLive logs',
	async detect(files) {
		// Above the CSV importer, which would read each history as a table of its own.
		return (await liveFolders(files)).size > 0 ? 0.95 : 0;
	},
	read
};
