// The run bundle's records, as written by src/lib/exporters/bundle/ and read by ../bundle.ts. The format is
// documented for other tools in docs/bundle-format.md: change both together, and raise BUNDLE_VERSION when a
// reader of the old version would misread the new one.
import type { ImportedDatasetInput } from '../types';
import type { LoggedModelOf, RunInfo, Tag } from '../../model/types';

export const BUNDLE_FORMAT = 'runboard-bundle';
export const BUNDLE_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';
export const EXPERIMENTS_NAME = 'experiments.json';

export interface BundleCounts {
	experiments: number;
	runs: number;
	metricPoints: number;
	loggedModels: number;
	/** Artifact files of runs and of logged models, and their bytes. */
	artifacts: number;
	artifactBytes: number;
}

export interface BundlePart {
	/** '/'-separated, relative to the bundle's root; never absolute, never '..'. */
	path: string;
	size: number;
	/** SHA-256 of the part's bytes (uncompressed), lowercase hex. */
	sha256: string;
}

export interface BundleManifest {
	format: typeof BUNDLE_FORMAT;
	version: number;
	writer: string;
	counts: BundleCounts;
	parts: BundlePart[];
}

export interface BundleExperiment {
	experimentId: string;
	name: string;
	artifactLocation: string;
	lifecycleStage: 'active' | 'deleted';
	creationTime: number | null;
	lastUpdateTime: number | null;
	tags: Tag[];
}

/** A file listed by its run or logged model; its bytes are the part `<folder>/artifacts/<path>`. */
export interface BundleArtifact {
	path: string;
	size: number;
}

/** runs/<n>/run.json. Notes and the parent run are tags (mlflow.note.content, mlflow.parentRunId), as in MLflow. */
export interface BundleRun extends RunInfo {
	params: Tag[];
	tags: Tag[];
	inputs: ImportedDatasetInput[];
	/** Points in runs/<n>/metrics.bin. */
	metricPoints: number;
	artifacts: BundleArtifact[];
}

/** JSON has no NaN, ±Infinity or −0: such a value is written as the string "NaN", "Infinity", "-Infinity", "-0". */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

/** models/<n>/model.json: an MLflow 3 logged model. */
export interface BundleModel extends LoggedModelOf<JsonNumber, BundleArtifact> {
	experimentId: string;
}

export function toJsonNumber(x: number): JsonNumber {
	if (Object.is(x, -0)) return '-0';
	return Number.isFinite(x) ? x : (String(x) as JsonNumber);
}

export function fromJsonNumber(x: unknown): number | undefined {
	if (typeof x === 'number') return x;
	if (x === 'NaN') return NaN;
	if (x === 'Infinity') return Infinity;
	if (x === '-Infinity') return -Infinity;
	if (x === '-0') return -0;
	return undefined;
}

/** Where run i's and logged model i's parts live: numbered folders, so no id from a source becomes a path. */
export function runFolder(index: number): string {
	return `runs/${index}`;
}

export function modelFolder(index: number): string {
	return `models/${index}`;
}
