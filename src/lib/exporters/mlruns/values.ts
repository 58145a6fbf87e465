// The checks an mlruns/ tree needs beyond MLflow's key and value rules (../mlflow-server/check.ts): every key is a
// file path, so one key cannot also be the folder of another, and metric lines hold integer steps and times.
import type { PackedMetrics } from '$lib/api/db-api';
import type { PushWarning } from '../mlflow-server/check';

export interface Point {
	value: number;
	step: number;
	timestamp: number;
}

/**
 * Keys that can all be files side by side: `a` and `a/b` cannot (`a` would be a file and a folder), so the longer
 * one is left out and reported. Sorted, a key comes after every key that is a folder of it.
 */
export function withoutClashes<T extends { key: string }>(
	what: string,
	items: readonly T[],
	warnings: PushWarning[]
): T[] {
	const kept = new Set<string>();
	const out: T[] = [];
	for (const item of [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
		const parts = item.key.split('/');
		const folder = parts
			.slice(1)
			.map((_, i) => parts.slice(0, i + 1).join('/'))
			.find((f) => kept.has(f));
		if (folder !== undefined) {
			warnings.push({
				kind: 'key-clash',
				message: `${what} "${item.key}" would be a file inside "${folder}", which is a file too in MLflow's folders. It was not exported.`
			});
			continue;
		}
		kept.add(item.key);
		out.push(item);
	}
	return out;
}

/** Each key's points in logged order; a point whose step or time is not an integer MLflow reads is reported. */
export function metricsByKey(
	metrics: PackedMetrics,
	runId: string,
	warnings: PushWarning[]
): Map<string, Point[]> {
	const series = new Map<string, Point[]>();
	for (let i = 0; i < metrics.values.length; i++) {
		const key = metrics.keys[metrics.keyIndex[i] ?? 0] ?? '';
		const point = {
			value: metrics.values[i] ?? NaN,
			step: metrics.steps[i] ?? 0,
			timestamp: metrics.timestamps[i] ?? 0
		};
		if (!Number.isSafeInteger(point.step) || !Number.isSafeInteger(point.timestamp)) {
			warnings.push({
				kind: 'metric-point',
				message: `run ${runId.slice(0, 8)}: a point of metric "${key}" has step ${point.step} and time ${point.timestamp}; MLflow keeps only integers. It was not exported.`,
				runId
			});
			continue;
		}
		let list = series.get(key);
		if (!list) series.set(key, (list = []));
		list.push(point);
	}
	return series;
}
