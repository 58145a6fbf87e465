// One import: expand archives, pick the importer, then write what it yields as it yields it — each run in its
// own transaction with its artifacts, so a failure or a cancel leaves only whole runs — and report.
// The reading half (openImport, prepareItems) is shared with the parse worker; writeItems is the writing half.
import { RunboardError, toRunboardError } from '$lib/api/errors';
import type { ImportProgress, ImportReport } from '$lib/api/db-api';
import type { Importer, ImportWarning, SourceFile } from '$lib/importers/types';
import { deleteArtifacts, writeArtifact } from '../artifacts';
import { BATCH_POINTS, commitBatch, inBatch } from '../batch';
import { resolveExperiment, writeRun } from '../ingest';
import type { Conn } from '../sql';
import { openImport } from './detect';
import type { ReadyItem, ReadyModel } from './prepare';
import { ReportBuilder } from './report';

export interface ImportOptions {
	signal: AbortSignal;
	onProgress?: (progress: ImportProgress) => void;
	now: () => number;
}

function jsonSafe(value: number): number | string {
	return Number.isFinite(value) ? value : String(value);
}

/** The first progress of a file import: detection can take a while (a large zip's directory, a database). */
export function reportDetecting(options: ImportOptions): void {
	options.onProgress?.({
		phase: 'detecting',
		bytesDone: 0,
		bytesTotal: 0,
		megabytesPerSecond: 0,
		runsWritten: 0
	});
}

export async function runImport(
	conn: Conn,
	importers: Importer[],
	input: SourceFile[],
	options: ImportOptions
): Promise<ImportReport> {
	reportDetecting(options);
	const opened = await openImport(importers, input, options.signal);
	return writeItems(conn, opened.format, opened.items, { ...options, ...opened });
}

export interface WriteOptions extends ImportOptions {
	source: { kind: string; ref: string };
	bytesTotal: number;
	warnings?: ImportWarning[];
}

/** Writes what an importer yields, as it yields it. Shared by file imports and live-server imports. */
export async function writeItems(
	conn: Conn,
	format: { id: string; label: string },
	items: AsyncIterable<ReadyItem>,
	options: WriteOptions
): Promise<ImportReport> {
	const { db } = conn;
	const started = options.now();
	const report = new ReportBuilder(started);
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
	try {
		for await (const item of items) {
			if (options.signal.aborted) break;
			if (item.kind === 'experiment') {
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
			} else if (item.kind === 'run') {
				const run = item.run;
				const experimentPk = experimentFor(run.experimentKey);
				const artifacts = run.artifacts;
				inBatch(db, () => writeRun(conn, experimentPk, run, options.source));
				pendingPoints += run.metrics.values.length;
				if (pendingPoints >= BATCH_POINTS) {
					commitBatch(db);
					pendingPoints = 0;
				}
				report.runsWritten++;
				report.metricPoints += run.metrics.values.length;
				report.artifactFiles += artifacts.length;
				report.artifactBytes += artifacts.reduce((s, a) => s + a.size, 0);
				progress('reading');
			} else if (item.kind === 'logged-model') {
				const experimentPk = experimentFor(item.model.experimentKey);
				const artifacts = item.model.artifacts;
				inBatch(db, () => writeLoggedModel(conn, experimentPk, item.model));
				report.loggedModels++;
				report.artifactFiles += artifacts.length;
				report.artifactBytes += artifacts.reduce((s, a) => s + a.size, 0);
			} else if (item.kind === 'warning') {
				report.warn(item.warning);
			} else {
				bytesDone = item.bytesDone;
				progress('reading');
			}
		}
	} catch (error) {
		commitBatch(db);
		if (options.signal.aborted && (error as Error)?.name === 'AbortError') return report.build(format, true);
		const e = toRunboardError(error);
		const kept = report.runsWritten
			? ` ${report.runsWritten} run${report.runsWritten === 1 ? ' was' : 's were'} imported completely before this error.`
			: ' Nothing was imported.';
		throw new RunboardError(e.code, `${e.message}${kept}`, { ...e.details, runsWritten: report.runsWritten });
	}
	commitBatch(db);
	bytesDone = options.bytesTotal;
	progress('done', true);
	return report.build(format, options.signal.aborted);
}

function writeLoggedModel(conn: Conn, experimentPk: number, m: ReadyModel): void {
	deleteArtifacts(conn.db, { modelId: m.modelId });
	conn.db.exec({
		sql: `INSERT OR REPLACE INTO logged_models(model_id, experiment_id, name, source_run_uuid, status, creation_time,
				params, tags, metrics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		bind: [
			m.modelId,
			experimentPk,
			m.name,
			m.sourceRunId,
			m.status,
			m.creationTime,
			JSON.stringify(m.params),
			JSON.stringify(m.tags),
			JSON.stringify(m.metrics.map((x) => ({ ...x, value: jsonSafe(x.value) })))
		]
	});
	for (const file of m.artifacts) writeArtifact(conn.db, { modelId: m.modelId }, file);
}
