// Contour: a third field as coloured bands over two numeric fields (isobands of the runs' values), runs on top.
import ContourChart from '$lib/charts/contour/ContourChart.svelte';
import { fieldLabel, type FieldTable } from '../fields';
import { chartView, type ChartKind } from './kind';
import { pointRows, runPoints } from './points';
import { emptyUnlessPlotted } from './empty';

export interface ContourSpec {
	type: 'contour';
	x: string;
	y: string;
	z: string;
}

const numeric = (table: FieldTable) => table.fields.filter((f) => f.numeric);

export const contour: ChartKind<ContourSpec> = {
	id: 'contour',
	label: 'Contour',
	slots: [
		{ key: 'x', label: 'x', testId: 'pick-x', fields: numeric },
		{ key: 'y', label: 'y', testId: 'pick-y', fields: numeric },
		{ key: 'z', label: 'z', testId: 'pick-z', fields: numeric }
	],
	title: (spec) => `${fieldLabel(spec.z)} over ${fieldLabel(spec.x)} × ${fieldLabel(spec.y)}`,
	// The metric over the first two numeric params: the surface a grid search samples.
	start: ({ metric, numericParams: [x, y] }) => (x && y ? { type: 'contour', x, y, z: metric } : null),
	fallback(table) {
		const [x, y, z] = numeric(table).map((f) => f.id);
		return x && y && z ? { type: 'contour', x, y, z } : null;
	},
	view(spec, table, colors) {
		const points = runPoints(table, colors, { x: spec.x, y: spec.y, z: spec.z });
		return chartView(
			ContourChart,
			{ points, xLabel: fieldLabel(spec.x), yLabel: fieldLabel(spec.y), zLabel: fieldLabel(spec.z) },
			{
				empty: emptyUnlessPlotted(points),
				csv: () => ({
					header: ['run_id', 'run_name', fieldLabel(spec.x), fieldLabel(spec.y), fieldLabel(spec.z)],
					rows: pointRows(points, (p) => [p.x, p.y, p.z ?? null])
				})
			}
		);
	}
};
