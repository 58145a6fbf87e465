// What a Compare chart kind is: everything the view needs to know about one kind of chart card, in one object.
// The kinds are listed in ./index.ts; the card (src/lib/components/compare/ChartCard.svelte), the URL
// (src/lib/compare/state.ts) and the add buttons only ever ask that list.
import type { Component } from 'svelte';
import type { Field, FieldTable } from '../fields';

/** A cell of a chart's CSV export. */
export type CsvCell = string | number | null;

/** A chart's settings: its kind and the fields it plots (field ids such as `p:alpha`, see ../fields.ts). */
export interface SpecShape {
	type: string;
}

/** One field a kind plots: a key of its spec, and the picker that sets it. */
export interface Slot<S extends SpecShape> {
	key: Exclude<keyof S, 'type'> & string;
	/** The picker's label and its test id. */
	label: string;
	testId: string;
	/** The fields the picker offers. */
	fields(table: FieldTable): Field[];
	/** An optional slot may be empty (the picker offers "(none)"); a required one must name a field. */
	optional?: true;
}

/** What the metrics and params of a sweep suggest plotting (made by `sweepOf` in ./points.ts). */
export interface Sweep {
	/** The metric most runs have, then the others by coverage. */
	metric: string;
	metrics: string[];
	/** Params by coverage, and those of them with numeric values. */
	params: Field[];
	numericParams: string[];
}

/** A chart card's contents: the chart component with its props, and what the card's frame needs. */
export interface ChartView {
	// Each kind pairs a component with its own props (`chartView` checks the pair), so the card needs no type.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	component: Component<any>;
	props: Record<string, unknown>;
	/** When set, the card shows this message instead of the chart. */
	empty: string;
	/** The chart's data as a table, for the CSV export. */
	csv(): { header: string[]; rows: CsvCell[][] };
}

// Methods (not function-typed properties) so that a ChartKind<ScatterSpec> is a ChartKind of the union.
export interface ChartKind<S extends SpecShape> {
	id: S['type'];
	/** The add button's text. */
	label: string;
	/**
	 * The fields it plots, in the order of its URL entry and its pickers. A spec is stored in the URL as it is
	 * (its JSON), so the slots are its whole URL form: `readChart` keeps an entry whose slots are field ids.
	 */
	slots: Slot<S>[];
	title(spec: S): string;
	/** The chart a sweep suggests (the first charts of a view, and the add button's first choice). */
	start(sweep: Sweep): S | null;
	/** The add button's choice when `start` has none (or the runs have no metric). */
	fallback(table: FieldTable): S | null;
	/** What the card draws: the kind's data derived from the runs, its chart component and its CSV. */
	view(spec: S, table: FieldTable, colors: string[]): ChartView;
}

/** Pairs a chart component with props it accepts (checked here, where the types are known). */
export function chartView<P extends Record<string, unknown>>(
	component: Component<P>,
	props: P,
	rest: Omit<ChartView, 'component' | 'props'>
): ChartView {
	return { component, props, ...rest };
}

/** A URL entry as a spec of this kind: its slots in order, required ones present; anything else dropped. */
export function readSlots<S extends SpecShape>(kind: ChartKind<S>, entry: Record<string, unknown>): S | null {
	const spec: Record<string, string> = { type: kind.id };
	for (const slot of kind.slots) {
		const value = entry[slot.key];
		if (typeof value === 'string') spec[slot.key] = value;
		else if (!slot.optional) return null;
	}
	return spec as unknown as S;
}

/** The field a slot of a spec names (undefined for an empty optional slot). */
export function slotValue<S extends SpecShape>(spec: S, slot: Slot<S>): string | undefined {
	const value: unknown = spec[slot.key];
	return typeof value === 'string' ? value : undefined;
}

/** The spec with one slot set (or an optional one cleared); null when a required slot would be emptied. */
export function setSlot<S extends SpecShape>(spec: S, slot: Slot<S>, value: string | undefined): S | null {
	if (value) return { ...spec, [slot.key]: value };
	if (!slot.optional) return null;
	const rest = { ...spec } as Record<string, unknown>;
	delete rest[slot.key];
	return rest as unknown as S;
}
