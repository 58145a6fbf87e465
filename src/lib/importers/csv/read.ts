// Reading CSV logs: each file whose header has a known shape (shapes.ts) is parsed whole and turned into runs
// (runs-of.ts). Lightning's `version_N/metrics.csv` is a run named after its folder, in an experiment named after
// the logger's folder, with its `hparams.yaml` as params; other files are runs named after the file, in an
// experiment named after the dropped folder.
import { RunboardError } from '../../api/errors';
import { droppedRoot, namedExperiment } from '../drop';
import { derivedExperimentKey, derivedRunId } from '../ids';
import { clipPath } from '../limits';
import type { ImportContext, ImportItem, ImportWarning, SourceFile } from '../types';
import { hparamsParams } from './hparams';
import { runsOf } from './runs-of';
import { csvShape, type CsvShape } from './shapes';
import { headerOf, MAX_CSV_BYTES, parseCsv } from './table';

const FORMAT = 'csv';
const NAMED = /\.(csv|tsv|log)$/i;
/** Files other than *.csv/*.tsv/*.log are looked at only in drops this small. */
const SNIFF_LIMIT = 2_000;
const LIGHTNING = /(?:^|\/)([^/]+)\/(version_[^/]+)\/metrics\.csv$/;

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

interface Found {
	file: SourceFile;
	shape: CsvShape;
}

async function csvFiles(files: SourceFile[]): Promise<Found[]> {
	const out: Found[] = [];
	for (const file of files) {
		if (
			!NAMED.test(file.path) &&
			(files.length > SNIFF_LIMIT || /\.(json|ya?ml|md|png|jpe?g|db|zip)$/i.test(file.path))
		)
			continue;
		const header = await headerOf(file);
		const shape = header && csvShape(header);
		if (shape) out.push({ file, shape });
	}
	return out;
}

export async function detectCsv(files: SourceFile[]): Promise<number> {
	const found = await csvFiles(files);
	if (found.length === 0) return 0;
	if (found.some((f) => LIGHTNING.test(f.file.path))) return 0.9;
	return found.some((f) => NAMED.test(f.file.path)) ? 0.75 : 0.55;
}

export async function* readCsv(files: SourceFile[], context: ImportContext): AsyncGenerator<ImportItem> {
	const found = (await csvFiles(files)).sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
	const byPath = new Map(files.map((f) => [f.path, f]));
	const root = droppedRoot(files.map((f) => f.path));
	const yielded = new Set<string>();
	const reasons: string[] = [];
	let runsYielded = 0;
	for (const { file, shape } of found) {
		if (context.signal.aborted) return;
		const where = clipPath(file.path);
		const relative = root ? file.path.slice(root.length + 1) : file.path;
		if (file.size > MAX_CSV_BYTES) {
			const message = `${where}: ${Math.round(file.size / 1e6)} MB is more than the ${MAX_CSV_BYTES / 2 ** 20} MB a CSV log may be; not imported.`;
			reasons.push(message);
			yield { kind: 'warning', warning: { kind: 'file-unreadable', message, file: file.path } };
			continue;
		}
		const table = parseCsv(new TextDecoder().decode(await file.bytes()));
		const { runs, problems } = runsOf(table, shape);
		const warnings: ImportWarning[] = problems.map((p) => ({
			kind: 'metric-line-unparsed',
			message: `${where}: ${p}.`,
			file: file.path
		}));
		const lightning = LIGHTNING.exec(file.path);
		const experimentName = lightning?.[1] ?? (root || 'CSV logs');
		let params: { key: string; value: string }[] = [];
		if (lightning) {
			const yaml = byPath.get(`${dirOf(file.path)}/hparams.yaml`);
			if (yaml) {
				const read = hparamsParams(new TextDecoder().decode(await yaml.bytes()));
				if (typeof read === 'string')
					warnings.push({
						kind: 'file-unreadable',
						message: `${clipPath(yaml.path)}: ${read}; its params were not imported.`,
						file: yaml.path
					});
				else params = read;
			}
		}
		for (const warning of warnings) yield { kind: 'warning', warning };
		if (runs.length === 0) {
			reasons.push(`${where}: no metric values`);
			continue;
		}
		const experimentKey = derivedExperimentKey(FORMAT, experimentName);
		if (!yielded.has(experimentKey)) {
			yielded.add(experimentKey);
			yield { kind: 'experiment', experiment: namedExperiment(experimentKey, experimentName) };
		}
		// Named after the file without its extension: the same log renamed `.csv` → `.log` is the same run.
		const fileName = relative.replace(/\.[A-Za-z]{1,4}$/, '');
		for (const run of runs) {
			const name = run.name ?? (lightning ? lightning[2] : fileName) ?? fileName;
			yield {
				kind: 'run',
				run: {
					experimentKey,
					runId:
						run.runId ?? derivedRunId({ format: FORMAT, path: fileName, parts: run.part ? [run.part] : [] }),
					runName: name,
					status: run.status ?? 'FINISHED',
					startTime: run.startTime,
					endTime: run.endTime,
					lifecycleStage: 'active',
					userId: '',
					artifactUri: '',
					params: [...params, ...run.params],
					tags: run.tags,
					metrics: run.metrics,
					inputs: [],
					artifacts: []
				}
			};
			runsYielded++;
		}
	}
	if (runsYielded === 0 && !context.signal.aborted)
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`No metric values could be read from the CSV file(s): ${reasons[0] ?? 'no rows'}.`
		);
}
