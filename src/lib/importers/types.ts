// The importer contract. Importers are pure: files in, records out. They run in the parse worker (or, without
// one, in the database worker; never on the page) and touch no database of ours: the database worker writes
// what they yield, one run per transaction. An importer streams: it yields each run as soon as it is read, so memory holds
// one run at a time.
import type { PackedMetrics } from '../api/db-api';
import type { DatasetInput, LoggedModelOf, RunStatus, Tag } from '../model/types';

/** One file of what the user dropped/picked/fetched; `path` is relative to the drop, '/'-separated. */
export interface SourceFile {
	path: string;
	size: number;
	/** The whole file. Use only for small files (meta.yaml, params); stream large ones. */
	bytes(): Promise<Uint8Array>;
	/** The file as a stream of chunks, for line-by-line parsing of large files. */
	stream(): ReadableStream<Uint8Array>;
}

export interface ImportedExperiment {
	/** The source's own id of this experiment (e.g. MLflow's "0"); runs refer to it by this key. */
	key: string;
	name: string;
	lifecycleStage: 'active' | 'deleted';
	creationTime: number | null;
	lastUpdateTime: number | null;
	artifactLocation: string;
	tags: Tag[];
}

export interface ImportedArtifact {
	/** Path below the run's artifact root, '/'-separated, no '..' segments. */
	path: string;
	file: SourceFile;
}

export type ImportedDatasetInput = DatasetInput;

export interface ImportedLoggedModel extends LoggedModelOf<number, ImportedArtifact> {
	experimentKey: string;
}

export interface ImportedRun {
	experimentKey: string;
	runId: string;
	runName: string;
	status: RunStatus;
	startTime: number | null;
	endTime: number | null;
	lifecycleStage: 'active' | 'deleted';
	userId: string;
	artifactUri: string;
	params: Tag[];
	tags: Tag[];
	metrics: PackedMetrics;
	inputs: ImportedDatasetInput[];
	artifacts: ImportedArtifact[];
}

export type WarningKind =
	| 'metric-line-unparsed'
	| 'file-unreadable'
	| 'meta-missing'
	| 'run-skipped'
	| 'experiment-skipped'
	| 'artifacts-missing'
	| 'artifacts-over-cap'
	| 'name-content-mismatch'
	/** A param, tag or metric whose key the API would refuse (empty, or over MLflow's 250 characters). */
	| 'key-refused'
	| 'unsupported'
	/** A live server's listing stopped early: a page token it sent before, or the page cap. */
	| 'paging-stopped'
	/** A live server answered an item of the wrong shape (a tag that is not {key, value}, a point that is no number). */
	| 'invalid-item'
	/** A record of a binary log (a TensorBoard event file) with a wrong checksum, cut short, or not decodable. */
	| 'record-corrupt';

export interface ImportWarning {
	kind: WarningKind;
	/** e.g. "run 6673b056…: metrics/loss line 17: 'abc 1 2' is not '<timestamp> <value> [<step>]'" */
	message: string;
	runId?: string;
	file?: string;
}

export type ImportItem =
	| { kind: 'experiment'; experiment: ImportedExperiment }
	| { kind: 'run'; run: ImportedRun }
	| { kind: 'logged-model'; model: ImportedLoggedModel }
	| { kind: 'warning'; warning: ImportWarning }
	/** From an `atomic` importer: everything yielded so far (and from now on) comes from a verified source. */
	| { kind: 'verified' }
	/** Bytes of the source consumed so far, for progress (phase, MB/s). */
	| { kind: 'progress'; bytesDone: number; bytesTotal: number };

export interface ImportContext {
	signal: AbortSignal;
	/** Per-import cap on artifact bytes; beyond it artifacts are skipped with an 'artifacts-over-cap' warning. */
	maxArtifactBytes: number;
}

export interface Importer {
	/** Stable id, e.g. 'mlflow-mlruns'. */
	id: string;
	/** Shown to people: 'MLflow mlruns folder'. */
	label: string;
	/** 0 = not this format; 1 = certain. By file names first, then by content (first bytes). */
	detect(files: SourceFile[]): Promise<number>;
	/**
	 * All or nothing: what it yields is provisional until it yields `{kind: 'verified'}` or ends, and a failure
	 * before that imports nothing (the writer holds it uncommitted: workers/db/import/write-items.ts).
	 */
	atomic?: boolean;
	/**
	 * Yields experiments before the runs that refer to them. Throws RunboardError IMPORT_CORRUPT (with the file
	 * and line/offset) when the source cannot be read at all; recoverable problems are yielded as warnings.
	 */
	read(files: SourceFile[], context: ImportContext): AsyncGenerator<ImportItem>;
}
