// Bar: one metric's latest value per run, a bar each.
import BarChart from '$lib/charts/bar/BarChart.svelte';
import { fieldLabel } from '../fields';
import { chartView, type ChartKind } from './kind';
import { pointRows, runPoints } from './points';

export interface BarSpec {
	type: 'bar';
	metric: string;
}

export const bar: ChartKind<BarSpec> = {
	id: 'bar',
	label: 'Bar',
	slots: [{ key: 'metric', label: 'metric', testId: 'pick-metric', fields: (table) => table.ofKind('m') }],
	title: (spec) => `${fieldLabel(spec.metric)} per run`,
	start: ({ metric }) => ({ type: 'bar', metric }),
	// Without a metric there is nothing to draw a bar of.
	fallback: () => null,
	view(spec, table, colors) {
		// The run name stands in for x: a bar is labelled by its run.
		const points = runPoints(table, colors, { y: spec.metric, xDefault: 'runName' });
		const drawn = points.some((p) => p.x !== null && p.y !== null && Number.isFinite(p.y as number));
		return chartView(
			BarChart,
			{ points, valueLabel: fieldLabel(spec.metric) },
			{
				empty: drawn ? '' : `No run has a finite ${fieldLabel(spec.metric)}.`,
				csv: () => ({
					header: ['run_id', 'run_name', fieldLabel(spec.metric)],
					rows: pointRows(points, (p) => [p.y])
				})
			}
		);
	}
};
