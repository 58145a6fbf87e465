// The public page API (window.runboard and `import { runboard }`), shaped like MLflow's MlflowClient.
// It validates and packs arguments, then calls the database worker; errors come back as RunboardError with a
// stable `code`. Every call waits for the database to be ready.
import type {
	AppendedMetricLines,
	ArtifactEntry,
	ArtifactRoot,
	ChartSeriesBatch,
	ChartSeriesRequest,
	MetricShape,
	DatasetInput,
	DbApi,
	DbStatus,
	ImportEntry,
	ImportFileOptions,
	ImportProgress,
	ImportReport,
	LoggedModelSummary,
	MetricSeries,
	PurgeResult,
	PushProgress,
	PushReport,
	RunColumns,
	RunsTableRequest,
	RunsTableResponse,
	RunGroupsRequest,
	RunGroupsResponse,
	SearchExperimentsRequest,
	SearchRunsRequest,
	SearchRunsResponse,
	UpdateRunRequest,
	SeriesOptions
} from '../api/db-api';
import { RunboardError, toRunboardError } from '../api/errors';
import { checkKey, checkRunId, checkStatus } from '../api/validate';
import type { Experiment, Metric, Run, RunStatus, Tag } from '../model/types';
import { exportBundle, type ExportBundleRequest } from './export-bundle';
import { exportMlruns } from './export-mlruns';
import type { MlrunsWarning } from '../exporters/mlruns';
import { fetchForImport } from './fetch-import';
import { combineReports, separateSources, type SourceOutcome } from './merge-import';
import { packMetrics, transferables, type MetricInput } from './pack';

export type TagsInput = Tag[] | Record<string, string | number | boolean>;

export interface Backend {
	/** Resolves with the API once the database is open; rejects with a coded error when it cannot be. */
	api(): Promise<DbApi>;
	/** Marks buffers to be transferred with the next call (comlink.transfer); identity in tests. */
	transfer<T>(value: T, buffers: Transferable[]): T;
	/** Wraps a callback so the worker can call it back (comlink.proxy); identity in tests. */
	proxy<T extends (...args: never[]) => unknown>(fn: T): T;
	/** Told after every successful write, so open views refresh. */
	changed(what: 'experiments' | 'runs'): void;
	/**
	 * Hands the files of an import to the parse worker, which posts the runs it reads on `port`; false when
	 * there is no parse worker (tests, or it failed to start): the database worker then reads them itself.
	 */
	parse?(port: MessagePort, entries: ImportEntry[]): Promise<boolean>;
	/** Told when an import that parse() accepted has ended (written, failed or cancelled). */
	parseDone?(): void;
}

function toTagList(tags: TagsInput | undefined): Tag[] | undefined {
	if (tags === undefined) return undefined;
	if (Array.isArray(tags)) return tags;
	if (typeof tags !== 'object' || tags === null) {
		throw new RunboardError(
			'INVALID_ARGUMENT',
			'tags must be an object {key: value} or a list of {key, value}.'
		);
	}
	return Object.entries(tags).map(([key, value]) => ({ key, value: value as string }));
}

/** A copy as a plain object: reactive proxies (Svelte state) cannot cross to the worker. */
function plainRoot(root: ArtifactRoot): ArtifactRoot {
	if (typeof root !== 'object' || root === null)
		throw new RunboardError('INVALID_ARGUMENT', 'An artifact root is {runId} or {modelId}.');
	return 'modelId' in root ? { modelId: root.modelId } : { runId: root.runId };
}

export class RunboardClient {
	constructor(private readonly backend: Backend) {}

	private async call<T>(fn: (api: DbApi) => Promise<T>, changed?: 'experiments' | 'runs'): Promise<T> {
		try {
			const result = await fn(await this.backend.api());
			if (changed) this.backend.changed(changed);
			return result;
		} catch (error) {
			throw toRunboardError(error);
		}
	}

	ready(): Promise<DbStatus> {
		return this.call((api) => api.status());
	}

	createExperiment(name: string, tags?: TagsInput): Promise<string> {
		return this.call((api) => api.createExperiment(name, toTagList(tags)), 'experiments');
	}
	getExperiment(experimentId: string): Promise<Experiment> {
		return this.call((api) => api.getExperiment(experimentId));
	}
	getExperimentByName(name: string): Promise<Experiment | null> {
		return this.call((api) => api.getExperimentByName(name));
	}
	searchExperiments(request?: SearchExperimentsRequest): Promise<Experiment[]> {
		return this.call((api) => api.searchExperiments(request));
	}
	renameExperiment(experimentId: string, newName: string): Promise<void> {
		return this.call((api) => api.renameExperiment(experimentId, newName), 'experiments');
	}
	deleteExperiment(experimentId: string): Promise<void> {
		return this.call((api) => api.deleteExperiment(experimentId), 'experiments');
	}
	restoreExperiment(experimentId: string): Promise<void> {
		return this.call((api) => api.restoreExperiment(experimentId), 'experiments');
	}
	setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
		return this.call((api) => api.setExperimentTag(experimentId, key, value), 'experiments');
	}
	deleteExperimentTag(experimentId: string, key: string): Promise<void> {
		return this.call((api) => api.deleteExperimentTag(experimentId, key), 'experiments');
	}

	createRun(request: {
		experimentId: string;
		runName?: string;
		startTime?: number;
		tags?: TagsInput;
		userId?: string;
	}): Promise<Run> {
		return this.call((api) => api.createRun({ ...request, tags: toTagList(request?.tags) }), 'runs');
	}
	getRun(runId: string): Promise<Run> {
		return this.call((api) => api.getRun(runId));
	}
	logParam(runId: string, key: string, value: string | number | boolean): Promise<void> {
		return this.logBatch(runId, { params: [{ key, value: value as string }] });
	}
	logMetric(
		runId: string,
		key: string,
		value: number,
		options: { step?: number; timestamp?: number } = {}
	): Promise<void> {
		return this.logBatch(runId, {
			metrics: [{ key, value, step: options.step, timestamp: options.timestamp }]
		});
	}
	logBatch(
		runId: string,
		batch: { metrics?: MetricInput[]; params?: TagsInput; tags?: TagsInput }
	): Promise<void> {
		return this.call(async (api) => {
			checkRunId(runId);
			if (typeof batch !== 'object' || batch === null) {
				throw new RunboardError('INVALID_ARGUMENT', 'logBatch needs {metrics?, params?, tags?}.');
			}
			const metrics = batch.metrics === undefined ? undefined : packMetrics(batch.metrics, Date.now());
			const packed = { metrics, params: toTagList(batch.params), tags: toTagList(batch.tags) };
			const sent = metrics ? this.backend.transfer(packed, transferables(metrics)) : packed;
			return api.logBatch(runId, sent);
		}, 'runs');
	}
	setTag(runId: string, key: string, value: string): Promise<void> {
		return this.call((api) => api.setTag(runId, key, value), 'runs');
	}
	deleteTag(runId: string, key: string): Promise<void> {
		return this.call((api) => api.deleteTag(runId, key), 'runs');
	}
	setTerminated(runId: string, status: RunStatus = 'FINISHED', endTime: number = Date.now()): Promise<void> {
		return this.call(async (api) => api.setTerminated(runId, checkStatus(status), endTime), 'runs');
	}
	deleteRun(runId: string): Promise<void> {
		return this.call((api) => api.deleteRun(runId), 'runs');
	}
	restoreRun(runId: string): Promise<void> {
		return this.call((api) => api.restoreRun(runId), 'runs');
	}
	/** Renames a run and/or sets its status and end time (MLflow's UpdateRun). */
	updateRun(request: UpdateRunRequest): Promise<void> {
		return this.call((api) => api.updateRun(request), 'runs');
	}
	/** Deletes runs at once; resolves with the ids that were active (hand them to restoreRuns to undo). */
	deleteRuns(runIds: string[]): Promise<string[]> {
		return this.call((api) => api.deleteRuns(runIds), 'runs');
	}
	restoreRuns(runIds: string[]): Promise<string[]> {
		return this.call((api) => api.restoreRuns(runIds), 'runs');
	}
	setTagOnRuns(runIds: string[], key: string, value: string): Promise<void> {
		return this.call((api) => api.setTagOnRuns(runIds, key, value), 'runs');
	}
	getRunInputs(runId: string): Promise<DatasetInput[]> {
		return this.call((api) => api.getRunInputs(runId));
	}
	getMetricHistory(runId: string, key: string): Promise<Metric[]> {
		return this.call(async (api) => api.getMetricHistory(checkRunId(runId), checkKey('Metric', key)));
	}
	searchRuns(request: SearchRunsRequest): Promise<SearchRunsResponse> {
		return this.call((api) => api.searchRuns(request));
	}
	/** One window of the runs table: filtered, sorted, with the values of the columns asked for (see DbApi). */
	queryRunsTable(request: RunsTableRequest): Promise<RunsTableResponse> {
		return this.call((api) => api.queryRunsTable(request));
	}
	/** One window of the runs table grouped by a param or tag (see DbApi). */
	queryRunGroups(request: RunGroupsRequest): Promise<RunGroupsResponse> {
		return this.call((api) => api.queryRunGroups(request));
	}
	/** Every run id the runs table's filter matches, in its order. */
	queryRunIds(request: Omit<RunsTableRequest, 'offset' | 'limit' | 'columns'>): Promise<string[]> {
		return this.call((api) => api.queryRunIds(request));
	}
	/** The param, metric and tag keys of an experiment's runs, with how many runs have each. */
	listRunColumns(
		experimentIds: string[],
		lifecycle?: RunsTableRequest['lifecycle'],
		options?: { counts?: boolean }
	): Promise<RunColumns> {
		return this.call((api) => api.listRunColumns(experimentIds, lifecycle, options));
	}
	// ── Charts and Compare ──
	/** One run's metric for a chart `width` px wide: every pixel column's first/last/min/max (see DbApi). */
	getMetricSeries(runId: string, key: string, options: SeriesOptions): Promise<MetricSeries> {
		return this.call(async (api) => api.getMetricSeries(checkRunId(runId), checkKey('Metric', key), options));
	}
	/** One metric of many runs in one round trip, packed (see ChartSeriesBatch and unpackChartSeries). */
	getChartSeries(request: ChartSeriesRequest): Promise<ChartSeriesBatch> {
		return this.call(async (api) => {
			if (typeof request !== 'object' || request === null)
				throw new RunboardError('INVALID_ARGUMENT', 'getChartSeries needs {runIds, key, width}.');
			checkKey('Metric', request.key);
			return api.getChartSeries(request);
		});
	}

	/** Which of the runs' metrics have histories (line charts) and which single values (bar charts). */
	getMetricShapes(runIds: string[]): Promise<MetricShape[]> {
		return this.call((api) => api.getMetricShapes(runIds));
	}

	/** Tells the worker the page has painted its charts: it reads ahead for zooms while the page is idle. */
	chartsPainted(): Promise<void> {
		return this.call((api) => api.chartsPainted());
	}

	/**
	 * Imports files: `File`s (a folder's files keep their `webkitRelativePath`) or `{path, file}` pairs, so
	 * scripts and tests can import folders without a picker. Zips, mlruns folders and mlflow.db files.
	 */
	importFiles(
		entries: (File | ImportEntry)[],
		options: { onProgress?: (progress: ImportProgress) => void } = {}
	): Promise<ImportReport> {
		return this.call(async (api) => {
			if (!Array.isArray(entries)) {
				throw new RunboardError(
					'INVALID_ARGUMENT',
					'importFiles needs a list of File objects or {path, file} pairs.'
				);
			}
			const list = entries.map((e) =>
				e instanceof File
					? { path: e.webkitRelativePath || e.name, file: e }
					: { path: e?.path, file: e?.file }
			);
			const onProgress = options.onProgress ? this.backend.proxy(options.onProgress) : undefined;
			const valid = list.every((e) => typeof e.path === 'string' && e.file instanceof Blob);
			const sources = valid ? separateSources(list as ImportEntry[]) : undefined;
			if (!sources) return this.importSource(api, list as ImportEntry[], valid, onProgress);
			const outcomes: SourceOutcome[] = [];
			for (const entry of sources) {
				const tag = { sourceTag: entry.path };
				try {
					const report = await this.importSource(api, [entry], true, onProgress, tag);
					outcomes.push({ file: entry.path, report });
					if (report.cancelled) break;
				} catch (error) {
					outcomes.push({ file: entry.path, error: toRunboardError(error) });
				}
			}
			return combineReports(outcomes);
		}, 'experiments');
	}
	/** One source's import (a folder, a file, or files beside a folder). */
	private async importSource(
		api: DbApi,
		list: ImportEntry[],
		valid: boolean,
		onProgress: ((progress: ImportProgress) => void) | undefined,
		options?: ImportFileOptions
	): Promise<ImportReport> {
		// Two workers when possible: the files go straight to the parse worker (never through the database
		// worker), which reads while the database worker writes; they talk over their own channel.
		// Malformed entries go the one-worker way, which refuses them with INVALID_ARGUMENT as it always did.
		const channel = this.backend.parse && valid ? new MessageChannel() : undefined;
		if (channel && (await this.backend.parse?.(channel.port2, list))) {
			const port = this.backend.transfer(channel.port1, [channel.port1]);
			try {
				return await api.importFromPort(port, onProgress, options);
			} finally {
				this.backend.parseDone?.();
			}
		}
		return api.importFiles(list, onProgress, options);
	}
	/**
	 * Fetches a file from a URL (https, or http on localhost) and imports it. `onDownload` reports the bytes read
	 * (and the total when the host gives it); `signal` cancels the download (INVALID_STATE, reason 'cancelled') or,
	 * once importing, the import after the run being written.
	 */
	async importUrl(
		url: string,
		options: {
			onProgress?: (progress: ImportProgress) => void;
			onDownload?: (done: number, total: number | null) => void;
			signal?: AbortSignal;
		} = {}
	): Promise<ImportReport> {
		const { onProgress, onDownload, signal } = options ?? {};
		const entry = await fetchForImport(url, { onBytes: onDownload, signal }).catch((error: unknown) => {
			throw toRunboardError(error);
		});
		const cancel = () => void this.cancelImport();
		signal?.addEventListener('abort', cancel, { once: true });
		try {
			return await this.importFiles([entry], { onProgress });
		} finally {
			signal?.removeEventListener('abort', cancel);
		}
	}
	/**
	 * Adds the lines appended to a stored run's MLflow metric file (`metrics/<key>`) since it was last read, whole
	 * lines only: a watched folder (src/lib/state/watch.svelte.ts) sends only what grew.
	 */
	appendMetricLines(runId: string, key: string, bytes: Uint8Array): Promise<AppendedMetricLines> {
		return this.call((api) => api.appendMetricLines(runId, key, bytes), 'runs');
	}
	/** Imports everything from a live MLflow tracking server (REST), every metric point included. */
	importMlflowServer(
		server: { url: string; token?: string },
		options: { onProgress?: (progress: ImportProgress) => void } = {}
	): Promise<ImportReport> {
		return this.call(async (api) => {
			const onProgress = options.onProgress ? this.backend.proxy(options.onProgress) : undefined;
			const origin = typeof location === 'undefined' ? '' : location.origin;
			return api.importMlflowServer({ url: server?.url, token: server?.token, origin }, onProgress);
		}, 'experiments');
	}
	/**
	 * Sends runs to an MLflow tracking server over REST: the given runs, the runs of the given experiments, or
	 * (with neither) every run. Pushing again sends only what the server lacks. The server must allow this page's
	 * origin (`mlflow server --cors-allowed-origins <origin>`); a token is sent as `Authorization: Bearer`.
	 */
	pushToMlflow(options: {
		url: string;
		token?: string;
		runIds?: string[];
		experimentIds?: string[];
		onProgress?: (progress: PushProgress) => void;
	}): Promise<PushReport> {
		return this.call(async (api) => {
			const onProgress = options?.onProgress ? this.backend.proxy(options.onProgress) : undefined;
			const origin = typeof location === 'undefined' ? '' : location.origin;
			const { url, token, runIds, experimentIds } = options ?? {};
			const list = (ids: unknown) => (Array.isArray(ids) ? ids.map(String) : undefined);
			const request = { url, token, origin, runIds: list(runIds), experimentIds: list(experimentIds) };
			return api.pushToMlflow(request, onProgress);
		});
	}
	/** Stops a running push after the call in flight. */
	cancelPush(): Promise<void> {
		return this.call((api) => api.cancelPush());
	}
	/** Stops a running import after the run being written; what was written stays whole. */
	cancelImport(): Promise<void> {
		return this.call((api) => api.cancelImport());
	}
	// ── Artifacts ──
	/** One folder level of a run's artifacts ('' or omitted = the root): `{path, isDir, size}`, folders first. */
	listArtifacts(runId: string, dir?: string): Promise<ArtifactEntry[]> {
		return this.call((api) => api.listArtifacts({ runId }, dir));
	}
	/** A run's artifact as a Blob. */
	getArtifact(runId: string, path: string): Promise<Blob> {
		return this.call((api) => api.getArtifact({ runId }, path));
	}
	/** Stores a file (Blob/File) or text as an artifact of an active run; the same path is replaced. */
	logArtifact(runId: string, path: string, content: Blob | string): Promise<void> {
		return this.call(async (api) => {
			checkRunId(runId);
			const blob =
				typeof content === 'string' ? new Blob([content], { type: 'text/plain;charset=utf-8' }) : content;
			if (!(blob instanceof Blob))
				throw new RunboardError('INVALID_ARGUMENT', 'logArtifact needs a Blob, a File or a string.');
			return api.logArtifact(runId, path, blob);
		}, 'runs');
	}
	/** MLflow 3 logged models whose source is this run. */
	listLoggedModels(runId: string): Promise<LoggedModelSummary[]> {
		return this.call((api) => api.listLoggedModels(runId));
	}
	/** Artifacts of a run or a logged model: `{runId}` or `{modelId}`. */
	listArtifactsOf(root: ArtifactRoot, dir?: string): Promise<ArtifactEntry[]> {
		return this.call((api) => api.listArtifacts(plainRoot(root), dir));
	}
	/** Every file at or below a folder of a run or a logged model. */
	listArtifactFilesOf(root: ArtifactRoot, dir?: string): Promise<ArtifactEntry[]> {
		return this.call((api) => api.listArtifactFiles(plainRoot(root), dir));
	}
	getArtifactOf(root: ArtifactRoot, path: string): Promise<Blob> {
		return this.call((api) => api.getArtifact(plainRoot(root), path));
	}

	/** How many deleted runs and experiments are still stored. */
	countDeleted(): Promise<{ runs: number; experiments: number }> {
		return this.call((api) => api.countDeleted());
	}
	/** Removes deleted runs and experiments for good (MLflow's `gc`): this is what frees space. */
	purgeDeleted(): Promise<PurgeResult> {
		return this.call((api) => api.purgeDeleted(), 'experiments');
	}

	/**
	 * Runs as one run bundle file (docs/bundle-format.md): the runs named, every run of the experiments named, or
	 * everything when neither is given (deleted runs included), with every point, artifact and logged model.
	 */
	exportBundle(request?: ExportBundleRequest): Promise<Blob> {
		return this.call(async (api) => (await exportBundle(api, request)).blob);
	}

	/**
	 * The same runs as an mlruns/ tree in a zip, which MLflow's file store reads (docs/formats.md §1.13). Values
	 * MLflow cannot store are left out and listed in `warnings` (and in a text file in the zip).
	 */
	exportMlruns(request?: ExportBundleRequest): Promise<{ blob: Blob; warnings: MlrunsWarning[] }> {
		return this.call(async (api) => {
			const { blob, warnings } = await exportMlruns(api, request);
			return { blob, warnings };
		});
	}

	/** SQLite's PRAGMA integrity_check: "ok" for a healthy database. */
	integrityCheck(): Promise<string> {
		return this.call((api) => api.integrityCheck());
	}
}
