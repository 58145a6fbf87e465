// Group by a param, tag or dataset: the table's runs split by the column's value (missing values form one
// "(none)" group, shown last; a run with two datasets of the grouped context is in both their groups, as in W&B), each group with its count and the min / mean / max of each metric column over its runs (NaN
// ignored). Groups are ordered by value, numbers numerically before text; runs keep the table's order inside
// their group. Values are read once per column (a JSON value, not a row per run) and kept by the caller's cache.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { MetricStats } from '$lib/api/db-api';
import { parseColumnId } from './runs-table-order';
import { METRIC_KEY_ID } from './search-sql';

export interface RunGroup {
	/** The column's value, or null for the runs without it. */
	value: string | null;
	/** The group's runs, in table order. */
	pks: Int32Array;
}

const KV_TABLES = { param: 'params', tag: 'tags' } as const;

function pairs(
	db: Database,
	sql: string,
	key: string
): { pks: number[]; values: (string | number | null)[] } {
	const row = db.selectObject(sql, [key]) as { pks: string; vals: string };
	return { pks: JSON.parse(row.pks) as number[], values: JSON.parse(row.vals) as (string | number | null)[] };
}

/**
 * Each run's values of a param or tag (one) or of a dataset column (the names of its inputs of that context, as
 * many as it has), by run_pk; every experiment's runs: the order keeps only its own.
 */
export function loadGroupValues(db: Database, column: string): Map<number, string[]> {
	const { entity, key } = parseColumnId(column);
	const out = new Map<number, string[]>();
	if (entity === 'dataset') {
		const { pks, values } = pairs(
			db,
			`SELECT json_group_array(run_pk) AS pks, json_group_array(name) AS vals FROM (
				SELECT DISTINCT run_pk, name FROM run_inputs WHERE context = ? ORDER BY run_pk, name)`,
			key
		);
		pks.forEach((pk, i) => out.set(pk, [...(out.get(pk) ?? []), String(values[i])]));
		return out;
	}
	if (entity !== 'param' && entity !== 'tag')
		throw new Error(`not a param, tag or dataset column: ${column}`);
	const { pks, values } = pairs(
		db,
		`SELECT json_group_array(run_pk) AS pks, json_group_array(value) AS vals FROM ${KV_TABLES[entity]}
		WHERE key = ?`,
		key
	);
	pks.forEach((pk, i) => out.set(pk, [String(values[i])]));
	return out;
}

/** A metric's latest value by run_pk; NaN (stored as NULL) and missing are both NaN here: stats skip them. */
export function loadMetricValues(db: Database, column: string, size: number): Float64Array {
	const { key } = parseColumnId(column);
	const { pks, values } = pairs(
		db,
		`SELECT json_group_array(run_pk) AS pks, json_group_array(value) AS vals FROM latest_metrics
		WHERE key_id = ${METRIC_KEY_ID} AND value IS NOT NULL`,
		key
	);
	const out = new Float64Array(size).fill(NaN);
	pks.forEach((pk, i) => {
		if (pk < size) out[pk] = values[i] as number;
	});
	return out;
}

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Numbers by value, then text in code-unit order, then the runs without a value. */
function compareValues(a: string | null, b: string | null): number {
	if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
	const x = NUMBER.test(a);
	const y = NUMBER.test(b);
	if (x && y && Number(a) !== Number(b)) return Number(a) - Number(b);
	if (x !== y) return x ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/** The order's runs split by value, in a linear pass plus a sort of the distinct values. */
export function groupRuns(order: Int32Array, values: ReadonlyMap<number, readonly string[]>): RunGroup[] {
	const members = new Map<string | null, number[]>();
	const add = (value: string | null, pk: number) => {
		let list = members.get(value);
		if (!list) members.set(value, (list = []));
		list.push(pk);
	};
	for (const pk of order) {
		const of = values.get(pk);
		if (of === undefined || of.length === 0) add(null, pk);
		else for (const value of of) add(value, pk);
	}
	return [...members.keys()]
		.sort(compareValues)
		.map((value) => ({ value, pks: Int32Array.from(members.get(value) as number[]) }));
}

/** min / mean / max of a metric over a group's runs, NaN and missing left out; null when none has a number. */
export function metricStats(pks: Int32Array, values: Float64Array): MetricStats | null {
	let count = 0;
	let sum = 0;
	let min = Infinity;
	let max = -Infinity;
	for (const pk of pks) {
		const v = values[pk];
		if (v === undefined || Number.isNaN(v)) continue;
		count++;
		sum += v;
		if (v < min) min = v;
		if (v > max) max = v;
	}
	return count === 0 ? null : { min, mean: sum / count, max, count };
}
