// One import: expand archives, pick the importer, then write what it yields as it yields it — each run in its
// own transaction with its artifacts, so a failure or a cancel leaves only whole runs — and report.
import { RunboardError, toRunboardError } from '$lib/api/errors';
import type { ImportProgress, ImportReport } from '$lib/api/db-api';
import { IMPORT_LIMITS } from '$lib/importers/limits';
import type {
	ImportedArtifact,
	ImportedLoggedModel,
	Importer,
	ImportItem,
	ImportWarning,
	SourceFile
} from '$lib/importers/types';
import { formatBytes } from '$lib/artifacts/bytes';
import { artifactPathProblem } from '$lib/artifacts/paths';
import { deleteArtifacts, readChunks, writeArtifact, type ChunkedFile } from '../artifacts';
import { BATCH_POINTS, commitBatch, inBatch } from '../batch';
import { resolveExperiment, writeRun } from '../ingest';
import type { Conn } from '../sql';
import { chooseImporter, expandArchives } from './detect';
import { ReportBuilder } from './report';

export interface ImportOptions {
	signal: AbortSignal;
	onProgress?: (progress: ImportProgress) => void;
	now: () => number;
}

function jsonSafe(value: number): number | string {
	return Number.isFinite(value) ? value : String(value);
}

export async function runImport(
	conn: Conn,
	importers: Importer[],
	input: SourceFile[],
	options: ImportOptions
): Promise<ImportReport> {
	options.onProgress?.({
		phase: 'detecting',
		bytesDone: 0,
		bytesTotal: 0,
		megabytesPerSecond: 0,
		runsWritten: 0
	});
	const expanded = await expandArchives(input);
	const importer = await chooseImporter(importers, expanded.files);
	const items = importer.read(expanded.files, {
		signal: options.signal,
		maxArtifactBytes: IMPORT_LIMITS.maxArtifactBytes
	});
	const source = { kind: importer.id, ref: input[0]?.path.split('/')[0] ?? '' };
	const bytesTotal = expanded.files.reduce((sum, f) => sum + f.size, 0);
	return writeItems(conn, importer, items, { ...options, source, bytesTotal, warnings: expanded.warnings });
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
	items: AsyncGenerator<ImportItem>,
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
	let artifactBudget = IMPORT_LIMITS.maxArtifactBytes;

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

	// Bytes are read as 1 MiB chunks: a 100 MB artifact never becomes one buffer.
	const readArtifacts = async (owner: string, artifacts: ImportedArtifact[]) => {
		const out: ChunkedFile[] = [];
		for (const a of artifacts) {
			const problem = artifactPathProblem(a.path);
			if (problem) {
				report.warn({
					kind: 'unsupported',
					message: `${owner}: artifact "${a.path}" was not stored: ${problem}`
				});
				continue;
			}
			if (a.file.size > IMPORT_LIMITS.maxArtifactFileBytes || a.file.size > artifactBudget) {
				const cap =
					a.file.size > IMPORT_LIMITS.maxArtifactFileBytes
						? `the cap for one file is ${formatBytes(IMPORT_LIMITS.maxArtifactFileBytes)}`
						: `the cap of ${formatBytes(IMPORT_LIMITS.maxArtifactBytes)} per import is reached`;
				report.warn({
					kind: 'artifacts-over-cap',
					message: `${owner}: ${a.path} (${formatBytes(a.file.size)}) was not stored: ${cap}.`
				});
				continue;
			}
			const chunks = await readChunks(a.file.stream());
			const size = chunks.reduce((sum, c) => sum + c.byteLength, 0);
			artifactBudget -= size;
			out.push({ path: a.path, size, chunks });
		}
		return out;
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
				const artifacts = await readArtifacts(`run ${run.runId}`, run.artifacts);
				inBatch(db, () => writeRun(conn, experimentPk, { ...run, artifacts }, options.source));
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
				const artifacts = await readArtifacts(`logged model ${item.model.modelId}`, item.model.artifacts);
				inBatch(db, () => writeLoggedModel(conn, experimentPk, item.model, artifacts));
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

function writeLoggedModel(
	conn: Conn,
	experimentPk: number,
	m: ImportedLoggedModel,
	artifacts: ChunkedFile[]
): void {
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
	for (const file of artifacts) writeArtifact(conn.db, { modelId: m.modelId }, file);
}
