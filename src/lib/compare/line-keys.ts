// Which metrics the Compare view draws as line charts (src/lib/components/compare/LineCharts.svelte).
import type { Run } from '$lib/model/types';

/** Metric keys logged by at least two of the runs (every key when there is one run), sorted. */
export function sharedMetricKeys(runs: readonly Run[]): string[] {
	const counts = new Map<string, number>();
	for (const r of runs) for (const m of r.data.metrics) counts.set(m.key, (counts.get(m.key) ?? 0) + 1);
	const need = runs.length > 1 ? 2 : 1;
	return [...counts]
		.filter(([, n]) => n >= need)
		.map(([k]) => k)
		.sort((a, b) => a.localeCompare(b));
}
