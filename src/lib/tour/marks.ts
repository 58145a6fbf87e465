// Helpers beside the signal contract for pages that mark the tour's controls: which run Compare calls the best,
// and which artifact entries are a model's. Pure, so the pages stay free of the tour's logic and tests can pin it.
import { defaultDirection, defaultMetric } from '$lib/metric-direction';
import type { Run } from '$lib/model/types';

/**
 * The key Compare ranks runs by, as the leaderboard opens on it: a headline metric (rmse first, MLflow's
 * quickstart), else the first by name whose direction is known, else the first by name.
 */
export function rankingMetric(runs: readonly Run[]): string | undefined {
	const keys = [...new Set(runs.flatMap((r) => r.data.metrics.map((m) => m.key)))].sort();
	return defaultMetric(keys) ?? undefined;
}

/** Run ids best first by the ranking metric (lowest, or highest for scores); runs without a finite value last, in their order. */
export function rankRuns(runs: readonly Run[]): string[] {
	const key = rankingMetric(runs);
	const sign = key !== undefined && defaultDirection(key) === 'desc' ? -1 : 1;
	const score = (run: Run) => {
		const value = run.data.metrics.find((m) => m.key === key)?.value;
		return value !== undefined && Number.isFinite(value) ? sign * value : Infinity;
	};
	return runs
		.map((run, i) => ({ runId: run.info.runId, score: score(run), i }))
		.sort((a, b) => a.score - b.score || a.i - b.i)
		.map((r) => r.runId);
}

/** The first of rankRuns, when it has a value of the ranking metric. */
export function bestRunId(runs: readonly Run[]): string | undefined {
	const key = rankingMetric(runs);
	const [best] = rankRuns(runs);
	const value = runs.find((r) => r.info.runId === best)?.data.metrics.find((m) => m.key === key)?.value;
	return value !== undefined && Number.isFinite(value) ? best : undefined;
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Files whose preview is "looking at the model": how MLflow loads it, and what it needs installed. */
export const opensModel = (path: string): boolean => ['MLmodel', 'requirements.txt'].includes(baseName(path));

/** Entries the tour points at in an artifact tree: a `model` folder and the model's own descriptive files. */
export const isModelArtifact = (entry: { path: string; isDir: boolean }): boolean =>
	entry.isDir ? baseName(entry.path) === 'model' : opensModel(entry.path);
