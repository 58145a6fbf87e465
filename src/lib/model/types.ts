// The data model, with MLflow's semantics (see docs/data-model.md). Pure types: shared by the page and the worker.

export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type LifecycleStage = 'active' | 'deleted';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export interface Tag {
	key: string;
	value: string;
}

export type Param = Tag;

/** One logged metric point. value may be NaN or ±Infinity: they are real values and round-trip. */
export interface Metric {
	key: string;
	value: number;
	timestamp: number;
	step: number;
}

export interface Experiment {
	experimentId: string;
	name: string;
	artifactLocation: string;
	lifecycleStage: LifecycleStage;
	creationTime: number;
	lastUpdateTime: number;
	tags: Tag[];
}

/** An experiment as the experiments list shows it. */
export interface ExperimentSummary extends Experiment {
	runCount: number;
	/** Latest start, end or metric time of the experiment's runs (ms); its creation time when it has none. */
	lastActivity: number;
}

export interface RunInfo {
	runId: string;
	experimentId: string;
	runName: string;
	status: RunStatus;
	startTime: number | null;
	endTime: number | null;
	lifecycleStage: LifecycleStage;
	userId: string;
	artifactUri: string;
}

export interface RunData {
	params: Param[];
	/** Latest value per key: highest step, then latest timestamp (MLflow's rule). */
	metrics: Metric[];
	tags: Tag[];
}

export interface Run {
	info: RunInfo;
	data: RunData;
}

/** MLflow's system tag that holds a run's or an experiment's markdown description. */
export const NOTE_TAG = 'mlflow.note.content';
export const RUN_NAME_TAG = 'mlflow.runName';
export const PARENT_RUN_TAG = 'mlflow.parentRunId';
export const USER_TAG = 'mlflow.user';

/** A dataset a run used (MLflow's inputs): stored, imported, exported and pushed with these fields. */
export interface DatasetInput {
	name: string;
	digest: string;
	sourceType: string;
	source: string;
	schema: string;
	profile: string;
	context: string;
}

/**
 * An MLflow 3 logged model, whichever side holds it: `Value` is how a metric value is written (a number, or
 * JSON's stand-in for NaN/±Infinity/−0 in a bundle) and `File` what its artifacts are (stored entries, source
 * files, bundle parts).
 */
export interface LoggedModelOf<Value, File> {
	modelId: string;
	name: string;
	sourceRunId: string | null;
	status: string;
	creationTime: number | null;
	params: Tag[];
	tags: Tag[];
	metrics: { key: string; value: Value; step: number; timestamp: number; runId: string | null }[];
	artifacts: File[];
}
