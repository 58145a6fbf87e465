// The message a card shows instead of its chart when the runs give it nothing to draw.
import type { RunPoint } from '$lib/charts/common/types';
import { fieldLabel, type FieldTable } from '../fields';
import { slotValue, type ChartKind, type SpecShape } from './kind';

/** The required fields of a spec that no run has: named first, since no other setting can help. */
export function missingFields<S extends SpecShape>(kind: ChartKind<S>, spec: S, table: FieldTable): string {
	const missing = kind.slots
		.filter((slot) => !slot.optional)
		.map((slot) => slotValue(spec, slot))
		.filter((id): id is string => id !== undefined && !table.has(id));
	return missing.length ? `No run has ${missing.map(fieldLabel).join(', ')}.` : '';
}

/** Points need both an x and a y to be drawn. */
export function emptyUnlessPlotted(points: RunPoint[]): string {
	return points.some((p) => p.x !== null && p.y !== null) ? '' : 'No run has both values.';
}
