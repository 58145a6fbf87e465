// The runs table part of DbApi: windows of filtered, sorted runs and the keys for the column chooser. Arguments
// are checked here; the SQL is in workers/db/runs-table.ts. Reads only: no transaction needed.
import { RunboardError } from '$lib/api/errors';
import type { RunsTableApi, RunsTableRequest } from '$lib/api/db-api';
import { checkExperimentId } from '$lib/api/validate';
import { parseFilter } from '$lib/search/parse';
import { checkOrder } from '../runs-table-order';
import {
	loadTableRows,
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

function order(db: ApiContext['db'], request: Omit<RunsTableRequest, 'offset' | 'limit' | 'columns'>) {
	if (typeof request !== 'object' || request === null) bad('Expected {experimentIds, filter?, orderBy?}.');
	const scope = checkScope(request.experimentIds, request.lifecycle);
	const text = checkFilter(request.filter);
	const filter = parseFilter(text);
	const pinned = request.pinned ?? [];
	if (!Array.isArray(pinned) || pinned.length > MAX_PINNED || pinned.some((id) => typeof id !== 'string'))
		bad(`pinned must be a list of at most ${MAX_PINNED} run ids.`);
	return pinFirst(db, orderedRunPks(db, scope, filter, text, checkOrder(request.orderBy)), pinned);
}

export function runsTableApi({ db }: ApiContext): RunsTableApi {
	return {
		async queryRunsTable(request) {
			const pks = order(db, request);
			const { offset, limit } = request;
			if (!Number.isSafeInteger(offset) || offset < 0) bad('offset must be a non-negative integer.');
			if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_WINDOW_ROWS)
				bad(`limit must be an integer from 0 to ${MAX_WINDOW_ROWS}.`);
			const columns = request.columns ?? [];
			if (!Array.isArray(columns) || columns.length > MAX_WINDOW_COLUMNS)
				bad(`columns must be a list of at most ${MAX_WINDOW_COLUMNS} column ids.`);
			const start = Math.min(offset, pks.length);
			const window = pks.subarray(start, Math.min(start + limit, pks.length));
			return { total: pks.length, offset: start, rows: loadTableRows(db, window, columns) };
		},
		async queryRunIds(request) {
			return runIdsOf(db, order(db, request));
		},
		async listRunColumns(experimentIds, lifecycle, options) {
			return runColumns(db, checkScope(experimentIds, lifecycle), options?.counts === true);
		}
	};
}
