// Reading CSV logs: each file whose header has a known shape (shapes.ts) is parsed whole and turned into runs
// (runs-of.ts). Lightning's `version_N/metrics.csv` is a run named after its folder, in an experiment named after
// the logger's folder, with its `hparams.yaml` as params; other files are runs named after the file, in an
// experiment named after the dropped folder.
import { RunboardError } from '../../api/errors';
import { droppedRoot, loggedRun, namedExperiment } from '../drop';
import { derivedExperimentKey, derivedRunId } from '../ids';
import { clipPath } from '../limits';
import type { ImportContext, ImportItem, ImportWarning, SourceFile } from '../types';
import { hparamsParams } from './hparams';
import { runsOf } from './runs-of';
import { readTable } from './chunked';
import {
	askable,
	COLUMN_MAP_FILE,
	columnMapsOf,
	columnsRequest,
	fits,
	headAndPreview,
	headerHash,
	type ColumnMap,
	type ColumnsRequest
} from './mapping';
import { csvShape, type CsvShape } from './shapes';
import { headerOf, MAX_CSV_BYTES } from './table';

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

/** The column maps the drop carries (the Import page adds them after its dialog): by header hash. */
async function columnMaps(files: SourceFile[]): Promise<Map<string, ColumnMap>> {
	const maps = new Map<string, ColumnMap>();
	for (const file of files) {
		if (file.path.split('/').pop() !== COLUMN_MAP_FILE || file.size > 1024 * 1024) continue;
		for (const [hash, map] of columnMapsOf(new TextDecoder().decode(await file.bytes()))) maps.set(hash, map);
	}
	return maps;
}

/** The files of a known (or chosen) shape, and those a person could map (their columns are asked for). */
async function csvFiles(files: SourceFile[]): Promise<{ found: Found[]; unmapped: ColumnsRequest[] }> {
	const found: Found[] = [];
	const unmapped: ColumnsRequest[] = [];
	const maps = await columnMaps(files);
	for (const file of files) {
		if (
			!NAMED.test(file.path) &&
			(files.length > SNIFF_LIMIT || /\.(json|ya?ml|md|png|jpe?g|db|zip)$/i.test(file.path))
		)
			continue;
		const header = await headerOf(file);
		if (!header) continue;
		const shape = csvShape(header);
		if (shape) {
			found.push({ file, shape });
			continue;
		}
		const map = maps.get(headerHash(header));
		if (map && fits(map, header)) found.push({ file, shape: { kind: 'mapped', map } });
		else if (/\.(csv|tsv)$/i.test(file.path)) {
			const head = await headAndPreview(file);
			if (head && askable(file.path, head)) unmapped.push(columnsRequest(file.path, head));
		}
	}
	return { found, unmapped };
}

export async function detectCsv(files: SourceFile[]): Promise<number> {
	const { found, unmapped } = await csvFiles(files);
	// A table of no known shape is claimed weakly, only so that its columns can be asked for.
	if (found.length === 0) return unmapped.length > 0 ? 0.3 : 0;
	if (found.some((f) => LIGHTNING.test(f.file.path))) return 0.9;
	return found.some((f) => NAMED.test(f.file.path)) ? 0.75 : 0.55;
}

export async function* readCsv(files: SourceFile[], context: ImportContext): AsyncGenerator<ImportItem> {
	const sorted = await csvFiles(files);
	const found = sorted.found.sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
	const first = sorted.unmapped[0];
	if (found.length === 0 && first)
		throw new RunboardError(
			'IMPORT_UNRECOGNIZED',
			`${clipPath(first.file)}: its columns are none Runboard knows (${first.header.slice(0, 6).join(', ')}${first.header.length > 6 ? ', …' : ''}); choose which is the step and which are metrics on the Import page.`,
			{ csvColumns: first }
		);
	for (const request of sorted.unmapped)
		yield {
			kind: 'warning',
			warning: {
				kind: 'unsupported',
				message: `${clipPath(request.file)}: its columns are none Runboard knows; import it alone to choose them.`,
				file: request.file
			}
		};
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
		const table = await readTable(file);
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
			yield loggedRun({
				experimentKey,
				runId:
					run.runId ?? derivedRunId({ format: FORMAT, path: fileName, parts: run.part ? [run.part] : [] }),
				runName: name,
				status: run.status ?? 'FINISHED',
				startTime: run.startTime,
				endTime: run.endTime,
				params: [...params, ...run.params],
				tags: run.tags,
				metrics: run.metrics
			});
			runsYielded++;
		}
	}
	if (runsYielded === 0 && !context.signal.aborted)
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`No metric values could be read from the CSV file(s): ${reasons[0] ?? 'no rows'}.`
		);
}
