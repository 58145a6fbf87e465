// Reading a TensorBoard drop: the event files grouped into runs by folder, each run read whole and yielded as
// one ImportedRun (scalars as metric histories with their wall times, hparams as params, images as artifacts).
// PyTorch's add_hparams writes its hparams into a sub-folder named by a timestamp: such a folder is joined to the
// run of its parent folder (docs/formats.md §5.8).
import { RunboardError } from '../../api/errors';
import { ArtifactBudget } from '../artifact-budget';
import { droppedRoot, namedExperiment } from '../drop';
import { derivedExperimentKey, derivedRunId } from '../ids';
import { clipPath } from '../limits';
import { MetricPacker } from '../metric-packer';
import { fromBytes } from '../source-files';
import type { ImportContext, ImportedRun, ImportItem, ImportWarning, SourceFile } from '../types';
import { baseName, eventFiles } from './detect';
import { imagePath } from './images';
import { readRun, type Problem, type RunContent } from './run';

const FORMAT = 'tensorboard';
/** Record problems reported one by one per file; past this, counted. */
const PROBLEMS_PER_FILE = 5;
/** A folder name PyTorch's add_hparams makes: str(time.time()). */
const TIMESTAMP_FOLDER = /^\d{9,11}(\.\d+)?$/;

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

export async function* readTensorboard(
	files: SourceFile[],
	context: ImportContext
): AsyncGenerator<ImportItem> {
	const events = await eventFiles(files);
	const root = droppedRoot(events.map((f) => f.path));
	const experimentName = root || 'TensorBoard logs';
	const experimentKey = derivedExperimentKey(FORMAT, experimentName);
	// Yielded before the first run, not before: a drop with no readable event must leave nothing behind.
	let experimentYielded = false;
	const problems: ImportWarning[] = [];
	const folders = new Map<string, SourceFile[]>();
	for (const file of events) {
		const dir = relative(dirOf(file.path), root);
		folders.set(dir, [...(folders.get(dir) ?? []), file]);
	}
	const budget = new ArtifactBudget(context.maxArtifactBytes);
	const bytesTotal = events.reduce((sum, f) => sum + f.size, 0);
	let bytesDone = 0;
	const joined = new Set<string>();
	// A timestamp folder read to see whether it is an add_hparams folder, kept for when it is its own run.
	const readAhead = new Map<string, RunContent>();
	for (const dir of [...folders.keys()].sort()) {
		if (context.signal.aborted) return;
		if (joined.has(dir)) continue;
		const warnings: ImportWarning[] = [];
		const content = readAhead.get(dir) ?? (await readFolder(folders.get(dir) ?? [], warnings));
		readAhead.delete(dir);
		// add_hparams folders below this run: their params and final values belong to it.
		for (const child of [...folders.keys()].filter(
			(d) => dirOf(d) === dir && TIMESTAMP_FOLDER.test(baseName(d))
		)) {
			const childContent = await readFolder(folders.get(child) ?? [], warnings);
			if (!childContent.hparamsOnly) {
				readAhead.set(child, childContent);
				continue;
			}
			joinHparams(content, childContent);
			joined.add(child);
			bytesDone += (folders.get(child) ?? []).reduce((sum, f) => sum + f.size, 0);
		}
		bytesDone += (folders.get(dir) ?? []).reduce((sum, f) => sum + f.size, 0);
		if (content.records === 0) {
			problems.push(...warnings);
			const files = (folders.get(dir) ?? []).map((f) => clipPath(f.path)).join(', ');
			warnings.push({
				kind: 'run-skipped',
				message: `${files}: no readable TensorBoard event; not imported.`
			});
			for (const warning of warnings) yield { kind: 'warning', warning };
			continue;
		}
		const run = toRun(dir, root, experimentKey, folders.get(dir) ?? [], content);
		const images = budget.takeListed(content.images, (i) => i.bytes.length);
		const nth = new Map<string, number>();
		run.artifacts = images.taken.map((image) => {
			const key = `${image.step} ${image.tag}`;
			const path = imagePath(image, nth.get(key) ?? 0);
			nth.set(key, (nth.get(key) ?? 0) + 1);
			return { path, file: fromBytes(path, image.bytes) };
		});
		if (images.skipped.files > 0)
			warnings.push(budget.listedOverCap(`run ${run.runName}`, images.skipped, run.runId));
		for (const [what, count] of content.skipped) {
			warnings.push({
				kind: 'unsupported',
				message: `run ${clipPath(run.runName)}: ${count} ${what} value(s) not imported (scalars and images are).`,
				runId: run.runId
			});
		}
		for (const warning of warnings) yield { kind: 'warning', warning: { ...warning, runId: run.runId } };
		if (!experimentYielded) {
			experimentYielded = true;
			yield { kind: 'experiment', experiment: namedExperiment(experimentKey, experimentName) };
		}
		yield { kind: 'run', run };
		yield { kind: 'progress', bytesDone, bytesTotal };
	}
	if (!experimentYielded && !context.signal.aborted) {
		const why = problems[0]?.message ?? 'no event files were found';
		throw new RunboardError('IMPORT_CORRUPT', `No TensorBoard event could be read: ${why}`);
	}
}

async function readFolder(files: SourceFile[], warnings: ImportWarning[]): Promise<RunContent> {
	const perFile = new Map<string, number>();
	const content = await readRun(files, ({ file, problem }: Problem) => {
		const seen = (perFile.get(file) ?? 0) + 1;
		perFile.set(file, seen);
		if (seen <= PROBLEMS_PER_FILE)
			warnings.push({ kind: 'record-corrupt', message: describe(file, problem), file });
	});
	for (const [file, seen] of perFile) {
		if (seen > PROBLEMS_PER_FILE) {
			warnings.push({
				kind: 'record-corrupt',
				message: `${clipPath(file)}: ${seen - PROBLEMS_PER_FILE} more damaged record(s) skipped.`,
				file
			});
		}
	}
	return content;
}

function describe(file: string, problem: Problem['problem']): string {
	const where = `${clipPath(file)} at byte ${problem.offset}`;
	switch (problem.kind) {
		case 'data-crc':
			return `${where}: a record's checksum does not match its data; that record was skipped, the rest imported.`;
		case 'length-crc':
			return problem.resumedAt === null
				? `${where}: the record framing is damaged and no later record was found; the file was read up to there.`
				: `${where}: the record framing is damaged; reading went on at byte ${problem.resumedAt}.`;
		case 'truncated':
			return `${where}: the file ends inside a record (still being written?); the points before it were imported.`;
		case 'undecodable':
			return `${where}: a record is not a TensorBoard event; it was skipped.`;
	}
}

function joinHparams(parent: RunContent, child: RunContent): void {
	const known = new Set(parent.params.map(([k]) => k));
	for (const [k, v] of child.params) if (!known.has(k)) parent.params.push([k, v]);
	parent.hparamMetricTags.push(...child.hparamMetricTags);
	for (const [tag, points] of child.series.byTag) {
		for (let i = 0; i < points.steps.length; i++) {
			parent.series.add(
				tag,
				points.steps[i] as number,
				points.values[i] as number,
				points.times[i] as number
			);
		}
	}
	parent.status ??= child.status;
}

function toRun(
	dir: string,
	root: string,
	experimentKey: string,
	files: SourceFile[],
	content: RunContent
): ImportedRun {
	const packer = new MetricPacker();
	for (const [tag, points] of content.series.byTag) {
		const key = packer.keyId(tag);
		for (let i = 0; i < points.steps.length; i++) {
			packer.push(key, points.values[i] as number, points.steps[i] as number, points.times[i] as number);
		}
	}
	const params = new Map(content.params);
	const tags = [{ key: 'tensorboard.run_path', value: dir || '.' }];
	if (content.hparamMetricTags.length > 0)
		tags.push({
			key: 'tensorboard.hparams_metrics',
			value: [...new Set(content.hparamMetricTags)].join(', ')
		});
	if (content.series.purged > 0)
		tags.push({ key: 'tensorboard.purged_points', value: String(content.series.purged) });
	return {
		experimentKey,
		// The folder and the run's first wall time (content, not file names: renamed logs are the same run).
		runId: derivedRunId({ format: FORMAT, path: dir, parts: [String(content.firstTime ?? '')] }),
		runName: dir || root || 'run',
		status: content.status ?? 'FINISHED',
		startTime: content.firstTime,
		endTime: content.lastTime,
		lifecycleStage: 'active',
		userId: '',
		artifactUri: '',
		params: [...params].map(([key, value]) => ({ key, value })),
		tags,
		metrics: packer.build(),
		inputs: [],
		artifacts: []
	};
}

const relative = (dir: string, root: string) =>
	root === '' ? dir : dir === root ? '' : dir.slice(root.length + 1);
