// The database API: the one implementation of DbApi, run inside the worker and, in tests, in Node against
// sqlite-wasm's node build. Every write is one transaction: a failed call leaves nothing behind.
import { RunboardError } from '$lib/api/errors';
import type { ArtifactRoot, DbApi, DbStatus, PackedBatch, StorageMode } from '$lib/api/db-api';
import {
	checkExperimentId,
	checkInteger,
	checkKey,
	checkName,
	checkRunId,
	checkStatus,
	LIMITS,
	tagLimit,
	toStringValue
} from '$lib/api/validate';
import type { Tag } from '$lib/model/types';
import * as experiments from './experiments';
import { createImporters } from '$lib/importers';
import { IMPORT_LIMITS } from '$lib/importers/limits';
import { formatBytes } from '$lib/artifacts/bytes';
import { artifactPathProblem, normalizeDir } from '$lib/artifacts/paths';
import * as artifacts from './artifacts';
import * as purge from './purge';
import type { ArtifactOwner } from './artifacts';
import { commitBatch, transaction } from './batch';
import { rawInsertFloor } from './bench';
import { readMlflowServer } from '$lib/importers/mlflow-rest/read';
import { sourceFilesOf } from '../import/detect';
import { importFromPort } from './import/from-port';
import { prepareItems } from '../import/prepare';
import { singly } from './import/chunks';
import { runImport } from './import/run-import';
import { writeItems } from './import/write-items';
import { insertMetrics, metricHistory } from './metrics';
import { chartSeries } from './charts/batch';
import { metricSeries } from './charts/series';
import { migrate } from './migrations';
import * as runs from './runs';
import { searchRuns } from './search';
import { one, type Conn } from './sql';
import { createChartWarmup, type WarmSeries } from './charts/warmup';

export interface DbApiOptions {
	mode: StorageMode;
	fallbackReason?: string;
	/** Called by close(): release the storage (e.g. pause the OPFS pool) so another tab can open it. */
	onClose?: () => void;
	now?: () => number;
	/** Read series drawn from summaries whole while idle (the worker; tests leave it off to stay deterministic). */
	warmCharts?: boolean;
}

function checkTags(what: string, tags: unknown): Tag[] {
	if (tags === undefined) return [];
	if (!Array.isArray(tags))
		throw new RunboardError('INVALID_ARGUMENT', `${what} must be a list of {key, value}.`);
	return tags.map((t: { key?: unknown; value?: unknown }) => {
		const key = checkKey('Tag', t?.key);
		return { key, value: toStringValue('Tag', key, t?.value, tagLimit(key)) };
	});
}

function checkArtifactPath(path: unknown): string {
	const problem = artifactPathProblem(path);
	if (problem)
		throw new RunboardError('INVALID_ARGUMENT', `Artifact path ${JSON.stringify(path)}: ${problem}`);
	return path as string;
}

function checkDir(dir: unknown): string {
	const checked = normalizeDir(dir);
	if (checked === null)
		throw new RunboardError(
			'INVALID_ARGUMENT',
			`Artifact folder ${JSON.stringify(dir)} is not a relative path.`
		);
	return checked;
}

export function createDbApi(conn: Conn, options: DbApiOptions): DbApi {
	const { db, sqlite3 } = conn;
	const now = options.now ?? (() => Date.now());
	db.exec('PRAGMA trusted_schema = OFF');
	// 32 MiB of page cache (the default is 2 MiB): a chart of 100 long series reads ~20 MiB of block summaries,
	// and zooming reads them again.
	db.exec('PRAGMA cache_size = -32768');
	const schemaVersion = migrate(db);
	const tx = <T>(fn: () => T): T => transaction(db, fn);
	const importers = createImporters(sqlite3);
	let currentImport: AbortController | undefined;
	const warmup = options.warmCharts ? createChartWarmup(conn) : undefined;

	const api: DbApi = {
		async status(): Promise<DbStatus> {
			const pages = Number(db.selectValue('PRAGMA page_count'));
			const pageSize = Number(db.selectValue('PRAGMA page_size'));
			return {
				mode: options.mode,
				fallbackReason: options.fallbackReason,
				sqliteVersion: sqlite3.version.libVersion,
				schemaVersion,
				databaseBytes: pages * pageSize
			};
		},

		async createExperiment(name, tags) {
			const checked = checkName('Experiment name', name);
			const tagList = checkTags('Experiment tags', tags);
			return tx(() => experiments.createExperiment(db, checked, tagList, now()));
		},
		async getExperiment(experimentId) {
			return experiments.getExperiment(db, checkExperimentId(experimentId));
		},
		async getExperimentByName(name) {
			return experiments.getExperimentByName(db, checkName('Experiment name', name));
		},
		async searchExperiments(request) {
			return experiments.searchExperiments(db, request);
		},
		async listExperimentSummaries(viewType) {
			return experiments.listExperimentSummaries(db, viewType);
		},
		async renameExperiment(experimentId, newName) {
			const id = checkExperimentId(experimentId);
			const name = checkName('Experiment name', newName);
			tx(() => experiments.renameExperiment(db, id, name, now()));
		},
		async deleteExperiment(experimentId) {
			const id = checkExperimentId(experimentId);
			tx(() => experiments.setExperimentLifecycle(db, id, 'deleted', now()));
		},
		async restoreExperiment(experimentId) {
			const id = checkExperimentId(experimentId);
			tx(() => experiments.setExperimentLifecycle(db, id, 'active', now()));
		},
		async setExperimentTag(experimentId, key, value) {
			const pk = experiments.experimentPk(db, checkExperimentId(experimentId));
			const k = checkKey('Tag', key);
			const v = toStringValue('Tag', k, value, tagLimit(k));
			tx(() => experiments.setExperimentTag(db, pk, k, v, now()));
		},

		async createRun(request) {
			if (typeof request !== 'object' || request === null) {
				throw new RunboardError(
					'INVALID_ARGUMENT',
					'createRun needs {experimentId, runName?, startTime?, tags?}.'
				);
			}
			const experimentId = checkExperimentId(request.experimentId);
			const runName = request.runName === undefined ? undefined : checkName('Run name', request.runName);
			const startTime =
				request.startTime === undefined ? undefined : checkInteger('startTime', request.startTime);
			const tags = checkTags('Run tags', request.tags);
			return tx(() => runs.createRun(db, { ...request, experimentId, runName, startTime }, tags, now()));
		},
		async getRun(runId) {
			const ref = runs.runRef(db, checkRunId(runId));
			return runs.loadRuns(db, [ref.pk])[0] as NonNullable<ReturnType<typeof runs.loadRuns>[0]>;
		},
		async logBatch(runId, batch: PackedBatch) {
			const id = checkRunId(runId);
			const params = (batch.params ?? []).map((p) => {
				const key = checkKey('Param', p?.key);
				return { key, value: toStringValue('Param', key, p?.value, LIMITS.paramValueLength) };
			});
			const tags = checkTags('Tags', batch.tags);
			if (batch.metrics) batch.metrics.keys.forEach((k) => checkKey('Metric', k));
			tx(() => {
				const ref = runs.activeRunRef(db, id);
				for (const p of params) logParam(ref.pk, id, p);
				for (const t of tags) runs.upsertTag(db, ref.pk, t.key, t.value);
				if (batch.metrics) insertMetrics(conn, ref.pk, batch.metrics);
			});
		},
		async setTag(runId, key, value) {
			const id = checkRunId(runId);
			const k = checkKey('Tag', key);
			const v = toStringValue('Tag', k, value, tagLimit(k));
			tx(() => runs.upsertTag(db, runs.activeRunRef(db, id).pk, k, v));
		},
		async deleteTag(runId, key) {
			const id = checkRunId(runId);
			const k = checkKey('Tag', key);
			tx(() => runs.deleteTag(db, id, k));
		},
		async setTerminated(runId, status, endTime) {
			const id = checkRunId(runId);
			const s = checkStatus(status);
			const end = checkInteger('endTime', endTime);
			tx(() => runs.setTerminated(db, id, s, end));
		},
		async deleteRun(runId) {
			const id = checkRunId(runId);
			tx(() => runs.setRunLifecycle(db, id, 'deleted', now()));
		},
		async restoreRun(runId) {
			const id = checkRunId(runId);
			tx(() => runs.setRunLifecycle(db, id, 'active', now()));
		},
		async getMetricHistory(runId, key) {
			const ref = runs.runRef(db, checkRunId(runId));
			return metricHistory(db, ref.pk, checkKey('Metric', key));
		},
		async getMetricSeries(runId, key, options) {
			const ref = runs.runRef(db, checkRunId(runId));
			const width = checkInteger('width', options?.width);
			if (width < 1 || width > 100_000)
				throw new RunboardError('INVALID_ARGUMENT', 'width must be 1–100,000 pixels.');
			return metricSeries(conn, ref.pk, checkKey('Metric', key), { ...options, width });
		},
		// ── Charts and Compare ──
		async getChartSeries(request) {
			if (!Array.isArray(request?.runIds) || request.runIds.some((id) => typeof id !== 'string'))
				throw new RunboardError('INVALID_ARGUMENT', 'getChartSeries needs runIds: a list of run ids.');
			if (request.runIds.length > 1000)
				throw new RunboardError('INVALID_ARGUMENT', 'getChartSeries draws at most 1,000 runs at once.');
			const width = checkInteger('width', request.width);
			if (width < 1 || width > 100_000)
				throw new RunboardError('INVALID_ARGUMENT', 'width must be 1–100,000 pixels.');
			const notCached: WarmSeries[] = [];
			const batch = chartSeries(conn, { ...request, key: checkKey('Metric', request.key), width }, notCached);
			warmup?.warm(notCached);
			return batch;
		},
		async chartsPainted() {
			warmup?.painted();
		},

		async searchRuns(request) {
			return searchRuns(db, request);
		},
		async importFiles(entries, onProgress) {
			const files = sourceFilesOf(entries);
			return exclusiveImport((signal) => runImport(conn, importers, files, { signal, onProgress, now }));
		},
		async importFromPort(port, onProgress) {
			if (!(port instanceof MessagePort))
				throw new RunboardError('INVALID_ARGUMENT', 'importFromPort needs a MessagePort.');
			return exclusiveImport(
				(signal) => importFromPort(conn, port, { signal, onProgress, now }),
				() => {
					port.postMessage({ type: 'cancel' });
					port.close();
				}
			);
		},
		async importMlflowServer(server, onProgress) {
			if (typeof server?.url !== 'string')
				throw new RunboardError('INVALID_ARGUMENT', 'importMlflowServer needs {url}.');
			return exclusiveImport((signal) => {
				const read = readMlflowServer(server, { signal, maxArtifactBytes: IMPORT_LIMITS.maxArtifactBytes });
				const format = { id: 'mlflow-server', label: 'MLflow tracking server' };
				return writeItems(conn, format, singly(prepareItems(read)), {
					signal,
					onProgress,
					now,
					source: { kind: 'mlflow-server', ref: server.url },
					bytesTotal: 0
				});
			});
		},
		async cancelImport() {
			currentImport?.abort();
		},

		// ── Artifacts ──
		async listArtifacts(root, dir) {
			return artifacts.listArtifacts(db, artifactOwner(root), checkDir(dir));
		},
		async listArtifactFiles(root, dir) {
			return artifacts.listFilesBelow(db, artifactOwner(root), checkDir(dir));
		},
		async getArtifact(root, path) {
			return artifacts.readArtifact(db, artifactOwner(root), checkArtifactPath(path));
		},
		async logArtifact(runId, path, content) {
			const id = checkRunId(runId);
			const checked = checkArtifactPath(path);
			if (!(content instanceof Blob))
				throw new RunboardError('INVALID_ARGUMENT', 'logArtifact needs the content as a Blob or text.');
			const cap = IMPORT_LIMITS.maxArtifactFileBytes;
			if (content.size > cap) {
				throw new RunboardError(
					'INVALID_ARGUMENT',
					`Artifact "${checked}" is ${formatBytes(content.size)}; one artifact may be at most ${formatBytes(cap)}.`,
					{ size: content.size, cap }
				);
			}
			runs.activeRunRef(db, id);
			// Read before the transaction: awaiting inside it would let other calls interleave with it.
			const chunks = await artifacts.blobChunks(content);
			tx(() => {
				const ref = runs.activeRunRef(db, id);
				artifacts.writeArtifact(db, { runPk: ref.pk }, { path: checked, size: content.size, chunks });
			});
		},
		async listLoggedModels(runId) {
			const id = checkRunId(runId);
			runs.runRef(db, id);
			return artifacts.loggedModelsOfRun(db, id);
		},

		async exportDatabase() {
			return sqlite3.capi.sqlite3_js_db_export(db.pointer as number);
		},
		async deleteAllData() {
			const tables = db.selectValues(
				"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
			) as string[];
			tx(() => {
				for (const t of tables) db.exec(`DROP TABLE IF EXISTS "${t.replaceAll('"', '""')}"`);
				db.exec('PRAGMA user_version = 0');
			});
			db.exec('VACUUM');
			migrate(db);
		},
		async countDeleted() {
			return purge.countDeleted(db);
		},
		async purgeDeleted() {
			const bytes = () =>
				Number(db.selectValue('PRAGMA page_count')) * Number(db.selectValue('PRAGMA page_size'));
			const bytesBefore = bytes();
			const removed = tx(() => purge.purgeDeleted(db));
			let compacted = true;
			try {
				db.exec('VACUUM');
			} catch {
				// VACUUM needs room for a copy of the database: on a full disk it fails and changes nothing, and
				// the pages freed above are still reused by the next writes.
				compacted = false;
			}
			return { ...removed, bytesBefore, bytesAfter: bytes(), compacted };
		},
		async rawInsertFloor(rows, rowsPerStatement = 1) {
			return rawInsertFloor(
				conn,
				checkInteger('rows', rows),
				checkInteger('rowsPerStatement', rowsPerStatement)
			);
		},
		async integrityCheck() {
			return String(db.selectValue('PRAGMA integrity_check'));
		},
		async close() {
			warmup?.stop();
			commitBatch(db);
			db.close();
			options.onClose?.();
		}
	};

	/** One import at a time: it can be cancelled, and two would interleave their batches. */
	async function exclusiveImport<T>(
		job: (signal: AbortSignal) => Promise<T>,
		refused?: () => void
	): Promise<T> {
		if (currentImport) {
			refused?.();
			throw new RunboardError('INVALID_STATE', 'An import is already running; wait for it or cancel it.');
		}
		const controller = new AbortController();
		currentImport = controller;
		try {
			return await job(controller.signal);
		} finally {
			currentImport = undefined;
		}
	}

	function artifactOwner(root: ArtifactRoot): ArtifactOwner {
		if (typeof root === 'object' && root !== null && 'modelId' in root) {
			const modelId = typeof root.modelId === 'string' ? root.modelId : '';
			if (!one(db, 'SELECT 1 AS found FROM logged_models WHERE model_id = ?', [modelId]))
				throw new RunboardError('NOT_FOUND', `There is no logged model "${modelId}".`);
			return { modelId };
		}
		return { runPk: runs.runRef(db, checkRunId((root as { runId?: unknown })?.runId)).pk };
	}

	function logParam(runPk: number, runId: string, param: Tag): void {
		const existing = one<{ value: string }>(db, 'SELECT value FROM params WHERE run_pk = ? AND key = ?', [
			runPk,
			param.key
		]);
		if (existing === undefined) {
			db.exec({
				sql: 'INSERT INTO params(run_pk, key, value) VALUES (?, ?, ?)',
				bind: [runPk, param.key, param.value]
			});
		} else if (existing.value !== param.value) {
			throw new RunboardError(
				'PARAM_CONFLICT',
				`Param "${param.key}" of run ${runId} is already "${existing.value}"; params cannot change ` +
					`(tried "${param.value}"). Log it under another key or start a new run.`,
				{ key: param.key, oldValue: existing.value, newValue: param.value }
			);
		}
	}

	return api;
}
