// Scatter: one field against another, one dot per run, optionally coloured by a third field.
import ScatterChart from '$lib/charts/scatter/ScatterChart.svelte';
import { fieldLabel } from '../fields';
import { chartView, type ChartKind } from './kind';
import { pointRows, runPoints } from './points';
import { emptyUnlessPlotted } from './empty';

export interface ScatterSpec {
	type: 'scatter';
	x: string;
	y: string;
	color?: string;
}

export const scatter: ChartKind<ScatterSpec> = {
	id: 'scatter',
	label: 'Scatter',
	slots: [
		{ key: 'x', label: 'x', testId: 'pick-x', fields: (table) => table.fields },
		{ key: 'y', label: 'y', testId: 'pick-y', fields: (table) => table.fields },
		{ key: 'color', label: 'colour', testId: 'pick-color', fields: (table) => table.fields, optional: true }
	],
	title: (spec) => `${fieldLabel(spec.y)} vs ${fieldLabel(spec.x)}`,
	// A param against the metric (coloured by a second numeric param), the way a sweep is usually read.
	start({ metric, metrics, params, numericParams }) {
		const x = numericParams[0] ?? params[0]?.id;
		if (x) {
			const color = numericParams[1];
			return { type: 'scatter', x, y: metric, ...(color ? { color } : {}) };
		}
		return metrics[1] ? { type: 'scatter', x: metrics[1], y: metric } : null;
	},
	fallback(table) {
		const numeric = table.fields.filter((f) => f.numeric).map((f) => f.id);
		return numeric.length >= 2 ? { type: 'scatter', x: numeric[0]!, y: numeric[1]! } : null;
	},
	view(spec, table, colors) {
		const points = runPoints(table, colors, { x: spec.x, y: spec.y, z: spec.color });
		const color = spec.color;
		return chartView(
			ScatterChart,
			{
				points,
				xLabel: fieldLabel(spec.x),
				yLabel: fieldLabel(spec.y),
				colorLabel: color ? fieldLabel(color) : ''
			},
			{
				empty: emptyUnlessPlotted(points),
				csv: () => ({
					header: ['run_id', 'run_name', fieldLabel(spec.x), fieldLabel(spec.y)].concat(
						color ? [fieldLabel(color)] : []
					),
					rows: pointRows(points, (p) => [p.x, p.y, ...(color ? [p.z ?? null] : [])])
				})
			}
		);
	}
};
