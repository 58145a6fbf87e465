// The Compare chart kinds, in one list: the add buttons, the URL, the first charts of a view and the chart
// cards all ask it. A new kind is a file beside these (see ./kind.ts) registered here, plus its golden
// (tests/unit/chart-goldens.test.ts fails for a kind without one).
import type { FieldTable } from '../fields';
import { readSlots, type ChartKind } from './kind';
import { sweepOf } from './points';
import { scatter } from './scatter';
import { contour } from './contour';
import { bar } from './bar';
import { box } from './box';

/** Every kind, in the order of the add buttons. */
export const CHART_KINDS = [scatter, contour, bar, box] as const;

/** The kinds a view starts with (each when the sweep suggests one), in this order. */
const STARTING_KINDS = [scatter, bar, box, contour] as const;

type SpecOf<K> = K extends ChartKind<infer S> ? S : never;
/** One chart card's settings, as the URL keeps them: a kind's spec. */
export type ChartSpec = SpecOf<(typeof CHART_KINDS)[number]>;
export type ChartType = ChartSpec['type'];

// Looked up by a spec's own type, a kind is only ever handed specs of that type: the one cast that says so.
const BY_ID = new Map<string, ChartKind<ChartSpec>>(
	CHART_KINDS.map((kind) => [kind.id, kind as unknown as ChartKind<ChartSpec>])
);

export function chartKind(type: ChartType): ChartKind<ChartSpec> {
	return BY_ID.get(type)!;
}

/** A chart entry of a URL as a spec, or null when it is no kind's (decoding never throws). */
export function readChart(entry: unknown): ChartSpec | null {
	if (typeof entry !== 'object' || entry === null) return null;
	const o = entry as Record<string, unknown>;
	const kind = typeof o.type === 'string' ? BY_ID.get(o.type) : undefined;
	return kind ? readSlots(kind, o) : null;
}

/** A first set of charts from the data: what each starting kind suggests, the way a sweep is usually read. */
export function defaultCharts(table: FieldTable): ChartSpec[] {
	const sweep = sweepOf(table);
	return sweep ? STARTING_KINDS.flatMap((kind) => kind.start(sweep) ?? []) : [];
}

/** The chart an add button adds: what the sweep suggests, else any fields that fit; null when none fit. */
export function newChart(type: ChartType, table: FieldTable): ChartSpec | null {
	const kind = chartKind(type);
	const sweep = sweepOf(table);
	return (sweep ? kind.start(sweep) : null) ?? kind.fallback(table);
}
