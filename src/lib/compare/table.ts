// The compare table: one row per param, latest metric and tag, one column per run; "differences only" and
// deltas against a baseline run.
import type { Run } from '$lib/model/types';
import { NOTE_TAG } from '$lib/model/types';
import { asNumber, fieldId, type FieldKind, type FieldTable } from './fields';

export interface CompareRow {
	id: string;
	kind: FieldKind;
	key: string;
	values: (string | number | null)[];
	/** Some run differs from another (a missing value counts as different). */
	differs: boolean;
}

export interface Delta {
	/** value − baseline value. */
	absolute: number;
	/** Relative change; null when the baseline is 0. */
	relative: number | null;
}

const sameValue = (a: string | number | null, b: string | number | null): boolean =>
	a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));

export function valuesDiffer(values: (string | number | null)[]): boolean {
	return values.some((v) => !sameValue(v, values[0] ?? null));
}

/** Rows of one section ('p', 'm' or 't'); the note tag is left out (it has its own page). */
export function compareRows(table: FieldTable, kind: FieldKind, diffOnly: boolean): CompareRow[] {
	return table
		.ofKind(kind)
		.filter((f) => !(kind === 't' && f.key === NOTE_TAG))
		.map((f) => {
			const values = table.values(f.id);
			return { id: fieldId(kind, f.key), kind, key: f.key, values, differs: valuesDiffer(values) };
		})
		.filter((row) => !diffOnly || row.differs);
}

/** A value's change from the baseline's; null when either is not a number (or for the baseline itself). */
export function delta(value: string | number | null, baseline: string | number | null): Delta | null {
	const v = asNumber(value);
	const b = asNumber(baseline);
	if (v === null || b === null || !Number.isFinite(v) || !Number.isFinite(b)) return null;
	return { absolute: v - b, relative: b === 0 ? null : (v - b) / Math.abs(b) };
}

export function formatDelta(d: Delta): string {
	const sign = d.absolute > 0 ? '+' : d.absolute < 0 ? '−' : '±';
	const abs = Math.abs(d.absolute);
	const text =
		abs === 0 ? '0' : abs >= 1e-3 && abs < 1e6 ? String(Number(abs.toPrecision(4))) : abs.toExponential(2);
	const pct =
		d.relative === null || d.absolute === 0 ? '' : ` (${sign}${Math.abs(d.relative * 100).toFixed(1)}%)`;
	return `${sign}${text}${pct}`;
}

/** Run ids in a stable display order: the requested order, unknown ids dropped. */
export function orderRuns(runs: Run[], ids: string[]): Run[] {
	const byId = new Map(runs.map((r) => [r.info.runId, r]));
	return ids.flatMap((id) => byId.get(id) ?? []);
}
