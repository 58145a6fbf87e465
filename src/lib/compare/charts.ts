// From runs and a chart's spec to what the chart draws; and the charts a view starts with.
import type { Run } from '$lib/model/types';
import type { RunPoint } from '$lib/charts/common/types';
import { naturalCompare } from '$lib/charts/common/scales';
import { fieldLabel, type FieldTable } from './fields';
import type { ChartSpec } from './state';
import { boxStats, groupBy, type BoxStats } from './stats';

/** One point per run: x/y/z as numbers where the field is numeric, as text otherwise. */
export function runPoints(table: FieldTable, colors: string[], spec: ChartSpec): RunPoint[] {
	const pick = (id: string | undefined) =>
		id === undefined
			? null
			: table.field(id)?.numeric
				? table.numbers(id)
				: table.values(id).map((v) => (v === null ? null : String(v)));
	const [xs, ys, zs] =
		spec.type === 'bar'
			? [null, pick(spec.metric), null]
			: spec.type === 'box'
				? [pick(spec.groupBy), pick(spec.metric), null]
				: [pick(spec.x), pick(spec.y), pick(spec.type === 'contour' ? spec.z : spec.color)];
	return table.runs.map((run, i) => ({
		runId: run.info.runId,
		label: run.info.runName || run.info.runId,
		color: colors[i] ?? '#888888',
		x: xs?.[i] ?? (spec.type === 'bar' ? run.info.runName : null),
		y: ys?.[i] ?? null,
		...(zs ? { z: zs[i] ?? null } : {})
	}));
}

/** Box statistics of a metric per value of a field (runs without the field form a "(none)" group). */
export function boxGroups(
	table: FieldTable,
	metric: string,
	by: string
): { label: string; stats: BoxStats }[] {
	const values = table.numbers(metric);
	const keys = table.values(by);
	const indices = values.map((_, i) => i);
	const groups = groupBy(indices, (i) => (keys[i] === null ? null : String(keys[i])));
	return [...groups]
		.sort(([a], [b]) => naturalCompare(a, b))
		.flatMap(([label, members]) => {
			const stats = boxStats(members.flatMap((i) => values[i] ?? []));
			return stats ? [{ label, stats }] : [];
		});
}

export function chartTitle(spec: ChartSpec): string {
	switch (spec.type) {
		case 'scatter':
			return `${fieldLabel(spec.y)} vs ${fieldLabel(spec.x)}`;
		case 'contour':
			return `${fieldLabel(spec.z)} over ${fieldLabel(spec.x)} × ${fieldLabel(spec.y)}`;
		case 'bar':
			return `${fieldLabel(spec.metric)} per run`;
		case 'box':
			return `${fieldLabel(spec.metric)} by ${fieldLabel(spec.groupBy)}`;
	}
}

/** A first set of charts from the data: params against the first metric, the way a sweep is usually read. */
export function defaultCharts(table: FieldTable): ChartSpec[] {
	const metrics = table.byCoverage('m').map((f) => f.id);
	const params = table.byCoverage('p');
	const numericParams = params.filter((f) => f.numeric).map((f) => f.id);
	const metric = metrics[0];
	if (!metric) return [];
	const firstParam = numericParams[0] ?? params[0]?.id;
	const charts: ChartSpec[] = [];
	if (firstParam) {
		const color = numericParams[1];
		charts.push({ type: 'scatter', x: firstParam, y: metric, ...(color ? { color } : {}) });
	} else if (metrics[1]) charts.push({ type: 'scatter', x: metrics[1], y: metric });
	charts.push({ type: 'bar', metric });
	if (params[0]) charts.push({ type: 'box', metric, groupBy: params[0].id });
	if (numericParams.length >= 2)
		charts.push({ type: 'contour', x: numericParams[0]!, y: numericParams[1]!, z: metric });
	return charts;
}

export function newChart(type: ChartSpec['type'], table: FieldTable): ChartSpec | null {
	const found = defaultCharts(table).find((c) => c.type === type);
	if (found) return found;
	const numeric = table.fields.filter((f) => f.numeric).map((f) => f.id);
	const metric = table.ofKind('m')[0]?.id;
	if (type === 'scatter' && numeric.length >= 2) return { type, x: numeric[0]!, y: numeric[1]! };
	if (type === 'contour' && numeric.length >= 3)
		return { type, x: numeric[0]!, y: numeric[1]!, z: numeric[2]! };
	if (type === 'box' && metric) {
		const by = table.fields.find((f) => f.kind !== 'm')?.id;
		if (by) return { type, metric, groupBy: by };
	}
	return null;
}

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
