// Walks what was dropped — an mlruns root, its parent, one experiment, one run, several of them — and yields
// experiments, each followed by its runs and logged models (docs/formats.md §1.2, §1.12).
import { RunboardError } from '../../api/errors';
import { clipPath, IMPORT_LIMITS } from '../limits';
import type { ImportContext, ImportItem, SourceFile } from '../types';
import { classify, integer, mapField, text, type YamlMap } from './meta';
import { readLoggedModel } from './model';
import { looksLikeRunId } from './ids';
import { ReadAhead } from './prefetch';
import { readRun } from './run';
import { Session } from './session';
import { buildTree, sortedDirs, type Dir } from './tree';

/** Sub-folders of an experiment that are not runs. */
const RESERVED = new Set(['tags', 'datasets', 'traces', 'models']);

type Unit =
	| { kind: 'experiment'; dir: Dir; meta: YamlMap | undefined }
	| { kind: 'run'; dir: Dir; meta: YamlMap }
	| { kind: 'logged-model'; dir: Dir; meta: YamlMap };

export async function* readMlruns(files: SourceFile[], context: ImportContext): AsyncGenerator<ImportItem> {
	const tree = buildTree(files);
	if (tree.fileCount === 0)
		throw new RunboardError('IMPORT_UNRECOGNIZED', 'Nothing to import: no files were given.');
	const s = new Session(tree, context);
	for (const { path, folders } of tree.tooDeep) {
		s.warn(
			'unsupported',
			`${clipPath(path)}: skipped: ${folders} folders deep (at most ${IMPORT_LIMITS.maxPathDepth} are read).`,
			{ file: clipPath(path) }
		);
	}
	const units: Unit[] = [];
	await findUnits(s, tree.root, units);
	yield* s.drain(true);
	let imported = 0;
	// Runs dropped without their experiment folder are read ahead like an experiment's runs.
	const runUnits = units.filter((u) => u.kind === 'run').map((u) => u.dir);
	const readAhead = new ReadAhead(runUnits);
	let runIndex = 0;
	for (const unit of units) {
		if (s.aborted) return;
		if (unit.kind === 'run') readAhead.advance(runIndex++);
		for await (const item of readUnit(s, unit)) {
			if (item.kind === 'experiment' || item.kind === 'run' || item.kind === 'logged-model') imported++;
			yield item;
		}
		readAhead.release(unit.dir);
	}
	if (s.aborted) return;
	if (imported === 0) throw nothingReadable(s);
	s.bytesDone = tree.bytesTotal;
	yield* s.drain(true);
}

function nothingReadable(s: Session): RunboardError {
	const first = s.unreadable[0];
	if (first) {
		const where = first.line === undefined ? first.file : `${first.file} line ${first.line}`;
		return new RunboardError(
			'IMPORT_CORRUPT',
			`This MLflow folder cannot be read: ${where}: ${first.message}`,
			{
				file: first.file,
				line: first.line
			}
		);
	}
	return new RunboardError(
		'IMPORT_UNRECOGNIZED',
		'No MLflow experiment or run was found: expected an mlruns folder with <experiment id>/meta.yaml and ' +
			'<experiment id>/<run id>/meta.yaml files.'
	);
}

function readUnit(s: Session, unit: Unit): AsyncGenerator<ImportItem> {
	if (unit.kind === 'experiment') return readExperiment(s, unit.dir, unit.meta);
	if (unit.kind === 'run') return readRun(s, unit.dir, undefined, unit.meta);
	return readLoggedModel(s, unit.dir, undefined, unit.meta);
}

/**
 * Finds the folders to import by walking down until a meta.yaml says what a folder is. Run and experiment folders
 * are not entered here (their readers know their layout), nor folders whose meta.yaml is something else (the
 * model registry, datasets, other tools' files).
 */
async function findUnits(s: Session, dir: Dir, units: Unit[]): Promise<void> {
	if (s.aborted) return;
	// Hidden folders inside the drop (.git, .venv, .ipynb_checkpoints) hold no runs; .trash holds deleted experiments.
	if (dir.parent?.parent !== undefined && dir.name.startsWith('.') && dir.name !== '.trash') return;
	// A tracking server's artifact store: read through the runs' mlflow-artifacts: URIs, not as runs.
	if (dir.name === 'mlartifacts') return;
	const result = await s.meta(dir);
	const file = dir.files.get('meta.yaml')?.path ?? '';
	if (result?.ok) {
		const kind = classify(result.meta);
		if (kind !== 'other') units.push({ kind, dir, meta: result.meta });
		return;
	}
	if (result && !result.empty) {
		if (looksLikeRunId(dir.name)) {
			s.unreadableFile('run-skipped', file, `${result.message}; the run was skipped.`, result.line);
		} else if (sortedDirs(dir).some((d) => looksLikeRunId(d.name))) {
			// An experiment whose own meta.yaml is broken still holds readable runs.
			s.unreadableFile(
				'file-unreadable',
				file,
				`${result.message}; its runs are imported without the experiment's name.`,
				result.line
			);
			units.push({ kind: 'experiment', dir, meta: undefined });
		} else {
			s.unreadableFile('file-unreadable', file, result.message, result.line);
		}
		return;
	}
	if (looksLikeRunId(dir.name) && ['metrics', 'params', 'tags', 'artifacts'].some((n) => dir.dirs.has(n))) {
		s.warn('meta-missing', `${dir.path}: run folder without meta.yaml (or an empty one); skipped.`, {
			file: `${dir.path}/meta.yaml`
		});
		return;
	}
	for (const child of sortedDirs(dir)) await findUnits(s, child, units);
}

async function* readExperiment(s: Session, dir: Dir, meta: YamlMap | undefined): AsyncGenerator<ImportItem> {
	const key = text(meta, 'experiment_id') || dir.name || '0';
	const inTrash = dir.parent?.name === '.trash';
	if (meta && dir.name !== '' && key !== dir.name) {
		s.warn(
			'name-content-mismatch',
			`${dir.path}/meta.yaml says experiment_id ${key}, the folder is ${dir.name}; ${key} was used.`
		);
	}
	let name = text(meta, 'name');
	if (!name) {
		name = `Experiment ${key}`;
		if (meta)
			s.warn(
				'file-unreadable',
				`${dir.path || 'experiment'}/meta.yaml has no name (cut short?); named "${name}".`
			);
	}
	const tags = await s.keyValues(dir.dirs.get('tags'), `experiment ${key}`);
	// MLflow 3.x rewrites meta.yaml with a `tags:` map when it deletes an experiment; the files stay the source.
	for (const [tagKey, value] of mapField(meta, 'tags') ?? []) {
		if (typeof value === 'string' && !tags.some((t) => t.key === tagKey)) tags.push({ key: tagKey, value });
	}
	s.bytesDone += (dir.files.get('meta.yaml')?.size ?? 0) + (dir.dirs.get('tags')?.bytes ?? 0);
	yield* s.drain();
	yield {
		kind: 'experiment',
		experiment: {
			key,
			name,
			lifecycleStage: inTrash || text(meta, 'lifecycle_stage') === 'deleted' ? 'deleted' : 'active',
			creationTime: integer(meta, 'creation_time'),
			lastUpdateTime: integer(meta, 'last_update_time'),
			artifactLocation: text(meta, 'artifact_location') ?? '',
			tags
		}
	};
	const runs = sortedDirs(dir).filter((d) => !RESERVED.has(d.name) && !d.name.startsWith('.'));
	const readAhead = new ReadAhead(runs);
	for (const [index, child] of runs.entries()) {
		if (s.aborted) return;
		readAhead.advance(index);
		yield* readRun(s, child, key);
		readAhead.release(child);
	}
	for (const model of sortedDirs(dir.dirs.get('models'))) {
		if (s.aborted) return;
		yield* readLoggedModel(s, model, key);
	}
}
