// The runs table part of DbApi: windows of filtered, sorted runs and the keys for the column chooser. Arguments
// are checked here; the SQL is in workers/db/runs-table.ts. Reads only: no transaction needed.
import { RunboardError } from '$lib/api/errors';
import type {
	RunGroupsRequest,
	RunsTableApi,
	RunsTableEntry,
	RunsTableRequest,
	RunsTableRow
} from '$lib/api/db-api';
import { checkExperimentId } from '$lib/api/validate';
import { parseFilter } from '$lib/search/parse';
import { checkOrder, parseColumnId } from '../runs-table-order';
import { flatLayout, groupedLayout, nestedLayout, pksOf, type TableLayout } from '../runs-table-layout';
import {
	orderedRunPks,
	pinFirst,
	runColumns,
	runIdsOf,
	type Lifecycle,
	type TableScope
} from '../runs-table';
import type { ApiContext } from './context';

/** The most rows one window may hold, and columns one window may carry (a 2,000-column experiment fits). */
export const MAX_WINDOW_ROWS = 1_000;
export const MAX_WINDOW_COLUMNS = 5_000;
/** As many pins as anyone could read at the top of a table. */
export const MAX_PINNED = 1_000;
/** As many open (or, with 'all', closed) groups as a URL can name. */
export const MAX_LISTED_GROUPS = 10_000;

function bad(message: string): never {
	throw new RunboardError('INVALID_ARGUMENT', message);
}

function checkScope(experimentIds: unknown, lifecycle: unknown): TableScope {
	if (!Array.isArray(experimentIds) || experimentIds.length === 0)
		bad('experimentIds must be a non-empty list.');
	const life = lifecycle ?? 'active';
	if (life !== 'active' && life !== 'deleted' && life !== 'all')
		bad('lifecycle must be active, deleted or all.');
	return {
		experimentIds: experimentIds.map((id) => Number(checkExperimentId(id))),
		lifecycle: life as Lifecycle
	};
}

function checkFilter(filter: unknown): string {
	if (filter === undefined) return '';
	if (typeof filter !== 'string') {
		throw new RunboardError('INVALID_FILTER', 'The filter must be a string, e.g. "metrics.rmse < 1".');
	}
	return filter;
}

type OrderRequest = Omit<RunsTableRequest, 'offset' | 'limit' | 'columns'>;

function order(db: ApiContext['db'], request: OrderRequest) {
	if (typeof request !== 'object' || request === null) bad('Expected {experimentIds, filter?, orderBy?}.');
	const scope = checkScope(request.experimentIds, request.lifecycle);
	const text = checkFilter(request.filter);
	const filter = parseFilter(text);
	const pinned = checkIds(request.pinned, 'pinned');
	const orderBy = checkOrder(request.orderBy);
	const pks = pinFirst(db, orderedRunPks(db, scope, filter, text, orderBy), pinned);
	// Names this order in the caches of the layouts built on it.
	const key = JSON.stringify([scope, text, orderBy, pinned]);
	return { pks, scope, pinned, key };
}

function checkIds(ids: unknown, name: string): string[] {
	if (ids === undefined) return [];
	if (!Array.isArray(ids) || ids.length > MAX_PINNED || ids.some((id) => typeof id !== 'string'))
		bad(`${name} must be a list of at most ${MAX_PINNED} run ids.`);
	return ids as string[];
}

function checkValues(values: unknown, name: string): (string | null)[] {
	if (values === undefined) return [];
	if (
		!Array.isArray(values) ||
		values.length > MAX_LISTED_GROUPS ||
		values.some((v) => v !== null && typeof v !== 'string')
	)
		bad(
			`${name} must be 'all' or a list of at most ${MAX_LISTED_GROUPS} values (null for the runs without one).`
		);
	return values as (string | null)[];
}

/** The runs nested under their parents (with `nested`), or as the order has them. */
function runsLayout(db: ApiContext['db'], request: RunsTableRequest): TableLayout<RunsTableRow> {
	const { pks, scope, pinned, key } = order(db, request);
	if (request.nested !== true) return flatLayout(pks);
	const open = request.expanded ?? [];
	const listed = pksOf(
		db,
		open === 'all' ? checkIds(request.collapsed, 'collapsed') : checkIds(open, 'expanded')
	);
	const isOpen = open === 'all' ? (pk: number) => !listed.has(pk) : (pk: number) => listed.has(pk);
	return nestedLayout(db, pks, key, pksOf(db, pinned), isOpen, scope);
}

/** The runs grouped by a param's, tag's or dataset's value, with the stats of the metric columns asked for. */
function groupsLayout(
	db: ApiContext['db'],
	request: RunGroupsRequest,
	columns: string[]
): TableLayout<RunsTableEntry> {
	const { pks, key } = order(db, request);
	const { entity } = parseColumnId(request.groupBy);
	if (entity !== 'param' && entity !== 'tag' && entity !== 'dataset')
		bad('groupBy must be a param, tag or dataset column (param:x, tag:x, dataset:<context>).');
	const open = request.expandedGroups ?? [];
	const listed = new Set(checkValues(open === 'all' ? request.collapsedGroups : open, 'expandedGroups'));
	const isOpen = open === 'all' ? (v: string | null) => !listed.has(v) : (v: string | null) => listed.has(v);
	const metrics = columns.filter((c) => c.startsWith('metric:'));
	return groupedLayout(db, pks, key, request.groupBy, isOpen, metrics);
}

/** Checks the window's offset, limit and columns, and answers that window of the layout. */
function answer<Row>(
	db: ApiContext['db'],
	request: RunsTableRequest,
	arrange: (columns: string[]) => TableLayout<Row>
): { total: number; runs: number; offset: number; rows: Row[] } {
	const { offset, limit } = request;
	if (!Number.isSafeInteger(offset) || offset < 0) bad('offset must be a non-negative integer.');
	if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_WINDOW_ROWS)
		bad(`limit must be an integer from 0 to ${MAX_WINDOW_ROWS}.`);
	const columns = request.columns ?? [];
	if (!Array.isArray(columns) || columns.length > MAX_WINDOW_COLUMNS)
		bad(`columns must be a list of at most ${MAX_WINDOW_COLUMNS} column ids.`);
	const rows = arrange(columns);
	const start = Math.min(offset, rows.length);
	const end = Math.min(start + limit, rows.length);
	return { total: rows.length, runs: rows.runs, offset: start, rows: rows.window(db, start, end, columns) };
}

export function runsTableApi({ db }: ApiContext): RunsTableApi {
	return {
		async queryRunsTable(request) {
			return answer(db, request, () => runsLayout(db, request));
		},
		async queryRunGroups(request) {
			if (typeof request !== 'object' || request === null) bad('Expected {experimentIds, groupBy, …}.');
			return answer(db, request, (columns) => groupsLayout(db, request, columns));
		},
		async queryRunIds(request) {
			return runIdsOf(db, order(db, request).pks);
		},
		async listRunColumns(experimentIds, lifecycle, options) {
			return runColumns(db, checkScope(experimentIds, lifecycle), options?.counts === true);
		}
	};
}
