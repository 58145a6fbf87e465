// What the kinds of one value per run share: a point per run, and what a sweep's fields suggest plotting.
import type { RunPoint } from '$lib/charts/common/types';
import type { FieldTable } from '../fields';
import type { CsvCell, Sweep } from './kind';

/** The fields a point takes its values from; a missing `x` falls back to `xDefault` of the run. */
export interface PointFields {
	x?: string;
	y?: string;
	z?: string;
	/** x when no field gives one (a bar's run name). */
	xDefault?: 'runName';
}

/** A field's values in run order: numbers where the field is numeric, text otherwise. */
function valuesOf(table: FieldTable, id: string | undefined) {
	if (id === undefined) return null;
	return table.field(id)?.numeric
		? table.numbers(id)
		: table.values(id).map((v) => (v === null ? null : String(v)));
}

/** One point per run: x/y/z as numbers where the field is numeric, as text otherwise. */
export function runPoints(table: FieldTable, colors: string[], fields: PointFields): RunPoint[] {
	const xs = valuesOf(table, fields.x);
	const ys = valuesOf(table, fields.y);
	const zs = valuesOf(table, fields.z);
	return table.runs.map((run, i) => ({
		runId: run.info.runId,
		label: run.info.runName || run.info.runId,
		color: colors[i] ?? '#888888',
		x: xs?.[i] ?? (fields.xDefault === 'runName' ? run.info.runName : null),
		y: ys?.[i] ?? null,
		...(zs ? { z: zs[i] ?? null } : {})
	}));
}

/** A CSV of points: run id and name, then one column per value. */
export function pointRows(points: RunPoint[], values: (p: RunPoint) => CsvCell[]): CsvCell[][] {
	return points.map((p) => [p.runId, p.label, ...values(p)]);
}

/** What a sweep offers to plot; null when the runs have no metric (then no chart starts). */
export function sweepOf(table: FieldTable): Sweep | null {
	const metrics = table.byCoverage('m').map((f) => f.id);
	const params = table.byCoverage('p');
	const metric = metrics[0];
	if (!metric) return null;
	return { metric, metrics, params, numericParams: params.filter((f) => f.numeric).map((f) => f.id) };
}
