// A "field" is one thing known about every run: a param, a latest metric or a tag, named `p:alpha`, `m:rmse`,
// `t:team`. Charts and the URL state refer to fields by these short ids.
import type { Run } from '$lib/model/types';

export type FieldKind = 'p' | 'm' | 't';
export type FieldId = `${FieldKind}:${string}`;

export interface Field {
	id: FieldId;
	kind: FieldKind;
	key: string;
	/** Every present value parses as a finite number (metrics always count as numeric). */
	numeric: boolean;
}

const KIND_LABEL: Record<FieldKind, string> = { p: 'param', m: 'metric', t: 'tag' };

export function fieldId(kind: FieldKind, key: string): FieldId {
	return `${kind}:${key}`;
}

export function parseFieldId(id: string): { kind: FieldKind; key: string } | null {
	const kind = id.slice(0, 1);
	if ((kind !== 'p' && kind !== 'm' && kind !== 't') || id[1] !== ':') return null;
	return { kind, key: id.slice(2) };
}

export function fieldLabel(id: string): string {
	const parsed = parseFieldId(id);
	return parsed ? `${KIND_LABEL[parsed.kind]} ${parsed.key}` : id;
}

/** One run's value of a field: a number for metrics, the logged string for params and tags, null when absent. */
export function rawValue(run: Run, id: string): string | number | null {
	const parsed = parseFieldId(id);
	if (!parsed) return null;
	const list = parsed.kind === 'm' ? run.data.metrics : parsed.kind === 'p' ? run.data.params : run.data.tags;
	const found = list.find((x) => x.key === parsed.key);
	return found ? found.value : null;
}

/** Strings such as "0.5" or "1e-3" count as numbers; "", "abc", "NaN" and "inf" do not. */
export function asNumber(v: string | number | null): number | null {
	if (v === null) return null;
	if (typeof v === 'number') return v;
	if (v.trim() === '') return null;
	const n = Number(v);
	return Number.isFinite(n) ? n : null;
}

/** Indexes every run's params, metrics and tags once, so charts over thousands of runs do not search lists. */
export class FieldTable {
	readonly fields: Field[];
	private readonly columns = new Map<string, (string | number | null)[]>();

	constructor(readonly runs: Run[]) {
		const add = (kind: FieldKind, key: string, i: number, v: string | number) => {
			const id = fieldId(kind, key);
			let column = this.columns.get(id);
			if (!column) {
				column = new Array<string | number | null>(runs.length).fill(null);
				this.columns.set(id, column);
			}
			column[i] = v;
		};
		runs.forEach((run, i) => {
			for (const p of run.data.params) add('p', p.key, i, p.value);
			for (const m of run.data.metrics) add('m', m.key, i, m.value);
			for (const t of run.data.tags) add('t', t.key, i, t.value);
		});
		this.fields = [...this.columns.keys()].sort(compareIds).map((id) => {
			const { kind, key } = parseFieldId(id)!;
			const column = this.columns.get(id)!;
			const numeric = kind === 'm' || column.every((v) => v === null || asNumber(v) !== null);
			return { id: id as FieldId, kind, key, numeric };
		});
	}

	has(id: string): boolean {
		return this.columns.has(id);
	}

	field(id: string): Field | undefined {
		return this.fields.find((f) => f.id === id);
	}

	/** Values of a field in run order (null where a run lacks it). */
	values(id: string): (string | number | null)[] {
		return this.columns.get(id) ?? new Array<null>(this.runs.length).fill(null);
	}

	/** Numeric values of a field (null where absent or not a finite number; metric NaN/±Inf stay as they are). */
	numbers(id: string): (number | null)[] {
		return this.values(id).map((v) => (typeof v === 'number' ? v : asNumber(v)));
	}

	ofKind(kind: FieldKind): Field[] {
		return this.fields.filter((f) => f.kind === kind);
	}

	/** How many runs have a value for the field. */
	count(id: string): number {
		return this.columns.get(id)?.reduce<number>((n, v) => n + (v === null ? 0 : 1), 0) ?? 0;
	}

	/** Fields of a kind, those most runs have first (a key one run logged is a poor default axis). */
	byCoverage(kind: FieldKind): Field[] {
		const counts = new Map(this.ofKind(kind).map((f) => [f.id, this.count(f.id)]));
		return this.ofKind(kind).sort((a, b) => counts.get(b.id)! - counts.get(a.id)!);
	}
}

const KIND_ORDER: Record<string, number> = { p: 0, m: 1, t: 2 };

function compareIds(a: string, b: string): number {
	return (KIND_ORDER[a[0]!] ?? 3) - (KIND_ORDER[b[0]!] ?? 3) || a.localeCompare(b);
}
