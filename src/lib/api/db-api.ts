// THE worker boundary: everything the page may ask of the database worker. The page never sees SQL.
// Every method may reject with a SerializedError (see errors.ts); the client turns it back into RunboardError.
import type { ServerLimits } from '../importers/limits';
import type {
	DatasetInput,
	Experiment,
	LoggedModelOf,
	ExperimentSummary,
	Metric,
	Run,
	RunInfo,
	RunStatus,
	Tag,
	ViewType
} from '../model/types';

/** Metric points in columns, so a million points cross the boundary as transferred typed arrays. */
export interface PackedMetrics {
	/** Distinct metric keys; keyIndex[i] points into this list. */
	keys: string[];
	keyIndex: Uint32Array;
	values: Float64Array;
	steps: Float64Array;
	timestamps: Float64Array;
}

export interface PackedBatch {
	metrics?: PackedMetrics;
	params?: Tag[];
	tags?: Tag[];
}

export interface CreateRunRequest {
	experimentId: string;
	runName?: string;
	startTime?: number;
	tags?: Tag[];
	userId?: string;
}

export interface SearchExperimentsRequest {
	viewType?: ViewType;
	/** Case-insensitive substring of the experiment name. */
	nameContains?: string;
	maxResults?: number;
}

export interface SearchRunsRequest {
	experimentIds: string[];
	/** MLflow search filter, e.g. `metrics.rmse < 0.8 and params.alpha = '0.5'`. */
	filter?: string;
	/** MLflow order_by clauses, e.g. `['metrics.rmse ASC', 'attributes.start_time DESC']`. */
	orderBy?: string[];
	runViewType?: ViewType;
	maxResults?: number;
	pageToken?: string;
}

export interface SearchRunsResponse {
	runs: Run[];
	nextPageToken?: string;
}

/** Where the data lives: 'opfs' persists; 'memory' is lost on reload (and the UI says so). */
export type StorageMode = 'opfs' | 'memory';

export interface DbStatus {
	mode: StorageMode;
	/** Why we fell back to memory, in words a person can act on. */
	fallbackReason?: string;
	sqliteVersion: string;
	schemaVersion: number;
	/** Bytes of the database file. */
	databaseBytes: number;
}

export interface PurgeResult {
	runs: number;
	experiments: number;
	/** The database file's size before and after. */
	bytesBefore: number;
	bytesAfter: number;
	/** False when the file could not be compacted (e.g. no room for VACUUM's copy): freed pages are reused. */
	compacted: boolean;
}

/**
 * THE contract between the page and the database worker, by area; workers/db/api/ implements each area in a
 * file of its own. Bench and test hooks are not part of it (bench-hooks.ts, storage-faults.ts).
 */
export interface DbApi
	extends
		StorageApi,
		ExperimentsApi,
		RunsApi,
		EditsApi,
		RunsTableApi,
		MetricsChartsApi,
		ImportsApi,
		ArtifactsApi,
		PushApi {}

/** What a person edits after the fact (MLflow's UpdateRun, DeleteExperimentTag) and edits of many runs at once. */
export interface EditsApi {
	/** Renames a run (its mlflow.runName tag follows) and/or sets its status and end time; active runs only. */
	updateRun(request: UpdateRunRequest): Promise<void>;
	deleteExperimentTag(experimentId: string, key: string): Promise<void>;
	/** Deletes the runs in one transaction; resolves with those that were active (what an Undo restores). */
	deleteRuns(runIds: string[]): Promise<string[]>;
	/** Restores the runs in one transaction; resolves with those that were deleted. */
	restoreRuns(runIds: string[]): Promise<string[]>;
	/** One tag on every run given, in one transaction (all active, or nothing is written). */
	setTagOnRuns(runIds: string[], key: string, value: string): Promise<void>;
	/** The datasets a run used (MLflow's inputs), in logging order. */
	getRunInputs(runId: string): Promise<DatasetInput[]>;
}

export interface UpdateRunRequest {
	runId: string;
	runName?: string;
	status?: RunStatus;
	endTime?: number;
}

/** The database as a whole: what and where it is, export, emptying, purging, checking, closing. */
export interface StorageApi {
	status(): Promise<DbStatus>;
	/** A consistent snapshot of the whole database as a .sqlite file. */
	exportDatabase(): Promise<Uint8Array>;
	/** Deletes every experiment and run, and starts from an empty schema. */
	deleteAllData(): Promise<void>;
	/** How many deleted runs and experiments are still stored (deleting only marks them, as in MLflow). */
	countDeleted(): Promise<{ runs: number; experiments: number }>;
	/**
	 * Removes deleted runs and experiments for good (MLflow's `gc`), with everything they own, then compacts the
	 * file when there is room to (`compacted`); the space is reusable for new data either way.
	 */
	purgeDeleted(): Promise<PurgeResult>;
	integrityCheck(): Promise<string>;
	/** Closes the database and releases the storage so another tab may open it. */
	close(): Promise<void>;
}

export interface ExperimentsApi {
	createExperiment(name: string, tags?: Tag[]): Promise<string>;
	getExperiment(experimentId: string): Promise<Experiment>;
	getExperimentByName(name: string): Promise<Experiment | null>;
	searchExperiments(request?: SearchExperimentsRequest): Promise<Experiment[]>;
	listExperimentSummaries(viewType?: ViewType): Promise<ExperimentSummary[]>;
	renameExperiment(experimentId: string, newName: string): Promise<void>;
	deleteExperiment(experimentId: string): Promise<void>;
	restoreExperiment(experimentId: string): Promise<void>;
	setExperimentTag(experimentId: string, key: string, value: string): Promise<void>;
}

export interface RunsApi {
	createRun(request: CreateRunRequest): Promise<Run>;
	getRun(runId: string): Promise<Run>;
	logBatch(runId: string, batch: PackedBatch): Promise<void>;
	setTag(runId: string, key: string, value: string): Promise<void>;
	deleteTag(runId: string, key: string): Promise<void>;
	setTerminated(runId: string, status: RunStatus, endTime: number): Promise<void>;
	deleteRun(runId: string): Promise<void>;
	restoreRun(runId: string): Promise<void>;
	getMetricHistory(runId: string, key: string): Promise<Metric[]>;
	/** One run whole, for a bundle: every point as transferred columns, artifacts listed (not read). */
	getRunRecord(runId: string): Promise<RunRecord>;
	/**
	 * Several runs whole, in the order asked: the first ones whose points reach about a million (at least one
	 * run), so a caller asks again for the rest. Every id is checked first (NOT_FOUND for one that does not exist).
	 */
	getRunRecords(runIds: string[]): Promise<RunRecord[]>;
	searchRuns(request: SearchRunsRequest): Promise<SearchRunsResponse>;
}

/**
 * The experiment page's runs table: one window of filtered, sorted runs at a time (workers/db/runs-table.ts).
 * Column ids: the attributes `runName`, `status`, `startTime`, `endTime`, `duration`, `userId`, and
 * `param:<key>`, `metric:<key>`, `tag:<key>`.
 */
export interface RunsTableRequest {
	experimentIds: string[];
	/** MLflow search filter, as for searchRuns. */
	filter?: string;
	/** Sort keys, first one first; ties end in MLflow's default order (newest first). */
	orderBy?: { column: string; descending: boolean }[];
	lifecycle?: 'active' | 'deleted' | 'all';
	offset: number;
	limit: number;
	/** The param/metric/tag columns whose values the rows carry. */
	columns?: string[];
	/** Run ids shown first (those that match), in the table's order among themselves: MLflow's pinned runs. */
	pinned?: string[];
	/**
	 * Nested runs: each child follows its parent (mlflow.parentRunId), rows carry depth and childCount, and only
	 * the children of `expanded` parents show (run ids, or 'all' but those `collapsed`). Off when absent.
	 */
	nested?: boolean;
	expanded?: string[] | 'all';
	collapsed?: string[];
}

/** The runs table grouped by a param or tag column (`param:x`, `tag:x`); runs are not nested inside groups. */
export interface RunGroupsRequest extends Omit<RunsTableRequest, 'nested' | 'expanded'> {
	groupBy: string;
	/** The groups whose runs show, by value (null: the runs without one), or 'all' but those `collapsedGroups`. */
	expandedGroups?: (string | null)[] | 'all';
	collapsedGroups?: (string | null)[];
}

/** A group's metric over its runs, NaN and missing values left out (`count` is how many had a number). */
export interface MetricStats {
	min: number;
	mean: number;
	max: number;
	count: number;
}

/** A group header row (with `groupBy`): the value, how many runs, and per metric column asked for, its stats. */
export interface RunsTableGroupRow {
	kind: 'group';
	/** The group-by column's value; null for the runs without it (the "(none)" group). */
	value: string | null;
	count: number;
	expanded: boolean;
	/** By metric column id; absent when no run of the group has a number. */
	stats: Record<string, MetricStats>;
}

/** Why a child run is shown at top level (nested view): where its parent is, or that its parents loop. */
export type DetachedReason = 'filtered' | 'deleted' | 'other-experiment' | 'missing' | 'loop';

/** One row of the table's window: a run, or (with `groupBy`) a group header. */
export type RunsTableEntry = RunsTableRow | RunsTableGroupRow;

export interface RunsTableRow {
	runId: string;
	/** Whose run it is: a table over several experiments names each run's. */
	experimentId: string;
	experimentName: string;
	runName: string;
	status: RunStatus;
	startTime: number | null;
	endTime: number | null;
	parentRunId: string | null;
	/** By column id: params and tags as text, metrics as their latest value (NaN kept); absent when missing. */
	values: Record<string, string | number>;
	kind?: 'run';
	/** Nested view: how deep under a top-level run, how many runs of the view are under it, and if they show. */
	depth?: number;
	childCount?: number;
	expanded?: boolean;
	/** Nested view: set when the run names a parent but is shown at top level, and why. */
	detached?: DetachedReason;
}

export interface RunsTableResponse {
	/** How many rows the table has (runs shown, and group rows), whatever the window. */
	total: number;
	/** How many runs match (with collapsed parents or groups, more than the rows shown). */
	runs: number;
	/** The window's first row's position in the whole order. */
	offset: number;
	rows: RunsTableRow[];
}

/** A window of the grouped table: group rows interleaved with the runs of open groups; total counts both. */
export interface RunGroupsResponse extends Omit<RunsTableResponse, 'rows'> {
	rows: RunsTableEntry[];
}

export interface RunColumnKey {
	key: string;
	/** How many of the runs have it; -1 when not counted (listRunColumns without `counts`). */
	count: number;
}

export interface RunColumns {
	runs: number;
	params: RunColumnKey[];
	metrics: RunColumnKey[];
	tags: RunColumnKey[];
	/** The contexts of the runs' dataset inputs ('' for inputs without one): a `dataset:<context>` column each. */
	datasets: RunColumnKey[];
}

export interface RunsTableApi {
	queryRunsTable(request: RunsTableRequest): Promise<RunsTableResponse>;
	/** The same table grouped: each group's header row (count, metric stats), then its runs when open. */
	queryRunGroups(request: RunGroupsRequest): Promise<RunGroupsResponse>;
	/** Every run id matching, in order: what "select all" and "Compare all" act on. */
	queryRunIds(request: Omit<RunsTableRequest, 'offset' | 'limit' | 'columns'>): Promise<string[]>;
	/**
	 * The param, metric and tag keys of the experiments' runs (of the lifecycle), for the column chooser; with
	 * `counts`, how many runs have each (a pass over every value: slower).
	 */
	listRunColumns(
		experimentIds: string[],
		lifecycle?: RunsTableRequest['lifecycle'],
		options?: { counts?: boolean }
	): Promise<RunColumns>;
}

/** Metric series for charts (workers/db/charts/). */
/** A metric key over some runs: drawn as a line chart when `maxPoints` > 1, else as a bar chart. */
export interface MetricShape {
	key: string;
	/** How many of the runs have the key. */
	runs: number;
	/** The most points one of those runs logged for it. */
	maxPoints: number;
}

export interface MetricsChartsApi {
	/**
	 * One metric's series for a chart `width` pixels wide: every point of [xMin, xMax] reduced to each pixel column's
	 * first/last/min/max (M4), x = step unless `xAxis` says otherwise. `smoothed` is the debiased EMA computed over the FULL series, then reduced
	 * at the same points. Arrays are transferred, not copied.
	 */
	getMetricSeries(runId: string, key: string, options: SeriesOptions): Promise<MetricSeries>;
	/**
	 * One metric of many runs for one chart, in one round trip: each run's series on `xAxis`, reduced per pixel
	 * column (M4) within [xMin, xMax] plus the nearest point outside each end (so lines reach the plot edges).
	 * Smoothing is computed over each FULL series. Packed in a few transferred arrays (see ChartSeriesBatch).
	 */
	getChartSeries(request: ChartSeriesRequest): Promise<ChartSeriesBatch>;
	/** For each metric key some of the runs have: how many have it and its longest history (1: a single value). */
	getMetricShapes(runIds: string[]): Promise<MetricShape[]>;
	/**
	 * A hint: the page has painted the charts it asked for and is idle, so the worker may read ahead now what zooms
	 * into them will need (instead of after a fixed quiet time).
	 */
	chartsPainted(): Promise<void>;
}

export interface ImportsApi {
	/**
	 * Imports dropped files (folders, zips, mlflow.db …): detects the format, writes each run in its own
	 * transaction (a failed or cancelled import leaves only whole runs) and reports what it did.
	 */
	importFiles(
		entries: ImportEntry[],
		onProgress?: (progress: ImportProgress) => void,
		options?: ImportFileOptions
	): Promise<ImportReport>;
	/**
	 * The same import, read by the parse worker: it detects and reads the files and posts ready runs on `port`
	 * (one MessageChannel per import); this writes them as importFiles does, while the next run is being read.
	 */
	importFromPort(
		port: MessagePort,
		onProgress?: (progress: ImportProgress) => void,
		options?: ImportFileOptions
	): Promise<ImportReport>;
	/**
	 * Imports every experiment and run of a live MLflow tracking server through its REST API: full metric
	 * histories and artifacts (under the size cap). `origin` is this page's origin, for CORS advice. `limits`
	 * tightens or loosens the bounds on a misbehaving server (SERVER_LIMITS: timeouts, retries, page caps).
	 */
	importMlflowServer(
		server: { url: string; token?: string; origin: string; limits?: Partial<ServerLimits> },
		onProgress?: (progress: ImportProgress) => void
	): Promise<ImportReport>;
	/** Stops the running import after the run being written. */
	cancelImport(): Promise<void>;
	/**
	 * Adds the lines appended to a stored run's MLflow metric file (`metrics/<key>`) since it was read: whole
	 * lines only, parsed as an import parses them. For a watched folder (src/lib/watch/), which reads only what grew.
	 */
	appendMetricLines(runId: string, key: string, bytes: Uint8Array): Promise<AppendedMetricLines>;
}

export interface AppendedMetricLines {
	points: number;
	/** Lines that are not metric points, "appended line N '…': why", the first few only. */
	unparsed: string[];
}

/** Runs sent to an MLflow tracking server over its REST API (workers/db/push/). */
export interface PushApi {
	/**
	 * Creates the experiments (by name) and runs on the server and logs every param, tag, metric point and artifact
	 * the server accepts. Pushing again sends only what the server lacks: the server's copy of a run carries the
	 * tag `runboard.source_run_id`. Without runIds and experimentIds, every run is pushed.
	 */
	pushToMlflow(request: PushRequest, onProgress?: (progress: PushProgress) => void): Promise<PushReport>;
	/** Stops a running push after the call in flight; the report of a later push says what was left. */
	cancelPush(): Promise<void>;
}

export interface PushRequest {
	url: string;
	token?: string;
	/** This page's origin, for the CORS advice. */
	origin: string;
	runIds?: string[];
	experimentIds?: string[];
	limits?: Partial<ServerLimits>;
}

export interface PushProgress {
	runsDone: number;
	runsTotal: number;
	metricPoints: number;
	artifactFiles: number;
}

/** What a push did to one run: made it, added what the server lacked, or found nothing to add. */
export type PushOutcome = 'created' | 'updated' | 'unchanged';

export interface PushReport {
	url: string;
	experiments: { name: string; serverExperimentId: string; created: boolean }[];
	/** The run id map: Runboard's run id → the server's. */
	runs: { runId: string; serverRunId: string; outcome: PushOutcome }[];
	runsCreated: number;
	runsUpdated: number;
	runsUnchanged: number;
	/** What was sent by this push (not what the server held already). */
	metricPoints: number;
	params: number;
	tags: number;
	artifactFiles: number;
	artifactBytes: number;
	/** Dataset inputs sent, and logged models made on the server (their values count in the fields above). */
	datasetInputs: number;
	loggedModels: number;
	warnings: ImportWarningGroup[];
	cancelled: boolean;
	durationMs: number;
}

/** Artifacts of runs and of logged models. */
export interface ArtifactsApi {
	/** One folder level ('' = the root) of a run's or a logged model's artifacts; folders first. */
	listArtifacts(root: ArtifactRoot, dir?: string): Promise<ArtifactEntry[]>;
	/** Every file at or below `dir`, for downloading a folder. */
	listArtifactFiles(root: ArtifactRoot, dir?: string): Promise<ArtifactEntry[]>;
	/** A file's bytes: a Blob made of its stored chunks. */
	getArtifact(root: ArtifactRoot, path: string): Promise<Blob>;
	/**
	 * Several small files' bytes, in the order asked, in one reply (transferred): an export reads thousands of
	 * them, and a Blob each costs more than its bytes. At most 64 MiB in all; big files go through getArtifact.
	 */
	getArtifactsBytes(files: { root: ArtifactRoot; path: string }[]): Promise<Uint8Array[]>;
	/** Stores (or replaces) one file of an active run, in one transaction, within the per-file cap. */
	logArtifact(runId: string, path: string, content: Blob): Promise<void>;
	/** MLflow 3 logged models whose source is this run (their files are listed with `{modelId}`). */
	listLoggedModels(runId: string): Promise<LoggedModelSummary[]>;
}

/**
 * Everything stored of one run, for a bundle export (docs/bundle-format.md): its fields, params, tags, dataset
 * inputs, every metric point (ordered by key, step, timestamp, logging order), its artifact files (read one by
 * one with getArtifact) and the logged models whose source it is.
 */
export interface RunRecord {
	info: RunInfo;
	params: Tag[];
	tags: Tag[];
	inputs: DatasetInput[];
	metrics: PackedMetrics;
	artifacts: ArtifactEntry[];
	loggedModels: LoggedModelRecord[];
}

export type { DatasetInput } from '../model/types';

export interface LoggedModelRecord extends LoggedModelOf<number, ArtifactEntry> {
	experimentId: string;
}

/** A whole run from an import: its MLflow run_id is kept, so importing again replaces it. */
export interface IngestRun {
	runId: string;
	runName: string;
	status: RunStatus;
	startTime: number | null;
	endTime: number | null;
	lifecycleStage?: 'active' | 'deleted';
	userId?: string;
	artifactUri?: string;
	params: Tag[];
	tags: Tag[];
	metrics?: PackedMetrics;
}

/** One file of a merge: what its import did, or why it was refused. */
export type ImportSourceLine =
	| {
			file: string;
			formatLabel: string;
			runsWritten: number;
			runsAdded: number;
			runsUpdated: number;
			runsUnchanged: number;
	  }
	| { file: string; error: string };

/** How a file import marks what it writes. */
export interface ImportFileOptions {
	/**
	 * Tags every imported run with `runboard.source` = this (the dropped file's name), so runs merged from many
	 * files into one experiment still say where each came from. Without it no tag is added.
	 */
	sourceTag?: string;
}

/** One dropped/picked file with its path relative to what was dropped ('mlruns/0/meta.yaml'). */
export interface ImportEntry {
	path: string;
	file: Blob;
}

export interface ImportProgress {
	phase: 'detecting' | 'reading' | 'done';
	bytesDone: number;
	bytesTotal: number;
	megabytesPerSecond: number;
	runsWritten: number;
}

export interface ImportWarningGroup {
	kind: string;
	count: number;
	/** The first few messages, e.g. "run 6673b056: metrics/loss line 17: …". */
	examples: string[];
}

export interface ImportReport {
	/** Importer id and label, e.g. 'mlflow-mlruns', 'MLflow mlruns folder'. */
	format: string;
	formatLabel: string;
	experiments: { experimentId: string; name: string }[];
	/** Every run of the source now stored: runsAdded + runsUpdated + runsUnchanged. */
	runsWritten: number;
	/** Run ids that were not stored before. */
	runsAdded: number;
	/** Run ids stored before with different content: the stored run was replaced (never duplicated). */
	runsUpdated: number;
	/** Run ids stored before with exactly this content: left as they were, not rewritten. */
	runsUnchanged: number;
	/** Several files imported as separate sources (src/lib/client/merge-import.ts): a line per file. */
	sources?: ImportSourceLine[];
	metricPoints: number;
	artifactFiles: number;
	artifactBytes: number;
	loggedModels: number;
	warnings: ImportWarningGroup[];
	cancelled: boolean;
	durationMs: number;
}

export interface SeriesOptions {
	width: number;
	xMin?: number;
	xMax?: number;
	/** EMA weight 0–0.99; 0 or absent: no smoothing. */
	smoothing?: number;
	/** x = step (default), wall time (ms), time since the series' first point (ms), or metric `xMetric`'s value. */
	xAxis?: 'step' | 'time' | 'relative' | 'metric';
	/** With xAxis 'metric': the metric whose value at the same step is x. */
	xMetric?: string;
}

export interface ChartSeriesRequest extends SeriesOptions {
	runIds: string[];
	key: string;
}

/**
 * Series of many runs packed into flat arrays: run i's points are x/y[offsets[i] .. offsets[i + 1]). Runs that do
 * not exist or lack the metric have no points and total 0.
 */
export interface ChartSeriesBatch {
	runIds: string[];
	offsets: Float64Array;
	x: Float64Array;
	y: Float64Array;
	/** EMA over each full series, at the kept points (absent without smoothing). */
	smoothed?: Float64Array;
	/** Points of each run's whole series. */
	totals: Float64Array;
	/** Each run's full x extent, [min0, max0, min1, max1, …] (NaN when empty): the unzoomed domain. */
	extents: Float64Array;
}

export interface MetricSeries {
	/** x values: steps, or what `xAxis` asked for. */
	steps: Float64Array;
	values: Float64Array;
	smoothed?: Float64Array;
	/** Points of the whole series, before reduction. */
	total: number;
}

/** Whose artifacts: a run's own, or an MLflow 3 logged model's (stored beside its source run). */
export type ArtifactRoot = { runId: string } | { modelId: string };

/** One entry of an artifact folder, as MLflow lists them; a folder's size is the total of what it holds. */
export interface ArtifactEntry {
	path: string;
	isDir: boolean;
	size: number;
}

export interface LoggedModelSummary {
	modelId: string;
	name: string;
	/** Stored artifact files and their total bytes. */
	files: number;
	bytes: number;
}
