// One run folder → one ImportedRun: meta.yaml, params/, tags/, metrics/ (streamed), inputs/ and artifacts/.
import type { PackedMetrics } from '../../api/db-api';
import { RUN_NAME_TAG, type Tag } from '../../model/types';
import type { ImportItem, SourceFile } from '../types';
import { isRunId, shortId } from './ids';
import { readInputs, runArtifacts } from './links';
import { classify, integer, runStatus, text, type YamlMap } from './meta';
import { MetricPacker, newStats, readMetricFile, type MetricFileStats } from './metrics';
import type { Session } from './session';
import { filesBelow, type Dir } from './tree';

/** Keys of every MLflow version's run meta.yaml. */
const EXPECTED_RUN_KEYS = ['start_time', 'status', 'user_id'];

/**
 * Reads the run in `dir`. `experimentKey` is the enclosing experiment's key, or undefined when the run was
 * dropped without its experiment folder (then the meta.yaml's experiment_id decides).
 */
export async function* readRun(
	s: Session,
	dir: Dir,
	experimentKey: string | undefined,
	given?: YamlMap
): AsyncGenerator<ImportItem> {
	const meta = given ?? (await runMeta(s, dir));
	if (!meta) return;
	const runId = resolveRunId(s, dir, meta);
	if (!runId) return;
	const owner = `run ${shortId(runId)}`;
	const started = s.bytesDone;
	// Keys are written sorted and user_id is the last one: without it the file was cut short (an interrupted
	// copy, a crash mid-write), so say which fields were guessed.
	if (!meta.has('user_id')) {
		const missing = EXPECTED_RUN_KEYS.filter((k) => !meta.has(k)).join(', ');
		const file = dir.files.get('meta.yaml')?.path;
		s.warn('file-unreadable', `${owner}: meta.yaml has no ${missing} (cut short?); defaults used.`, {
			runId,
			file
		});
	}
	const params = await s.keyValues(dir.dirs.get('params'), owner, runId);
	const tags = await s.keyValues(dir.dirs.get('tags'), owner, runId);
	const packer = new MetricPacker();
	yield* readRunMetrics(s, dir, runId, packer, started);
	const metrics: PackedMetrics = packer.build();
	const inputs = await readInputs(s, dir, runId);
	const artifactUri = text(meta, 'artifact_uri') ?? '';
	const artifacts = runArtifacts(s, dir, artifactUri, runId);
	const status = statusOf(s, meta, runId);
	s.bytesDone = started + dir.bytes;
	yield* s.drain();
	if (s.aborted) return;
	yield {
		kind: 'run',
		run: {
			experimentKey: experimentKey ?? text(meta, 'experiment_id') ?? dir.parent?.name ?? '0',
			runId,
			runName: runName(meta, tags, runId),
			status,
			startTime: integer(meta, 'start_time'),
			endTime: integer(meta, 'end_time'),
			lifecycleStage: text(meta, 'lifecycle_stage') === 'deleted' ? 'deleted' : 'active',
			userId: text(meta, 'user_id') ?? '',
			artifactUri,
			params,
			tags,
			metrics,
			inputs,
			artifacts
		}
	};
}

async function runMeta(s: Session, dir: Dir): Promise<YamlMap | undefined> {
	const result = await s.meta(dir);
	const file = dir.files.get('meta.yaml')?.path ?? `${dir.path}/meta.yaml`;
	if (!result || (!result.ok && result.empty)) {
		s.warn(
			'meta-missing',
			`${dir.path || 'run folder'}: no meta.yaml (or an empty one); the folder was skipped.`,
			{
				file
			}
		);
		return undefined;
	}
	if (!result.ok) {
		s.unreadableFile('run-skipped', file, `${result.message}; the run was skipped.`, result.line);
		return undefined;
	}
	if (classify(result.meta) !== 'run') {
		s.warn('run-skipped', `${file}: not an MLflow run meta.yaml (no run_id or artifact_uri); skipped.`, {
			file
		});
		return undefined;
	}
	return result.meta;
}

/** docs/formats.md §1.5: prefer the folder name (metrics and artifacts live there), then run_id, then run_uuid. */
function resolveRunId(s: Session, dir: Dir, meta: YamlMap): string | undefined {
	const folder = dir.name.toLowerCase();
	const written = (text(meta, 'run_id') || text(meta, 'run_uuid'))?.toLowerCase();
	const file = dir.files.get('meta.yaml')?.path;
	if (isRunId(folder)) {
		if (written !== undefined && written !== folder) {
			s.warn(
				'name-content-mismatch',
				`run ${shortId(folder)}: meta.yaml says run_id ${written}; the folder name was used.`,
				{
					runId: folder,
					file
				}
			);
		}
		return folder;
	}
	if (written !== undefined && isRunId(written)) {
		if (dir.name !== '') {
			s.warn(
				'name-content-mismatch',
				`${dir.path}: folder is not named after its run_id ${written}; run_id was used.`,
				{
					runId: written,
					file
				}
			);
		}
		return written;
	}
	s.warn(
		'run-skipped',
		`${dir.path || 'run folder'}: no valid run id (32 hex characters) in the folder name or meta.yaml.`,
		{
			file
		}
	);
	return undefined;
}

function runName(meta: YamlMap, tags: Tag[], runId: string): string {
	return (
		text(meta, 'run_name') ||
		tags.find((t) => t.key === RUN_NAME_TAG)?.value ||
		text(meta, 'name') ||
		runId.slice(0, 8)
	);
}

function statusOf(s: Session, meta: YamlMap, runId: string) {
	const status = runStatus(meta);
	if (status) return status;
	s.warn(
		'unsupported',
		`run ${shortId(runId)}: unknown status '${text(meta, 'status')}'; imported as RUNNING.`,
		{ runId }
	);
	return 'RUNNING' as const;
}

async function* readRunMetrics(
	s: Session,
	dir: Dir,
	runId: string,
	packer: MetricPacker,
	started: number
): AsyncGenerator<ImportItem> {
	let streamed = 0;
	// Small metric files are fetched all at once, in parallel: each read of a dropped File is a round trip to the
	// browser's blob store, and one at a time they dominated folder imports. Large files still stream.
	const entries = [...filesBelow(dir.dirs.get('metrics'))].map(({ key, file }) => ({
		key,
		file: file.size <= PREFETCH_BYTES ? prefetched(file) : file
	}));
	for (const { key, file } of entries) {
		let keyId: number | undefined;
		const stats = newStats();
		try {
			for await (const bytes of readMetricFile(file, stats, (p) => {
				keyId ??= packer.keyId(key);
				packer.push(keyId, p.value, p.step, p.timestamp);
			})) {
				streamed += bytes;
				s.bytesDone = started + streamed;
				yield* s.drain();
				if (s.aborted) return;
			}
		} catch (error) {
			// The points read before the failure are kept; the report says where it stopped.
			const why = `could not be read to the end (${(error as Error)?.message ?? error})`;
			s.unreadableFile('file-unreadable', file.path, why, undefined, runId);
		}
		reportMetricFile(s, runId, key, file.path, stats, 'run');
	}
}

const PREFETCH_BYTES = 4 * 1024 * 1024;

/** The same file, its bytes requested now; stream() serves them from memory once they arrive. */
function prefetched(file: SourceFile): SourceFile {
	const bytes = file.bytes();
	bytes.catch(() => undefined); // read errors surface when the stream is consumed
	return {
		path: file.path,
		size: file.size,
		bytes: () => bytes,
		stream: () =>
			new ReadableStream<Uint8Array>({
				async start(controller) {
					try {
						controller.enqueue(await bytes);
						controller.close();
					} catch (error) {
						controller.error(error);
					}
				}
			})
	};
}

export function reportMetricFile(
	s: Session,
	runId: string,
	key: string,
	path: string,
	stats: MetricFileStats,
	owner: 'run' | 'model'
): void {
	const who = owner === 'run' ? `run ${shortId(runId)}` : `logged model ${runId}`;
	for (const u of stats.unparsed) {
		s.warn(
			'metric-line-unparsed',
			`${who}: metrics/${key} line ${u.lineNo}: '${u.text}' ${u.reason}; line skipped.`,
			{
				runId: owner === 'run' ? runId : undefined,
				file: path
			}
		);
	}
	const more = stats.unparsedCount - stats.unparsed.length;
	if (more > 0) {
		s.warn('metric-line-unparsed', `${who}: metrics/${key}: ${more} more unparsable line(s) skipped.`, {
			runId: owner === 'run' ? runId : undefined,
			file: path
		});
	}
	if (owner !== 'run') return;
	const odd = [...stats.fieldCounts].filter(([n]) => n === 4 || n > 5);
	if (odd.length > 0) {
		const lines = odd.reduce((sum, [, c]) => sum + c, 0);
		const counts = odd.map(([n]) => n).join('/');
		s.warn(
			'unsupported',
			`${who}: metrics/${key}: ${lines} line(s) with ${counts} fields (MLflow itself refuses these); ` +
				'timestamp, value and step were imported.',
			{ runId, file: path }
		);
	}
}
