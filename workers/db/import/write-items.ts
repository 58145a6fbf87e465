// The writing half of an import: stores what the reader yields, as it yields it, and builds the report.
// Runs that arrive together (the reader is ahead of the writer) are written as one group in one savepoint with a
// few statements for the whole group (ingest-group.ts); if the group fails it is rolled back and its runs are
// written again one savepoint each, so a failure or a cancel leaves exactly the whole runs it left before.
// An atomic source (a run bundle, verified while it is written) is held in one batch until it says 'verified' or
// ends: committed then, or rolled back whole on a failure or a cancel before, so it imports all or nothing.
import { RunboardError } from '$lib/api/errors';
import type { ImportProgress, ImportReport } from '$lib/api/db-api';
import type { ImportWarning } from '$lib/importers/types';
import { BATCH_POINTS, batchLost, commitBatch, holdBatch, inBatch, openBatch, releaseBatch } from '../batch';
import { resolveExperiment, writeRun } from '../ingest';
import { type GroupedRun, groupable, MAX_GROUP_RUNS, writeRunGroup } from '../ingest-group';
import { writeLoggedModel } from '../models';
import { storedRun } from '../run-digests';
import type { Conn } from '../sql';
import type { ReadyItem, ReadyRun } from '../../import/prepare';
import { storageAwareError, storageMark } from '../storage-errors';
import { ReportBuilder, type Tally } from './report';
import { runDigest } from './run-digest';

/** The tag that says which dropped file a merged run came from. */
export const SOURCE_TAG = 'runboard.source';

/** What writing a run does to the store: a new run id, or a stored run replaced because its content differs. */
type Change = 'runsAdded' | 'runsUpdated';
type PendingRun = GroupedRun & { change: Change };

export interface ImportOptions {
	signal: AbortSignal;
	/** runboard.source for every run written (a merge of many dropped files); none when undefined. */
	sourceTag?: string | undefined;
	onProgress?: (progress: ImportProgress) => void;
	now: () => number;
}

export interface WriteOptions extends ImportOptions {
	source: { kind: string; ref: string };
	bytesTotal: number;
	warnings?: ImportWarning[];
	/** The source is verified while it is written (Importer.atomic): nothing is committed before it says so. */
	atomic?: boolean;
}

/**
 * Writes what an importer yields, in chunks of items that are ready together (see chunks.ts). Shared by file
 * imports (one or two workers) and live-server imports.
 */
export async function writeItems(
	conn: Conn,
	format: { id: string; label: string },
	chunks: AsyncIterable<ReadyItem[]>,
	options: WriteOptions
): Promise<ImportReport> {
	const { db } = conn;
	const started = options.now();
	const report = new ReportBuilder(started);
	const mark = storageMark();
	/** Counts what was just written into the open batch (committed with it, or lost with it). */
	const tally = (written: Partial<Tally>) => report.add(openBatch(db) ?? 0, written);
	(options.warnings ?? []).forEach((w) => report.warn(w));
	let bytesDone = 0;
	let lastProgress = 0;
	const progress = (phase: ImportProgress['phase'], force = false) => {
		const t = options.now();
		if (!options.onProgress || (!force && t - lastProgress < 100)) return;
		lastProgress = t;
		const seconds = Math.max((t - started) / 1000, 0.001);
		options.onProgress({
			phase,
			bytesDone,
			bytesTotal: options.bytesTotal,
			megabytesPerSecond: bytesDone / 1e6 / seconds,
			runsWritten: report.runsWritten
		});
	};
	const experiments = new Map<string, number>();
	const experimentFor = (key: string): number => {
		let pk = experiments.get(key);
		if (pk === undefined) {
			const name = `Imported experiment ${key}`;
			pk = inBatch(db, () => resolveExperiment(db, { name }, options.now()));
			experiments.set(key, pk);
			report.experiment(String(pk), name);
		}
		return pk;
	};

	let pendingPoints = 0;
	/** Counts a run of the source: written (added or updated), or found stored already exactly as it is. */
	const written = (run: ReadyRun, change: Change | 'runsUnchanged') => {
		tally({
			runs: 1,
			[change]: 1,
			metricPoints: run.metrics.values.length,
			artifactFiles: run.artifacts.length,
			artifactBytes: run.artifacts.reduce((s, a) => s + a.size, 0)
		});
		pendingPoints += run.metrics.values.length;
	};
	let group: PendingRun[] = [];
	const ids = new Set<string>();
	const flush = () => {
		if (group.length === 0) return;
		const runs = group;
		group = [];
		ids.clear();
		try {
			inBatch(db, () => writeRunGroup(conn, runs, options.source));
			runs.forEach((g) => written(g.run as ReadyRun, g.change));
		} catch (error) {
			// SQLite rolled back the whole batch (a full disk, an I/O error): nothing to retry into.
			if (openBatch(db) === undefined) throw error;
			// Rolled back whole: the same runs one savepoint each keep every run before the one that fails.
			for (const g of runs) {
				inBatch(db, () => writeRun(conn, g.experimentPk, g.run, options.source, g.digest));
				written(g.run as ReadyRun, g.change);
			}
		}
		if (pendingPoints >= BATCH_POINTS) {
			commitBatch(db);
			pendingPoints = 0;
		}
		progress('reading');
	};
	const tagged = (run: ReadyRun): ReadyRun => {
		const value = options.sourceTag;
		if (value === undefined) return run;
		return { ...run, tags: [...run.tags.filter((t) => t.key !== SOURCE_TAG), { key: SOURCE_TAG, value }] };
	};
	const add = (source: ReadyRun) => {
		const run = tagged(source);
		const experimentPk = experimentFor(run.experimentKey);
		// A run id seen twice in a group would be replaced by itself: the group before it is written first.
		if (ids.has(run.runId)) flush();
		// Compared with what is stored under its id (after the group holding that id was written, above).
		const digest = runDigest(experimentPk, run);
		const stored = storedRun(db, run.runId);
		if (stored?.digest === digest) {
			// Stored exactly as the source has it: not rewritten at all.
			written(run, 'runsUnchanged');
			return;
		}
		const change: Change = stored ? 'runsUpdated' : 'runsAdded';
		if (!groupable(run)) {
			flush();
			inBatch(db, () => writeRun(conn, experimentPk, run, options.source, digest));
			written(run, change);
			return;
		}
		group.push({ experimentPk, run, digest, change });
		ids.add(run.runId);
		if (group.length >= MAX_GROUP_RUNS) flush();
	};

	let held = options.atomic === true;
	if (held) holdBatch(db);
	/** Ends the hold: what was written is committed (the source is sound) or rolled back whole. */
	const release = (keep: boolean) => {
		if (!held) return;
		held = false;
		pendingPoints = 0;
		releaseBatch(db, keep);
	};
	try {
		for await (const chunk of chunks) {
			for (const item of chunk) {
				if (options.signal.aborted) break;
				if (item.kind === 'run') {
					add(item.run);
				} else if (item.kind === 'experiment') {
					flush();
					const e = item.experiment;
					const record = {
						name: e.name,
						lifecycleStage: e.lifecycleStage,
						tags: e.tags,
						artifactLocation: e.artifactLocation
					};
					const pk = inBatch(db, () => resolveExperiment(db, record, options.now()));
					experiments.set(e.key, pk);
					report.experiment(String(pk), e.name);
				} else if (item.kind === 'logged-model') {
					flush();
					const experimentPk = experimentFor(item.model.experimentKey);
					const artifacts = item.model.artifacts;
					inBatch(db, () => writeLoggedModel(db, experimentPk, item.model));
					tally({
						loggedModels: 1,
						artifactFiles: artifacts.length,
						artifactBytes: artifacts.reduce((s, a) => s + a.size, 0)
					});
				} else if (item.kind === 'warning') {
					report.warn(item.warning);
				} else if (item.kind === 'verified') {
					flush();
					release(true);
				} else {
					bytesDone = item.bytesDone;
					progress('reading');
				}
			}
			// A cancel drops the runs not yet written: only whole runs stay.
			if (options.signal.aborted) break;
			flush();
		}
		// Ended: verified whole (kept), or cancelled before it was (nothing of it kept).
		release(!options.signal.aborted);
		commitBatch(db);
	} catch (error) {
		try {
			// Not verified: all of it goes (the batch counts as lost, so the report holds none of its runs).
			release(false);
			commitBatch(db);
		} catch {
			// That batch is lost too (batchLost): the report leaves its runs out; the first error explains.
		}
		const stored = report.stored((batch) => batchLost(db, batch));
		if (options.signal.aborted && (error as Error)?.name === 'AbortError')
			return report.build(format, true, stored);
		const e = await storageAwareError(error, mark);
		const kept = stored.runs
			? ` ${stored.runs} run${stored.runs === 1 ? ' was' : 's were'} imported completely before this error.`
			: ' Nothing was imported.';
		throw new RunboardError(e.code, `${e.message}${kept}`, { ...e.details, runsWritten: stored.runs });
	}
	bytesDone = options.bytesTotal;
	progress('done', true);
	return report.build(
		format,
		options.signal.aborted,
		report.stored((batch) => batchLost(db, batch))
	);
}
