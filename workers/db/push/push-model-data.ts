// A logged model's metric points and files, sent to its server copy: only what that copy lacks. MLflow logs a
// model's point only through a run (runs/log-batch with the model's id), which also adds it to that run's history.
import type { LoggedModelRecord } from '$lib/api/db-api';
import { filesToSend, logBatches, missingPoints, proxiedArtifactPath } from '$lib/exporters/mlflow-server';
import type { Metric } from '$lib/model/types';
import { listModelFiles, type ServerModel } from './model-server';
import type { LocalLineage } from './push-lineage';
import type { PushTally } from './report';
import type { PushServer } from './server';

/** Where a model's values go: its server copy, through its source run's server copy. */
export interface ModelTarget {
	server: PushServer;
	serverRunId: string;
	runId: string;
	target: ServerModel;
	tally: PushTally;
	warn: (kind: string, message: string) => void;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * Points logged by this run go through its server copy; others (logged by another run or by none) cannot be
 * sent by MLflow's REST API and are reported. The number sent.
 */
export async function pushModelMetrics(
	to: ModelTarget,
	metrics: LoggedModelRecord['metrics'],
	local: LocalLineage
): Promise<number> {
	const ours = metrics.filter((m) => m.runId === to.runId && m.timestamp >= 0);
	const other = metrics.length - ours.length;
	if (other)
		to.warn(
			'model-metric-run',
			`${other} metric ${plural(other, 'point was', 'points were')} logged by no run, by another run or at a negative time; MLflow takes a model's points only through the run that logged them, so ${plural(other, 'it was', 'they were')} not pushed.`
		);
	const { points } = missingPoints(
		ours.map((m): Metric => ({ key: m.key, value: m.value, step: m.step, timestamp: m.timestamp })),
		to.target.metrics
	);
	const same = (a: Metric, b: Metric) =>
		a.step === b.step &&
		a.timestamp === b.timestamp &&
		(a.value === b.value || (a.value !== a.value && b.value !== b.value));
	const onRun = points.filter((p) => !local.history(p.key).some((h) => same(h, p))).length;
	if (onRun)
		to.warn(
			'model-metric-on-run',
			`MLflow adds a model's metric points to the run that logs them: ${onRun} ${plural(onRun, 'point', 'points')} not in run ${to.runId.slice(0, 8)}'s own history ${plural(onRun, 'is', 'are')} in its history on the server too.`
		);
	const infinite = points.filter((p) => Math.abs(p.value) === Infinity).length;
	if (infinite)
		to.warn(
			'infinity-stored-as-max',
			`${infinite} ±Infinity metric ${plural(infinite, 'point', 'points')}; MLflow's SQL stores keep them as ±1.7976931348623157e308.`
		);
	const modelId = to.target.modelId;
	for (const body of logBatches(
		to.serverRunId,
		[],
		[],
		points.map((p) => ({ ...p, modelId }))
	))
		await to.server.logBatch(body);
	to.tally.metricPoints += points.length;
	return points.length;
}

/** Uploads the model's files its server copy lacks, where the server proxies artifacts; the number sent. */
export async function pushModelFiles(
	to: ModelTarget,
	model: LoggedModelRecord,
	local: LocalLineage,
	found: boolean
): Promise<number> {
	const files = model.artifacts.filter((f) => !f.isDir);
	if (files.length === 0) return 0;
	const base = proxiedArtifactPath(to.target.artifactUri);
	if (base === null) {
		to.warn(
			'artifacts-not-proxied',
			`${files.length} artifact ${plural(files.length, 'file was', 'files were')} not pushed: the server stores this model's files at ${to.target.artifactUri.slice(0, 200)}, which a browser cannot write to.`
		);
		return 0;
	}
	const held = found ? await listModelFiles(to.server.client, to.target.modelId) : [];
	const missing = filesToSend(files, held);
	for (const file of missing) {
		await to.server.upload(base, file.path, local.readModelFile(model.modelId, file.path));
		to.tally.artifactFiles++;
		to.tally.artifactBytes += file.size;
	}
	return missing.length;
}
