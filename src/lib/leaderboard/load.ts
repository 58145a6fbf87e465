// What the leaderboard reads, through the runs table's calls (no call of its own): which experiments hold
// participants' runs (a filter on the `runboard.source` tag), the metric and param keys of the chosen ones, and
// every active run's source, metric value and params, a window of 1,000 runs at a time. Tested against the real
// sqlite-wasm in tests/unit/leaderboard-load.test.ts.
import type { RunboardClient } from '../client/runboard';
import type { ScoredRun } from './rank';

type Reader = Pick<RunboardClient, 'queryRunsTable' | 'listRunColumns'>;

/** The tag an import of many dropped files writes on every run: the file the run came from. */
export const SOURCE_TAG = 'runboard.source';
const SOURCE_COLUMN = `tag:${SOURCE_TAG}`;
const WINDOW = 1_000;

/** Of `experimentIds`, those with an active run tagged with a source: the board's default experiments. */
export async function experimentsWithSources(client: Reader, experimentIds: string[]): Promise<string[]> {
	if (experimentIds.length === 0) return [];
	const found = new Set<string>();
	const query = { experimentIds, filter: `tags.\`${SOURCE_TAG}\` IS NOT NULL`, limit: WINDOW };
	for (let offset = 0; ; offset += WINDOW) {
		const part = await client.queryRunsTable({ ...query, offset });
		for (const row of part.rows) found.add(row.experimentId);
		if (offset + WINDOW >= part.total) break;
	}
	return experimentIds.filter((id) => found.has(id));
}

/** The metric and param keys of the experiments' active runs. */
export async function boardKeys(
	client: Reader,
	experimentIds: string[]
): Promise<{ metrics: string[]; params: string[] }> {
	const columns = await client.listRunColumns(experimentIds, 'active');
	return { metrics: columns.metrics.map((m) => m.key), params: columns.params.map((p) => p.key) };
}

/** Every active run of the experiments with its source, its latest value of `metric` and its params. */
export async function scoredRuns(
	client: Reader,
	experimentIds: string[],
	metric: string,
	params: string[]
): Promise<ScoredRun[]> {
	const metricColumn = `metric:${metric}`;
	const columns = [SOURCE_COLUMN, metricColumn, ...params.map((key) => `param:${key}`)];
	const runs: ScoredRun[] = [];
	for (let offset = 0; ; offset += WINDOW) {
		const part = await client.queryRunsTable({ experimentIds, columns, offset, limit: WINDOW });
		for (const row of part.rows) {
			const source = row.values[SOURCE_COLUMN];
			const value = row.values[metricColumn];
			// A null prototype: param keys are untrusted text ("__proto__" is a fine param name).
			const runParams: Record<string, string> = Object.create(null);
			for (const key of params) {
				const v = row.values[`param:${key}`];
				if (v !== undefined) runParams[key] = String(v);
			}
			runs.push({
				runId: row.runId,
				runName: row.runName,
				experimentId: row.experimentId,
				source: source === undefined ? null : String(source),
				value: typeof value === 'number' ? value : undefined,
				startTime: row.startTime,
				params: runParams
			});
		}
		if (offset + WINDOW >= part.total) break;
	}
	return runs;
}
