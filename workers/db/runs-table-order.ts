// The runs table's sort columns: column ids (`startTime`, `param:lr`, `metric:loss` …) checked, and each column's
// order read as ranks by run_pk (runs-table-sort.ts sorts with them). Metric, param and tag orders come off the
// indexes of migration 7, so no SQL sorter runs; keys are bind parameters, and only the fixed expressions below
// are spliced into the SQL.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import { datasetColumnValues } from './runs-table-datasets';
import type { ColumnRanks } from './runs-table-sort';
import { orderedRanks, textRanks } from './runs-table-sort';
import { METRIC_KEY_ID, type SqlValue } from './search-sql';

export interface TableOrderTerm {
	column: string;
	descending: boolean;
}

const ATTRIBUTES: ReadonlyMap<string, string> = new Map([
	['runName', "NULLIF(r.name, '') COLLATE NOCASE"],
	['status', 'r.status'],
	['startTime', 'r.start_time'],
	['endTime', 'r.end_time'],
	['duration', '(r.end_time - r.start_time)'],
	['userId', 'r.user_id'],
	['runId', 'r.run_uuid'],
	// A table over several experiments sorts by the experiment's name (a primary-key lookup per run).
	['experiment', '(SELECT e.name FROM experiments e WHERE e.experiment_id = r.experiment_id) COLLATE NOCASE']
]);
const KV_TABLES = { param: 'params', tag: 'tags' } as const;
export const MAX_ORDER_TERMS = 8;

/** `param:lr` → {entity: 'param', key: 'lr'}; an attribute id → {entity: 'attribute'}. */
export function parseColumnId(column: unknown): { entity: string; key: string } {
	if (typeof column !== 'string' || column === '') {
		throw new RunboardError(
			'INVALID_ARGUMENT',
			`A column id must be a non-empty string, got ${typeof column}.`
		);
	}
	const colon = column.indexOf(':');
	if (colon < 0) {
		if (!ATTRIBUTES.has(column)) {
			throw new RunboardError(
				'INVALID_ARGUMENT',
				`Unknown column ${JSON.stringify(column.slice(0, 80))}: use one of ${[...ATTRIBUTES.keys()].join(', ')} ` +
					'or param:<key>, metric:<key>, tag:<key>.'
			);
		}
		return { entity: 'attribute', key: column };
	}
	const entity = column.slice(0, colon);
	const key = column.slice(colon + 1);
	// `dataset:` (inputs without a context) is the one column whose key may be empty.
	if (!['param', 'metric', 'tag', 'dataset'].includes(entity) || (key === '' && entity !== 'dataset')) {
		throw new RunboardError(
			'INVALID_ARGUMENT',
			`Unknown column ${JSON.stringify(column.slice(0, 80))}: use param:<key>, metric:<key>, tag:<key> or dataset:<context>.`
		);
	}
	return { entity, key };
}

/** Checks a list of sort keys: {column, descending} with known column ids, at most MAX_ORDER_TERMS. */
export function checkOrder(terms: unknown): TableOrderTerm[] {
	if (terms === undefined) return [];
	if (!Array.isArray(terms) || terms.length > MAX_ORDER_TERMS) {
		throw new RunboardError(
			'INVALID_ARGUMENT',
			`orderBy must be a list of at most ${MAX_ORDER_TERMS} sort keys.`
		);
	}
	return terms.map((term: Partial<TableOrderTerm> | null) => {
		if (typeof term !== 'object' || term === null || typeof term.descending !== 'boolean') {
			throw new RunboardError('INVALID_ARGUMENT', 'Each sort key must be {column, descending: boolean}.');
		}
		parseColumnId(term.column);
		return { column: term.column as string, descending: term.descending };
	});
}

/** Two parallel JSON arrays (run_pk, value), in the value's order. */
function jsonColumns(
	db: Database,
	sql: string,
	bind: SqlValue[]
): { pks: number[]; values: (number | string | null)[] } {
	const row = db.selectObject(sql, bind) as { pks: string; vals: string };
	return { pks: JSON.parse(row.pks) as number[], values: JSON.parse(row.vals) as (number | string | null)[] };
}

/**
 * The order of one column over every run that has it (other experiments' too: the page keeps only its own).
 * `scope` is the runs' WHERE, for attributes, which have no per-key index to walk.
 */
export function loadColumnRanks(
	db: Database,
	column: string,
	scope: { sql: string; bind: SqlValue[] },
	size: number
): ColumnRanks {
	const { entity, key } = parseColumnId(column);
	if (entity === 'metric') {
		// Walks the (key_id, value) index in order: NaN (stored as NULL) first, ranked -1.
		const { pks, values } = jsonColumns(
			db,
			`SELECT json_group_array(run_pk) AS pks, json_group_array(value) AS vals FROM (
				SELECT run_pk, value FROM latest_metrics WHERE key_id = ${METRIC_KEY_ID} ORDER BY value)`,
			[key]
		);
		return orderedRanks(pks, values, size);
	}
	if (entity === 'param' || entity === 'tag') {
		const { pks, values } = jsonColumns(
			db,
			`SELECT json_group_array(run_pk) AS pks, json_group_array(value) AS vals FROM (
				SELECT run_pk, value FROM ${KV_TABLES[entity]} WHERE key = ? ORDER BY value)`,
			[key]
		);
		return textRanks(pks, values as string[], size);
	}
	if (entity === 'dataset') {
		const { pks, values } = datasetColumnValues(db, key);
		return sortedRanks(pks, values, size);
	}
	const expr = ATTRIBUTES.get(key) as string;
	// Read unordered and sorted here: SQLite's sorter over 100,000 text values took seconds in wasm.
	const { pks, values } = jsonColumns(
		db,
		`SELECT json_group_array(run_pk) AS pks, json_group_array(v) AS vals FROM (
			SELECT r.run_pk, ${expr} AS v FROM runs r WHERE ${scope.sql} AND ${expr} IS NOT NULL)`,
		scope.bind
	);
	const folded = key === 'runName' || key === 'experiment';
	return sortedRanks(pks, folded ? values.map(foldAscii) : values, size);
}

/** What COLLATE NOCASE compares: ASCII letters folded, nothing else. */
function foldAscii(v: number | string | null): number | string | null {
	return typeof v === 'string' ? v.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : v;
}

/** Ranks of unordered values of one type (an attribute's numbers, or its texts in code-unit order). */
function sortedRanks(pks: number[], values: (number | string | null)[], size: number): ColumnRanks {
	const index = Array.from(pks.keys());
	index.sort((a, b) => {
		const x = values[a] as number | string;
		const y = values[b] as number | string;
		return x < y ? -1 : x > y ? 1 : 0;
	});
	return orderedRanks(
		index.map((i) => pks[i] as number),
		index.map((i) => values[i] as number | string),
		size
	);
}
