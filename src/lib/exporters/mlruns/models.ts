// MLflow 3 logged models in an mlruns/ tree, as its FileStore writes them: `<experiment>/models/<model id>/` with
// meta.yaml, params/, tags/, metrics/ (lines `<timestamp> <value> <step> <run id>`) and artifacts/. Values MLflow
// cannot hold are left out and reported, as for runs (../mlflow-server/check.ts).
import type { LoggedModelRecord } from '$lib/api/db-api';
import type { Tag } from '$lib/model/types';
import { checkForServer, type PushWarning } from '../mlflow-server/check';
import { metaYaml, metricValue } from './text';
import { withoutClashes } from './values';

/** LoggedModelStatus in MLflow's protos: the file store keeps the number. */
export const MODEL_STATUS_NUMBER: Record<string, number> = {
	UNSPECIFIED: 0,
	PENDING: 1,
	READY: 2,
	FAILED: 3
};

/** A model id that is one folder name MLflow's path check accepts (theirs are `m-` and 32 hex digits). */
const MODEL_ID = /^[A-Za-z0-9][\w.-]{0,127}$/;

/** What MLflow's file store writes for a model metric logged without a run (Python's str(None)). */
const NO_RUN = 'None';

export interface ModelFiles {
	/** Text files by their path in the zip. */
	texts: { path: string; text: string }[];
	/** Artifact files: the model's path and the path in the zip. */
	artifacts: { from: string; to: string }[];
	metricPoints: number;
}

/** The files of one logged model below its experiment's folder, or null when MLflow could not hold it at all. */
export function loggedModelFiles(
	experimentFolder: string,
	model: LoggedModelRecord,
	warnings: PushWarning[]
): ModelFiles | null {
	const runId = model.sourceRunId ?? undefined;
	const label = `logged model ${model.modelId.slice(0, 40)}`;
	if (!MODEL_ID.test(model.modelId)) {
		warnings.push({
			kind: 'model-id',
			message: `${label}: its id is not a folder name MLflow accepts; it was not exported.`,
			runId
		});
		return null;
	}
	const folder = `${experimentFolder}/models/${model.modelId}`;
	let status = MODEL_STATUS_NUMBER[model.status];
	if (status === undefined) {
		status = 0;
		warnings.push({
			kind: 'model-status',
			message: `${label}: status "${model.status.slice(0, 40)}" is not one MLflow knows; exported as UNSPECIFIED.`,
			runId
		});
	}
	if (model.creationTime === null)
		warnings.push({
			kind: 'model-creation-time',
			message: `${label}: has no creation time, which MLflow needs; exported with 0 (1970-01-01).`,
			runId
		});
	const created = model.creationTime ?? 0;
	const texts = [
		{
			path: `${folder}/meta.yaml`,
			text: metaYaml({
				artifact_location: `${folder}/artifacts`,
				creation_timestamp: created,
				experiment_id: model.experimentId,
				// Runboard does not keep when a model last changed: its creation is the last change it knows.
				last_updated_timestamp: created,
				model_id: model.modelId,
				model_type: null,
				name: model.name,
				source_run_id: model.sourceRunId,
				status,
				status_message: null
			})
		}
	];
	const byKey = new Map<string, string[]>();
	for (const m of model.metrics) {
		if (!Number.isSafeInteger(m.step) || !Number.isSafeInteger(m.timestamp)) {
			warnings.push({
				kind: 'metric-point',
				message: `${label}: a point of metric "${m.key}" has step ${m.step} and time ${m.timestamp}; MLflow keeps only integers. It was not exported.`,
				runId
			});
			continue;
		}
		const lines = byKey.get(m.key) ?? [];
		lines.push(`${m.timestamp} ${metricValue(m.value)} ${m.step} ${m.runId ?? NO_RUN}\n`);
		byKey.set(m.key, lines);
	}
	const checked = checkForServer(
		runId ?? '',
		{ params: model.params, tags: model.tags, metricKeys: [...byKey.keys()] },
		'exported',
		label
	);
	warnings.push(...checked.warnings);
	const files = (sub: string, items: readonly Tag[]) =>
		withoutClashes(`${label}: ${sub.slice(0, -1)}`, items, warnings).map((t) => ({
			path: `${folder}/${sub}/${t.key}`,
			text: t.value
		}));
	texts.push(...files('params', checked.params), ...files('tags', checked.tags));
	const metricKeys = [...byKey.keys()].filter((k) => !checked.refusedMetricKeys.has(k));
	let metricPoints = 0;
	for (const { key } of withoutClashes(
		`${label}: metric`,
		metricKeys.map((key) => ({ key, value: '' })),
		warnings
	)) {
		const lines = byKey.get(key) ?? [];
		texts.push({ path: `${folder}/metrics/${key}`, text: lines.join('') });
		metricPoints += lines.length;
	}
	const artifacts = model.artifacts
		.filter((f) => !f.isDir)
		.map((f) => ({ from: f.path, to: `${folder}/artifacts/${f.path}` }));
	return { texts, artifacts, metricPoints };
}
