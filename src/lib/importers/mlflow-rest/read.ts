// Reads a live MLflow tracking server through its REST API and yields the same items as the file importers:
// experiments, then each run with EVERY metric point and its artifacts under the size caps, then the logged
// models with their files (models.ts). The server is
// untrusted input: its JSON is checked like a file's (shapes.ts), its listings end (paging.ts), its requests time
// out and its bodies are capped (transfer.ts). Experiments are yielded only once the first page of runs has
// answered as runs, so a server that answers nothing usable leaves nothing behind.
import { RunboardError } from '../../api/errors';
import { ArtifactBudget } from '../artifact-budget';
import { shortId } from '../mlruns/ids';
import type { ImportContext, ImportedExperiment, ImportItem, ImportWarning } from '../types';
import { runArtifacts } from './artifacts';
import { MlflowRestClient, serverLimits, type ServerConnection } from './client';
import { runMetrics } from './history';
import { serverModels } from './models';
import { type Listing, pages, WrongShape } from './paging';
import { experiment, run, type Warn } from './shapes';

const EXPERIMENTS = '/api/2.0/mlflow/experiments/search';
const RUNS = '/api/2.0/mlflow/runs/search';

export async function* readMlflowServer(
	connection: ServerConnection,
	context: ImportContext
): AsyncGenerator<ImportItem> {
	const limits = serverLimits(connection.limits);
	const client = new MlflowRestClient(connection, limits, context.signal);
	const warnings: ImportWarning[] = [];
	const warn: Warn = (w) => warnings.push(w);
	const listing = (endpoint: string, field: string): Listing => ({
		endpoint,
		field,
		maxPages: limits.maxPages,
		strict: false,
		warn
	});
	await client.probe('/version');

	const experiments = new Map<string, ImportedExperiment>();
	let unusable: string | undefined;
	for await (const raw of pages(listing('experiments/search', 'experiments'), (page_token) =>
		client.json(EXPERIMENTS, { body: { max_results: 1000, view_type: 'ALL', page_token } })
	)) {
		const e = experiment(raw, warn);
		if (typeof e === 'string') {
			unusable ??= e;
			warn({ kind: 'experiment-skipped', message: `experiments/search: ${e}; it was skipped.` });
		} else if (!experiments.has(e.key)) experiments.set(e.key, e);
	}
	if (experiments.size === 0 && unusable) {
		throw new RunboardError('IMPORT_CORRUPT', `experiments/search listed no usable experiment: ${unusable}.`);
	}
	let announced = false;
	function* announce(): Generator<ImportItem> {
		if (!announced) for (const e of experiments.values()) yield { kind: 'experiment', experiment: e };
		announced = true;
		for (const warning of warnings.splice(0)) yield { kind: 'warning', warning };
	}

	const budget = new ArtifactBudget(context.maxArtifactBytes, limits.maxArtifactFileBytes);
	const seen = new Set<string>();
	const keys = [...experiments.keys()];
	const listed = new Set(keys);
	const body = { experiment_ids: keys, run_view_type: 'ALL', max_results: 1000 };
	for await (const raw of pages(listing('runs/search', 'runs'), (page_token) =>
		client.json(RUNS, { body: { ...body, page_token } })
	)) {
		yield* announce();
		if (context.signal.aborted) return;
		const r = run(raw, listed, warn);
		if (typeof r === 'string') {
			warn({ kind: 'run-skipped', message: `runs/search: ${r}; it was skipped.` });
			continue;
		}
		// A server that lists a run twice (on two pages) would have it read twice.
		if (seen.has(r.runId)) continue;
		seen.add(r.runId);
		try {
			const { metricKeys, ...fields } = r;
			const metrics = await runMetrics(client, r.runId, metricKeys, warn);
			const artifacts = await runArtifacts(client, r.runId, budget, warn);
			yield* announce();
			yield { kind: 'run', run: { ...fields, metrics, artifacts } };
		} catch (error) {
			if (!(error instanceof WrongShape)) throw error;
			const message = `run ${shortId(r.runId)}: ${error.message.replace(/: is this an MLflow server\?$/, '')}; the run was skipped.`;
			warn({ kind: 'run-skipped', message, runId: r.runId });
		}
	}
	yield* announce();
	if (context.signal.aborted) return;
	// After the runs, as the mlruns importer does: a model's source run is then already written.
	for await (const model of serverModels(client, listed, budget, warn, context.signal)) {
		yield* announce();
		yield { kind: 'logged-model', model };
	}
	yield* announce();
}
