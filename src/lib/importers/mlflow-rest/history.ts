// Every point of a run's metrics (get-history with paging; never the sampled endpoint), a few keys at a time.
import type { PackedMetrics } from '../../api/db-api';
import { MetricPacker } from '../metric-packer';
import { shortId } from '../mlruns/ids';
import type { MlflowRestClient } from './client';
import { pages } from './paging';
import { point, type Warn } from './shapes';

const HISTORY_PAGE = 25_000;
const CONCURRENCY = 6;

/** The run's metrics packed; throws WrongShape when a history answer is not one (the run is then skipped). */
export async function runMetrics(
	client: MlflowRestClient,
	runId: string,
	keys: string[],
	warn: Warn
): Promise<PackedMetrics> {
	// Shared by the run's histories: a server that pages on and on fills at most this much memory.
	const budget = { pointsLeft: client.limits.maxRunPoints };
	const histories = await pool(keys, CONCURRENCY, (key) => history(client, runId, key, budget, warn));
	const packer = new MetricPacker();
	histories.forEach((h, k) => {
		if (h.values.length === 0) return;
		const keyId = packer.keyId(keys[k] as string);
		for (let i = 0; i < h.values.length; i++) {
			packer.push(keyId, h.values[i] as number, h.steps[i] as number, h.timestamps[i] as number);
		}
	});
	return packer.build();
}

/** One metric's points, as columns (a million point objects would take several times the memory). */
async function history(
	client: MlflowRestClient,
	runId: string,
	key: string,
	budget: { pointsLeft: number },
	warn: Warn
): Promise<PackedMetrics> {
	const packer = new MetricPacker();
	const keyId = packer.keyId(key);
	let invalid = 0;
	const max = client.limits.maxRunPoints;
	const listing = {
		endpoint: `metrics/get-history of run ${shortId(runId)}, metric "${key.slice(0, 100)}"`,
		field: 'metrics',
		maxPages: client.limits.maxPages,
		strict: true,
		warn,
		runId,
		stopBefore: () =>
			budget.pointsLeft <= 0
				? `the run has more than ${max} points (the cap); later pages were not read`
				: undefined
	};
	for await (const raw of pages(listing, (token) => {
		const q = new URLSearchParams({ run_id: runId, metric_key: key, max_results: String(HISTORY_PAGE) });
		if (token) q.set('page_token', token);
		return client.json(`/api/2.0/mlflow/metrics/get-history?${q}`);
	})) {
		const p = point(raw);
		if (p) {
			packer.push(keyId, p.value, p.step, p.timestamp);
			budget.pointsLeft--;
		} else invalid++;
	}
	if (invalid) {
		const what = `${invalid} point${invalid === 1 ? ' was' : 's were'} skipped`;
		const message = `${listing.endpoint}: ${what}: a value that is not a number, or a step or timestamp that is not an integer.`;
		warn({ kind: 'invalid-item', message, runId });
	}
	return packer.build();
}

/**
 * fn over items, at most `limit` at a time. After a failure no new item starts, and the first error is thrown
 * only once every started call has ended: nothing keeps requesting for a run that is already given up.
 */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	let failure: { error: unknown } | undefined;
	const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length && !failure) {
			const i = next++;
			try {
				results[i] = await fn(items[i] as T);
			} catch (error) {
				failure ??= { error };
			}
		}
	});
	await Promise.all(workers);
	if (failure) throw failure.error;
	return results;
}
