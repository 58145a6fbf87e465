// A push of Runboard runs to an MLflow tracking server: experiments by name (made when missing), then each run
// (push-run.ts). A failure stops the push with a message that says how far it got; pushing again resumes, since
// every step sends only what the server lacks.
import { RunboardError, toRunboardError } from '$lib/api/errors';
import type { PushProgress, PushReport, PushRequest } from '$lib/api/db-api';
import { MlflowRestClient, serverLimits } from '$lib/importers/mlflow-rest/client';
import { type Experiment, PARENT_RUN_TAG, type Run, type Tag } from '$lib/model/types';
import { type LocalRunData, pushRun } from './push-run';
import { PushTally } from './report';
import { PushServer } from './server';

/** What the push reads of the database (workers/db/api/push.ts). */
export interface LocalRuns {
	runs: Run[];
	experiment(experimentId: string): Experiment;
	data(runId: string): LocalRunData;
}

/** MLflow's limits on experiment tags (mlflow/utils/validation.py). */
const EXPERIMENT_TAG_KEY = 250;
const EXPERIMENT_TAG_VALUE = 20_000;

export async function pushRuns(
	local: LocalRuns,
	request: PushRequest,
	options: { signal: AbortSignal; now: () => number; onProgress?: (progress: PushProgress) => void }
): Promise<PushReport> {
	const startedAt = options.now();
	const client = new MlflowRestClient(request, serverLimits(request.limits), options.signal, {
		retryRateLimited: true,
		otherwise: 'Then push again: what reached the server already is not sent twice.'
	});
	const server = new PushServer(client);
	const tally = new PushTally();
	const total = local.runs.length;
	const progress = () =>
		options.onProgress?.({
			runsDone: tally.runs.length,
			runsTotal: total,
			metricPoints: tally.metricPoints,
			artifactFiles: tally.artifactFiles
		});
	const serverExperiments = new Map<string, string>();
	try {
		progress();
		const serverIds = new Map<string, string>();
		for (const run of parentsFirst(local.runs)) {
			let experimentId = serverExperiments.get(run.info.experimentId);
			if (experimentId === undefined) {
				experimentId = await pushExperiment(server, local.experiment(run.info.experimentId), tally);
				serverExperiments.set(run.info.experimentId, experimentId);
			}
			const pushed = await pushRun(server, experimentId, run, local.data(run.info.runId), tally, serverIds);
			serverIds.set(run.info.runId, pushed.serverRunId);
			tally.runs.push({ runId: run.info.runId, ...pushed });
			progress();
		}
	} catch (error) {
		if (options.signal.aborted) return tally.report(client.base, startedAt, options.now(), true);
		throw stoppedAt(toRunboardError(error), tally.runs.length, total);
	}
	return tally.report(client.base, startedAt, options.now(), false);
}

/** Runs ordered so that a parent comes before its children (its server id is then known); else kept in order. */
function parentsFirst(runs: Run[]): Run[] {
	const byId = new Map(runs.map((r) => [r.info.runId, r]));
	const depth = (run: Run): number => {
		let n = 0;
		const seen = new Set<string>();
		for (let r: Run | undefined = run; r && !seen.has(r.info.runId); n++) {
			seen.add(r.info.runId);
			const parent: string | undefined = r.data.tags.find((t) => t.key === PARENT_RUN_TAG)?.value;
			r = parent === undefined ? undefined : byId.get(parent);
		}
		return n;
	};
	const depths = new Map(runs.map((r) => [r, depth(r)]));
	return [...runs].sort((a, b) => (depths.get(a) ?? 0) - (depths.get(b) ?? 0));
}

async function pushExperiment(server: PushServer, experiment: Experiment, tally: PushTally): Promise<string> {
	const tags: Tag[] = [];
	for (const t of experiment.tags) {
		if (t.key.length <= EXPERIMENT_TAG_KEY && t.value.length <= EXPERIMENT_TAG_VALUE) tags.push(t);
		else
			tally.warn({
				kind: 'experiment-tag-too-long',
				message: `experiment "${experiment.name}": tag "${t.key.slice(0, 60)}" is longer than MLflow allows (keys ${EXPERIMENT_TAG_KEY}, values ${EXPERIMENT_TAG_VALUE} characters); not pushed.`
			});
	}
	const { id, created, held } = await server.experiment(experiment.name, tags);
	if (!created) {
		// Tags the server's experiment lacks or holds with another value (set-experiment-tag overwrites).
		for (const t of tags) if (held.get(t.key) !== t.value) await server.setExperimentTag(id, t);
	}
	tally.experiments.push({ name: experiment.name, serverExperimentId: id, created });
	return id;
}

/** The error, with how far the push got: what was pushed stays on the server, and pushing again resumes. */
function stoppedAt(error: RunboardError, done: number, total: number): RunboardError {
	const where =
		done === 0
			? ' No run was pushed.'
			: ` ${done} of ${total} runs were pushed before this; pushing again sends only what the server lacks.`;
	return new RunboardError(error.code, `${error.message}${where}`, error.details);
}
