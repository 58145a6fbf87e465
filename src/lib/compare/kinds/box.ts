// Box: a numeric field's distribution per value of a param or tag (quartiles, whiskers, outliers).
import BoxChart from '$lib/charts/box/BoxChart.svelte';
import { naturalCompare } from '$lib/charts/common/scales';
import { fieldLabel, type FieldTable } from '../fields';
import { boxStats, groupBy, type BoxStats } from '../stats';
import { chartView, type ChartKind } from './kind';

export interface BoxSpec {
	type: 'box';
	metric: string;
	groupBy: string;
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

const CSV_HEADER = ['n', 'min whisker', 'q1', 'median', 'q3', 'max whisker', 'mean', 'outliers'];

export const box: ChartKind<BoxSpec> = {
	id: 'box',
	label: 'Box',
	slots: [
		{
			key: 'metric',
			label: 'metric',
			testId: 'pick-metric',
			fields: (table) => table.fields.filter((f) => f.numeric)
		},
		{
			key: 'groupBy',
			label: 'group by',
			testId: 'pick-group',
			fields: (table) => table.fields.filter((f) => f.kind !== 'm')
		}
	],
	title: (spec) => `${fieldLabel(spec.metric)} by ${fieldLabel(spec.groupBy)}`,
	start: ({ metric, params: [first] }) => (first ? { type: 'box', metric, groupBy: first.id } : null),
	fallback(table) {
		const metric = table.ofKind('m')[0]?.id;
		const by = table.fields.find((f) => f.kind !== 'm')?.id;
		return metric && by ? { type: 'box', metric, groupBy: by } : null;
	},
	view(spec, table) {
		const groups = boxGroups(table, spec.metric, spec.groupBy);
		return chartView(
			BoxChart,
			{ groups, valueLabel: fieldLabel(spec.metric), groupLabel: fieldLabel(spec.groupBy) },
			{
				empty: groups.length ? '' : `No run has a finite ${fieldLabel(spec.metric)}.`,
				csv: () => ({
					header: [fieldLabel(spec.groupBy), ...CSV_HEADER],
					rows: groups.map(({ label, stats: s }) => [
						label,
						s.n,
						s.whiskerLow,
						s.q1,
						s.median,
						s.q3,
						s.whiskerHigh,
						s.mean,
						s.outliers.join(' ')
					])
				})
			}
		);
	}
};
