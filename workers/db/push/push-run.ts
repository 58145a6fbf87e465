// One run to the server: found again by its source tag or created, then only what the server lacks is sent
// (params, tags, metric points in log-batch calls within MLflow's limits, artifact files, dataset inputs, the
// logged models it is the source of: push-lineage.ts), then its status, end time and lifecycle. Each step can be
// repeated: a push that stopped anywhere in it resumes here.
import type { ArtifactEntry, PushOutcome } from '$lib/api/db-api';
import {
	checkForServer,
	filesToSend,
	logBatches,
	missingPoints,
	proxiedArtifactPath,
	SOURCE_RUN_TAG,
	paramsToSend,
	tagsToSend
} from '$lib/exporters/mlflow-server';
import { listFiles } from '$lib/importers/mlflow-rest/artifacts';
import { runMetrics } from '$lib/importers/mlflow-rest/history';
import { type Metric, PARENT_RUN_TAG, type Run, type Tag } from '$lib/model/types';
import { type LocalLineage, pushInputs, pushModels } from './push-lineage';
import type { PushTally } from './report';
import type { PushServer } from './server';

/** What the push reads of a Runboard run (workers/db/api/push.ts reads it from the database). */
export interface LocalRunData extends LocalLineage {
	files(): ArtifactEntry[];
	read(path: string): Blob;
}

export async function pushRun(
	server: PushServer,
	experimentId: string,
	run: Run,
	local: LocalRunData,
	tally: PushTally,
	serverIds: ReadonlyMap<string, string>
): Promise<{ serverRunId: string; outcome: PushOutcome }> {
	const runId = run.info.runId;
	const checked = checkForServer(runId, {
		params: run.data.params,
		tags: run.data.tags
			.filter((t) => t.key !== SOURCE_RUN_TAG)
			.map((t) => parentOnServer(t, serverIds, tally, runId)),
		metricKeys: run.data.metrics.map((m) => m.key)
	});
	checked.warnings.forEach((w) => tally.warn(w));
	const source = { key: SOURCE_RUN_TAG, value: runId };
	const found = await server.findRun(experimentId, runId);
	const target = found ?? (await server.createRun(experimentId, run, [source]));
	const serverRunId = target.runId;
	// MLflow refuses to log to a deleted run: restore it, log, and delete it again below if it is deleted here.
	if (found && target.lifecycleStage === 'deleted') await server.setLifecycle(serverRunId, false);

	const params = found
		? paramsToSend(runId, checked.params, target.params)
		: { params: checked.params, warnings: [] };
	params.warnings.forEach((w) => tally.warn(w));
	const tags = tagsToSend([...checked.tags, source], target.tags);
	const points: Metric[] = [];
	for (const key of run.data.metrics.map((m) => m.key)) {
		if (checked.refusedMetricKeys.has(key)) continue;
		points.push(
			...(await missingOf(server, found ? target : undefined, key, local.history(key), runId, tally))
		);
	}
	for (const body of logBatches(serverRunId, params.params, tags, points)) await server.logBatch(body);
	tally.params += params.params.length;
	tally.tags += tags.length;
	tally.metricPoints += points.length;

	const files = await pushFiles(
		server,
		found ? serverRunId : undefined,
		target.artifactUri,
		runId,
		local,
		tally
	);
	const inputs = await pushInputs(
		server,
		serverRunId,
		runId,
		local.inputs(),
		found ? target.inputs : [],
		tally
	);
	const where = { experimentId: run.info.experimentId, serverExperimentId: experimentId, serverRunId, runId };
	const models = await pushModels(server, where, local, tally);
	await server.update(serverRunId, run);
	if (run.info.lifecycleStage === 'deleted') await server.setLifecycle(serverRunId, true);
	const sent = params.params.length + tags.length + points.length + files + inputs + models;
	return { serverRunId, outcome: !found ? 'created' : sent > 0 ? 'updated' : 'unchanged' };
}

/**
 * The parent link names the parent's run id on the server (pushed before its children), so MLflow nests the runs
 * as Runboard does; a parent left out of the push keeps Runboard's id, which the report says.
 */
function parentOnServer(
	tag: Tag,
	serverIds: ReadonlyMap<string, string>,
	tally: PushTally,
	runId: string
): Tag {
	if (tag.key !== PARENT_RUN_TAG) return tag;
	const parent = serverIds.get(tag.value);
	if (parent) return { key: tag.key, value: parent };
	tally.warn({
		kind: 'parent-not-pushed',
		message: `run ${runId.slice(0, 8)}: its parent run ${tag.value.slice(0, 8)} was not pushed; its ${PARENT_RUN_TAG} tag names Runboard's id, which the server does not know.`,
		runId
	});
	return tag;
}

/** The points of one metric the server lacks; points MLflow refuses or would merge are reported. */
async function missingOf(
	server: PushServer,
	found: { runId: string; metricKeys: string[] } | undefined,
	key: string,
	history: Metric[],
	runId: string,
	tally: PushTally
): Promise<Metric[]> {
	const run = `run ${runId.slice(0, 8)}`;
	const accepted = history.filter((m) => m.timestamp >= 0);
	if (accepted.length < history.length) {
		const n = history.length - accepted.length;
		const message = `${run}: metric "${key}": ${n} point${n === 1 ? ' has' : 's have'} a negative timestamp, which MLflow refuses; not pushed.`;
		tally.warn({ kind: 'negative-timestamp', message, runId });
	}
	const infinite = accepted.filter((m) => Math.abs(m.value) === Infinity).length;
	if (infinite) {
		const message = `${run}: metric "${key}": ${infinite} ±Infinity point${infinite === 1 ? '' : 's'}; MLflow's SQL stores keep them as ±1.7976931348623157e308 (Runboard reads those back as ±Infinity).`;
		tally.warn({ kind: 'infinity-stored-as-max', message, runId });
	}
	const held: Metric[] = [];
	if (found?.metricKeys.includes(key)) {
		const packed = await runMetrics(server.client, found.runId, [key], (w) => tally.warn({ ...w, runId }));
		for (let i = 0; i < packed.values.length; i++) {
			held.push({
				key,
				value: packed.values[i] as number,
				step: packed.steps[i] as number,
				timestamp: packed.timestamps[i] as number
			});
		}
	}
	const { points, duplicates } = missingPoints(accepted, held);
	if (duplicates) {
		const message = `${run}: metric "${key}": ${duplicates} point${duplicates === 1 ? ' repeats' : 's repeat'} another with the same step, timestamp and value; MLflow keeps one of them.`;
		tally.warn({ kind: 'duplicate-points', message, runId });
	}
	return points;
}

/** Uploads the run's files the server lacks; the number sent. */
async function pushFiles(
	server: PushServer,
	foundRunId: string | undefined,
	artifactUri: string,
	runId: string,
	local: LocalRunData,
	tally: PushTally
): Promise<number> {
	const files = local.files().filter((f) => !f.isDir);
	if (files.length === 0) return 0;
	const base = proxiedArtifactPath(artifactUri);
	if (base === null) {
		tally.warn({
			kind: 'artifacts-not-proxied',
			message: `run ${runId.slice(0, 8)}: ${files.length} artifact file${files.length === 1 ? ' was' : 's were'} not pushed: the server stores this run's files at ${artifactUri.slice(0, 200)}, which a browser cannot write to. Start the server with --serve-artifacts (the default) and an --artifacts-destination instead of --default-artifact-root.`,
			runId
		});
		return 0;
	}
	const held = foundRunId
		? await listFiles(server.client, foundRunId, (w) => tally.warn({ ...w, runId }))
		: [];
	const missing = filesToSend(files, held);
	for (const file of missing) {
		await server.upload(base, file.path, local.read(file.path));
		tally.artifactFiles++;
		tally.artifactBytes += file.size;
	}
	return missing.length;
}
