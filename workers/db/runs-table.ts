// The runs table's queries: the order of every matching run (run_pk), kept while nothing changes so scrolling
// only reads windows, and the values of a window's rows for the columns shown. The filter's WHERE is the one
// searchRuns uses (search-sql.ts); the ORDER BY is runs-table-order.ts.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { RunColumnKey, RunColumns, RunsTableRow } from '$lib/api/db-api';
import type { RunStatus } from '$lib/model/types';
import { PARENT_RUN_TAG } from '$lib/model/types';
import type { Filter } from '$lib/search/ast';
import { datasetColumns, datasetValues } from './runs-table-datasets';
import { loadColumnRanks, parseColumnId, type TableOrderTerm } from './runs-table-order';
import { sortRunPks } from './runs-table-sort';
import { compileFilter, type SqlValue } from './search-sql';
import { all } from './sql';

export type Lifecycle = 'active' | 'deleted' | 'all';

export interface TableScope {
	experimentIds: number[];
	lifecycle: Lifecycle;
}

function scopeWhere(scope: TableScope): { sql: string; bind: SqlValue[] } {
	const lifecycle = scope.lifecycle === 'all' ? '' : ' AND r.lifecycle_stage = ?';
	return {
		sql: `r.experiment_id IN (SELECT value FROM json_each(?))${lifecycle}`,
		bind: [JSON.stringify(scope.experimentIds), ...(scope.lifecycle === 'all' ? [] : [scope.lifecycle])]
	};
}

/**
 * What the database holds right now, cheaply: writes on this connection (total_changes) and commits by another
 * one (data_version). Cached orders are reused only while this is unchanged.
 */
function changeStamp(db: Database): string {
	return `${db.changes(true, true)}/${String(db.selectValue('PRAGMA data_version'))}`;
}

// Kept while nothing changes: the matching runs of the last few filters, each column's ranks, and the last
// sorted order, so scrolling reads only windows and a new sort re-reads only the column it adds.
const CACHE_ENTRIES = 8;
let cache: { db: Database; stamp: string; size: number; entries: Map<string, unknown> } | undefined;

export function cached<T>(db: Database, key: string, load: (size: number) => T): T {
	const stamp = changeStamp(db);
	if (cache?.db !== db || cache.stamp !== stamp) {
		const size = Number(db.selectValue('SELECT ifnull(max(run_pk), 0) + 1 FROM runs'));
		cache = { db, stamp, size, entries: new Map() };
	}
	const { entries, size } = cache;
	if (entries.has(key)) return entries.get(key) as T;
	const value = load(size);
	if (entries.size >= CACHE_ENTRIES) entries.delete(entries.keys().next().value as string);
	entries.set(key, value);
	return value;
}

/**
 * The matching runs in the default order, newest first (missing start times last, then the latest stored). For
 * one experiment, the runs_by_experiment index gives that order without sorting.
 */
function baseOrder(db: Database, scope: TableScope, filter: Filter): Int32Array {
	const where = compileFilter(filter);
	const one = scope.experimentIds.length === 1;
	const scoped = one
		? {
				sql: `r.experiment_id = ?${scope.lifecycle === 'all' ? '' : ' AND r.lifecycle_stage = ?'}`,
				bind: [scope.experimentIds[0] as number, ...(scope.lifecycle === 'all' ? [] : [scope.lifecycle])]
			}
		: scopeWhere(scope);
	// One text value for the whole order: stepping 100,000 rows across the wasm boundary costs far more.
	const text = db.selectValue(
		`SELECT group_concat(run_pk) FROM (SELECT r.run_pk FROM runs r WHERE ${scoped.sql} AND (${where.sql})
		ORDER BY ${one ? '' : 'r.experiment_id, '}r.start_time DESC, r.run_pk DESC)`,
		[...scoped.bind, ...where.bind]
	) as string | null | undefined;
	return text ? Int32Array.from(text.split(','), Number) : new Int32Array(0);
}

/** Every matching run_pk in table order. `filterText` names the parsed filter in the caches. */
export function orderedRunPks(
	db: Database,
	scope: TableScope,
	filter: Filter,
	filterText: string,
	orderBy: TableOrderTerm[]
): Int32Array {
	const scopeKey = JSON.stringify(scope);
	const baseKey = `base ${scopeKey} ${filterText}`;
	return cached(db, `order ${baseKey} ${JSON.stringify(orderBy)}`, () => {
		const base = cached(db, baseKey, () => baseOrder(db, scope, filter));
		const keys = orderBy.map((term) => ({
			...cached(db, `ranks ${term.column} ${term.column.includes(':') ? '' : scopeKey}`, (size) =>
				loadColumnRanks(db, term.column, scopeWhere(scope), size)
			),
			descending: term.descending
		}));
		return sortRunPks(base, keys);
	});
}

/**
 * The order with the pinned runs that are in it moved to the front, both parts keeping their order (a stable
 * partition, linear: pins change without re-sorting).
 */
export function pinFirst(db: Database, pks: Int32Array, pinnedIds: string[]): Int32Array {
	if (pinnedIds.length === 0 || pks.length === 0) return pks;
	const pinned = new Set(
		all<{ run_pk: number }>(
			db,
			'SELECT run_pk FROM runs WHERE run_uuid IN (SELECT value FROM json_each(?))',
			[JSON.stringify(pinnedIds)]
		).map((r) => r.run_pk)
	);
	const out = new Int32Array(pks.length);
	let front = 0;
	for (const pk of pks) if (pinned.has(pk)) out[front++] = pk;
	let back = front;
	for (const pk of pks) if (!pinned.has(pk)) out[back++] = pk;
	return out;
}

/** The run ids of run_pks, in their order, in one text value (not a row per run: see baseOrder). */
export function runIdsOf(db: Database, pks: ArrayLike<number>): string[] {
	if (pks.length === 0) return [];
	const text = db.selectValue(
		`SELECT group_concat(r.run_uuid, ',' ORDER BY j.key) FROM json_each(?) j JOIN runs r ON r.run_pk = j.value`,
		[JSON.stringify(Array.from(pks))]
	) as string;
	return text.split(',');
}

type RunRow = {
	run_pk: number;
	run_uuid: string;
	experiment_id: number;
	experiment_name: string;
	name: string;
	status: RunStatus;
	start_time: number | null;
	end_time: number | null;
	parent: string | null;
};

/** The rows of a window, in the window's order, with the values of the param/metric/tag columns asked for. */
export function loadTableRows(db: Database, pks: ArrayLike<number>, columns: string[]): RunsTableRow[] {
	const list = JSON.stringify(Array.from(pks));
	const runs = all<RunRow>(
		db,
		`SELECT r.run_pk, r.run_uuid, r.experiment_id, r.name,
			(SELECT e.name FROM experiments e WHERE e.experiment_id = r.experiment_id) AS experiment_name, r.status, r.start_time, r.end_time,
			(SELECT t.value FROM tags t WHERE t.run_pk = r.run_pk AND t.key = ?) AS parent
		FROM runs r WHERE r.run_pk IN (SELECT value FROM json_each(?))`,
		[PARENT_RUN_TAG, list]
	);
	const rows = new Map<number, RunsTableRow>(
		runs.map((r) => [
			r.run_pk,
			{
				runId: r.run_uuid,
				experimentId: String(r.experiment_id),
				experimentName: r.experiment_name,
				runName: r.name,
				status: r.status,
				startTime: r.start_time,
				endTime: r.end_time,
				parentRunId: r.parent,
				values: {}
			}
		])
	);
	const wanted = {
		param: [] as string[],
		metric: [] as string[],
		tag: [] as string[],
		dataset: [] as string[]
	};
	for (const c of columns) {
		const { entity, key } = parseColumnId(c);
		if (entity !== 'attribute') wanted[entity as keyof typeof wanted].push(key);
	}
	const fill = (kind: string, found: { run_pk: number; key: string; value: string | number | null }[]) => {
		for (const f of found) {
			const row = rows.get(f.run_pk);
			// A metric's NaN is stored as NULL.
			if (row) row.values[`${kind}:${f.key}`] = f.value === null ? NaN : f.value;
		}
	};
	const inWindow = 'run_pk IN (SELECT value FROM json_each(?)) AND key IN (SELECT value FROM json_each(?))';
	for (const [kind, table] of [
		['param', 'params'],
		['tag', 'tags']
	] as const) {
		if (wanted[kind].length === 0) continue;
		fill(
			kind,
			all(db, `SELECT run_pk, key, value FROM ${table} WHERE ${inWindow}`, [
				list,
				JSON.stringify(wanted[kind])
			])
		);
	}
	fill('dataset', datasetValues(db, list, wanted.dataset));
	if (wanted.metric.length > 0) {
		fill(
			'metric',
			all(
				db,
				`SELECT lm.run_pk, mk.key, lm.value FROM latest_metrics lm JOIN metric_keys mk ON mk.key_id = lm.key_id
				WHERE lm.run_pk IN (SELECT value FROM json_each(?)) AND mk.key IN (SELECT value FROM json_each(?))`,
				[list, JSON.stringify(wanted.metric)]
			)
		);
	}
	return Array.from(pks, (pk) => rows.get(pk) as RunsTableRow);
}

/**
 * Each distinct key of a params/tags table, walked off its (key, value) index one key at a time (a skip scan):
 * a step per key, not per row, so 3,000,000 params of 30 keys cost 30 steps.
 */
const distinctKeys = (table: string) => `WITH RECURSIVE k(key) AS (
	SELECT min(key) FROM ${table} UNION ALL SELECT (SELECT min(key) FROM ${table} WHERE key > k.key) FROM k
	WHERE k.key IS NOT NULL) SELECT key FROM k WHERE key IS NOT NULL`;

/**
 * Each param, metric and tag key the runs in scope have: cheap (a step per key, and per key the first run in
 * scope), so the page can pick its columns before the first rows. With `counts`, how many runs have each
 * (a pass over every value: for the column chooser, asked for when it opens).
 */
export function runColumns(db: Database, scope: TableScope, counts: boolean): RunColumns {
	const scoped = scopeWhere(scope);
	const runs = Number(db.selectValue(`SELECT count(*) FROM runs r WHERE ${scoped.sql}`, scoped.bind));
	const inScope = `x.run_pk IN (SELECT r.run_pk FROM runs r WHERE ${scoped.sql})`;
	const read = (sql: string) =>
		all<{ key: string; count: number }>(db, sql, scoped.bind).map((k): RunColumnKey => ({
			key: k.key,
			count: k.count
		}));
	if (counts) {
		return {
			runs,
			params: read(
				`SELECT x.key, count(*) AS count FROM params x WHERE ${inScope} GROUP BY x.key ORDER BY x.key`
			),
			// Grouped by the interned id first, named after: a string per group, not per row.
			metrics: read(
				`SELECT mk.key, c.count FROM (SELECT x.key_id, count(*) AS count FROM latest_metrics x WHERE ${inScope}
				GROUP BY x.key_id) c JOIN metric_keys mk ON mk.key_id = c.key_id ORDER BY mk.key`
			),
			tags: read(
				`SELECT x.key, count(*) AS count FROM tags x WHERE ${inScope} GROUP BY x.key ORDER BY x.key`
			),
			datasets: datasetColumns(db, scoped, true)
		};
	}
	// -1: not counted. Each key is kept if one run in scope has it.
	const exists = (table: string, test: string) =>
		`EXISTS (SELECT 1 FROM ${table} x JOIN runs r ON r.run_pk = x.run_pk WHERE ${test} AND ${scoped.sql})`;
	const kv = (table: string) =>
		read(
			`SELECT d.key, -1 AS count FROM (${distinctKeys(table)}) d WHERE ${exists(table, 'x.key = d.key')} ORDER BY d.key`
		);
	return {
		runs,
		params: kv('params'),
		metrics: read(
			`SELECT mk.key, -1 AS count FROM metric_keys mk WHERE ${exists('latest_metrics', 'x.key_id = mk.key_id')}
			ORDER BY mk.key`
		),
		tags: kv('tags'),
		datasets: datasetColumns(db, scoped, false)
	};
}
