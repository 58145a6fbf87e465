// Filter/order_by AST (src/lib/search) → one parameterised SELECT of run_pk over the schema in migrations.ts.
// Every user-supplied string or number (keys included) is a bind parameter; the only text spliced into the SQL
// comes from the fixed tables below. Semantics: docs/formats.md §4.4 (filters) and §4.5 (ordering).
import { RunboardError } from '$lib/api/errors';
import type { Comparator, Condition, Filter, OrderTerm } from '$lib/search/ast';
import { validateCondition } from '$lib/search/rules';

export type SqlValue = string | number | null;

export interface RunSearchScope {
	experimentIds: number[];
	lifecycle: 'active' | 'deleted' | 'all';
	limit: number;
	offset: number;
}

export interface Fragment {
	sql: string;
	bind: SqlValue[];
}

const ATTRIBUTE_COLUMNS: ReadonlyMap<string, string> = new Map([
	['run_id', 'r.run_uuid'],
	['run_name', 'r.name'],
	['user_id', 'r.user_id'],
	['status', 'r.status'],
	['artifact_uri', 'r.artifact_uri'],
	['start_time', 'r.start_time'],
	['end_time', 'r.end_time']
]);
const KV_TABLES = { param: 'params', tag: 'tags' } as const;
// datasets.<key> → the run_inputs column; an input without the `mlflow.data.context` tag stores context ''.
const DATASET_COLUMNS: ReadonlyMap<string, string> = new Map([
	['name', 'ri.name'],
	['digest', 'ri.digest'],
	['context', 'ri.context']
]);
// Metric keys are interned: resolve the key once, then hit latest_metrics by its primary key.
export const METRIC_KEY_ID = '(SELECT key_id FROM metric_keys WHERE key = ?)';

/**
 * MLflow LIKE → SQLite GLOB. SQLite's LIKE ignores ASCII case, GLOB does not, so LIKE compiles to GLOB:
 * `%` → `*`, `_` → `?`, and GLOB's own metacharacters become one-character classes to stay literal.
 */
export function likeToGlob(pattern: string): string {
	let glob = '';
	for (const c of pattern) {
		if (c === '%') glob += '*';
		else if (c === '_') glob += '?';
		else if (c === '*' || c === '?' || c === '[') glob += `[${c}]`;
		else glob += c;
	}
	return glob;
}

/** `column <comparator> value` for a comparator other than IS [NOT] NULL. */
function compareColumn(column: string, comparator: Comparator, value: Condition['value']): Fragment {
	switch (comparator) {
		case 'LIKE':
			return { sql: `${column} GLOB ?`, bind: [likeToGlob(value as string)] };
		case 'ILIKE':
			// No ESCAPE clause: MLflow's LIKE has no escape character (§4.4). Case folding is ASCII-only in SQLite.
			return { sql: `${column} LIKE ?`, bind: [value as string] };
		case 'IN':
		case 'NOT IN':
			// One bind for the whole list, whatever its length.
			return {
				sql: `${column} ${comparator} (SELECT value FROM json_each(?))`,
				bind: [JSON.stringify(value)]
			};
		default: {
			const slot = valueSlot(value as string | number);
			return { sql: `${column} ${comparator} ${slot.sql}`, bind: slot.bind };
		}
	}
}

/**
 * sqlite-wasm binds every integer-valued number as int64, so 1e20 or 1e308 arrive wrapped or as 0. Such
 * values travel as text and are cast back; JS prints the shortest round-trip form and SQLite parses it exactly.
 */
function valueSlot(value: string | number): Fragment {
	if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
		return { sql: 'CAST(? AS REAL)', bind: [String(value)] };
	}
	return { sql: '?', bind: [value] };
}

const isNullTest = (c: Condition) => c.comparator === 'IS NULL' || c.comparator === 'IS NOT NULL';

/**
 * A metric clause tests the latest value; NaN is stored as NULL, so no comparison (not even `!=`) matches it.
 * A run without the metric fails every comparison (§4.4) and is what `IS NULL` finds.
 * A comparison is the set of runs whose value is in range, read off latest_metrics(key_id, value) once (an index
 * range for <, <=, >, >=, =), not one lookup per run in scope: at 100,000 runs ~0.1–0.5 s became a few ms per
 * thousand matches.
 */
function metricCondition(c: Condition): Fragment {
	if (isNullTest(c)) {
		const row = `SELECT 1 FROM latest_metrics lm WHERE lm.run_pk = r.run_pk AND lm.key_id = ${METRIC_KEY_ID}`;
		return { sql: `${c.comparator === 'IS NULL' ? 'NOT ' : ''}EXISTS (${row})`, bind: [c.key] };
	}
	const test = compareColumn('lm.value', c.comparator, c.value);
	return {
		sql: `r.run_pk IN (SELECT lm.run_pk FROM latest_metrics lm WHERE lm.key_id = ${METRIC_KEY_ID} AND ${test.sql})`,
		bind: [c.key, ...test.bind]
	};
}

/**
 * Params and tags: a run without the key fails every comparison, `!=` and NOT IN included (§4.4). A comparison is
 * the set of runs whose value matches, read off the (key, value) index of migration 7 once, as for metrics.
 */
function keyValueCondition(c: Condition, table: string): Fragment {
	if (isNullTest(c)) {
		const row = `SELECT 1 FROM ${table} kv WHERE kv.run_pk = r.run_pk AND kv.key = ?`;
		return { sql: `${c.comparator === 'IS NULL' ? 'NOT ' : ''}EXISTS (${row})`, bind: [c.key] };
	}
	const test = compareColumn('kv.value', c.comparator, c.value);
	return {
		sql: `r.run_pk IN (SELECT kv.run_pk FROM ${table} kv WHERE kv.key = ? AND ${test.sql})`,
		bind: [c.key, ...test.bind]
	};
}

function attributeCondition(c: Condition): Fragment {
	const column = ATTRIBUTE_COLUMNS.get(c.key) as string; // validateCondition accepted only canonical keys
	if (isNullTest(c)) return { sql: `${column} ${c.comparator}`, bind: [] };
	return compareColumn(column, c.comparator, c.value);
}

/**
 * A run matches if any of its dataset inputs matches (MLflow's semantics), `!=` and NOT IN included; a run
 * without inputs matches nothing. An input without a context has none to compare (MLflow joins the context tag).
 */
function datasetCondition(c: Condition): Fragment {
	const column = DATASET_COLUMNS.get(c.key) as string; // validateCondition accepted only name, digest, context
	const test = compareColumn(column, c.comparator, c.value);
	const hasContext = c.key === 'context' ? " AND ri.context != ''" : '';
	return {
		sql: `EXISTS (SELECT 1 FROM run_inputs ri WHERE ri.run_pk = r.run_pk${hasContext} AND ${test.sql})`,
		bind: test.bind
	};
}

function compileCondition(c: Condition): Fragment {
	validateCondition(c);
	switch (c.entity) {
		case 'metric':
			return metricCondition(c);
		case 'param':
		case 'tag':
			return keyValueCondition(c, KV_TABLES[c.entity]);
		case 'attribute':
			return attributeCondition(c);
		case 'dataset':
			return datasetCondition(c);
	}
}

function join(parts: Fragment[], operator: ' AND ' | ' OR '): Fragment {
	return {
		sql: parts.map((p) => `(${p.sql})`).join(operator),
		bind: parts.flatMap((p) => p.bind)
	};
}

/** Conditions and OR groups, all AND-ed; the empty filter is TRUE. Also the runs table's WHERE. */
export function compileFilter(filter: Filter): Fragment {
	if (typeof filter !== 'object' || filter === null || !Array.isArray(filter.conditions)) {
		throw new RunboardError(
			'INVALID_FILTER',
			'A filter must be {conditions: [...]}; parse it with parseFilter.'
		);
	}
	const groups = (filter.anyOf ?? []).map((group) => {
		if (!Array.isArray(group) || group.length === 0) {
			throw new RunboardError('INVALID_FILTER', 'An OR group must list at least one alternative.');
		}
		return join(group.map(compileFilter), ' OR ');
	});
	const parts = [...filter.conditions.map(compileCondition), ...groups];
	return parts.length === 0 ? { sql: '1', bind: [] } : join(parts, ' AND ');
}

interface Ordering {
	joins: Fragment[];
	keys: string[];
}

/**
 * Each term becomes a rank (present < NaN < missing, in both directions: §4.5) followed by the value. Joins
 * hit unique keys (latest_metrics and params/tags primary keys), so a run never appears twice.
 */
function compileOrder(terms: OrderTerm[]): Ordering {
	const joins: Fragment[] = [];
	const keys: string[] = [];
	if (!Array.isArray(terms)) throw new RunboardError('INVALID_FILTER', 'order_by must be a list of terms.');
	terms.forEach((term, i) => {
		if (typeof term?.key !== 'string' || term.key === '' || typeof term.ascending !== 'boolean') {
			throw new RunboardError('INVALID_FILTER', `Invalid order_by term ${JSON.stringify(term)}.`);
		}
		const dir = term.ascending ? 'ASC' : 'DESC';
		const o = `o${i}`;
		if (term.entity === 'metric') {
			joins.push({
				sql: `LEFT JOIN latest_metrics ${o} ON ${o}.run_pk = r.run_pk AND ${o}.key_id = ${METRIC_KEY_ID}`,
				bind: [term.key]
			});
			keys.push(
				`CASE WHEN ${o}.run_pk IS NULL THEN 2 WHEN ${o}.value IS NULL THEN 1 ELSE 0 END`,
				`${o}.value ${dir}`
			);
		} else if (term.entity === 'param' || term.entity === 'tag') {
			const table = KV_TABLES[term.entity];
			joins.push({
				sql: `LEFT JOIN ${table} ${o} ON ${o}.run_pk = r.run_pk AND ${o}.key = ?`,
				bind: [term.key]
			});
			keys.push(`${o}.run_pk IS NULL`, `${o}.value ${dir}`);
		} else {
			const column = term.entity === 'attribute' ? ATTRIBUTE_COLUMNS.get(term.key) : undefined;
			if (column === undefined) {
				throw new RunboardError(
					'INVALID_FILTER',
					`Cannot order by ${term.entity}.${term.key}: order by metrics, params, tags or one of the attributes ` +
						`${[...ATTRIBUTE_COLUMNS.keys()].join(', ')}.`
				);
			}
			keys.push(`${column} IS NULL`, `${column} ${dir}`);
		}
	});
	// MLflow's default order breaks the remaining ties, so pages are stable.
	keys.push('r.start_time IS NULL', 'r.start_time DESC', 'r.run_uuid ASC');
	return { joins, keys };
}

function checkScope(scope: RunSearchScope): void {
	const count = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
	const bad = (why: string): never => {
		throw new RunboardError('INVALID_ARGUMENT', `Invalid run search scope: ${why}.`);
	};
	if (!Array.isArray(scope.experimentIds) || !scope.experimentIds.every(count)) {
		bad('experimentIds must be a list of experiment ids (non-negative integers)');
	}
	if (!['active', 'deleted', 'all'].includes(scope.lifecycle))
		bad('lifecycle must be active, deleted or all');
	if (!count(scope.limit) || !count(scope.offset)) bad('limit and offset must be non-negative integers');
}

/** One row per matching run (`run_pk`), in the requested order, then MLflow's default order. */
export function buildRunSearchSql(
	filter: Filter,
	orderBy: OrderTerm[],
	scope: RunSearchScope
): { sql: string; bind: SqlValue[] } {
	checkScope(scope);
	const where = compileFilter(filter);
	const { joins, keys } = compileOrder(orderBy);
	const lifecycle = scope.lifecycle === 'all' ? '' : ' AND r.lifecycle_stage = ?';
	const sql = [
		'SELECT r.run_pk FROM runs r',
		...joins.map((j) => j.sql),
		`WHERE r.experiment_id IN (SELECT value FROM json_each(?))${lifecycle}`,
		`AND (${where.sql})`,
		`ORDER BY ${keys.join(', ')}`,
		'LIMIT ? OFFSET ?'
	].join('\n');
	const bind: SqlValue[] = [
		...joins.flatMap((j) => j.bind),
		JSON.stringify(scope.experimentIds),
		...(scope.lifecycle === 'all' ? [] : [scope.lifecycle]),
		...where.bind,
		scope.limit,
		scope.offset
	];
	return { sql, bind };
}
