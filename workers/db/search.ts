// searchRuns: MLflow filter + order_by → SQL (search-sql.ts) → whole runs, with offset page tokens.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import type { SearchRunsRequest, SearchRunsResponse } from '$lib/api/db-api';
import { checkExperimentId } from '$lib/api/validate';
import { parseFilter, parseOrderBy } from '$lib/search/parse';
import { loadRuns } from './runs';
import { buildRunSearchSql } from './search-sql';
import { all } from './sql';

const MAX_RESULTS = 50_000;

function decodePageToken(token: string | undefined): number {
	if (token === undefined || token === '') return 0;
	try {
		const parsed = JSON.parse(atob(token)) as { offset?: unknown };
		if (typeof parsed.offset === 'number' && Number.isSafeInteger(parsed.offset) && parsed.offset >= 0) {
			return parsed.offset;
		}
	} catch {
		// fall through to the error below
	}
	throw new RunboardError(
		'INVALID_ARGUMENT',
		'Invalid page token: pass the nextPageToken of a previous search.'
	);
}

function encodePageToken(offset: number): string {
	return btoa(JSON.stringify({ offset }));
}

export function searchRuns(db: Database, request: SearchRunsRequest): SearchRunsResponse {
	if (typeof request !== 'object' || request === null || !Array.isArray(request.experimentIds)) {
		throw new RunboardError(
			'INVALID_ARGUMENT',
			'searchRuns needs {experimentIds: string[], filter?, orderBy?}.'
		);
	}
	const experimentIds = request.experimentIds.map((id) => Number(checkExperimentId(id)));
	const maxResults = request.maxResults ?? 1000;
	if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
		throw new RunboardError('INVALID_ARGUMENT', `maxResults must be an integer from 1 to ${MAX_RESULTS}.`);
	}
	if (request.filter !== undefined && typeof request.filter !== 'string') {
		throw new RunboardError('INVALID_FILTER', 'The filter must be a string, e.g. "metrics.rmse < 1".');
	}
	const filter = parseFilter(request.filter ?? '');
	const orderBy = parseOrderBy(request.orderBy ?? []);
	const offset = decodePageToken(request.pageToken);
	const lifecycle =
		request.runViewType === 'ALL' ? 'all' : request.runViewType === 'DELETED_ONLY' ? 'deleted' : 'active';
	// One row more than asked tells whether there is a next page.
	const { sql, bind } = buildRunSearchSql(filter, orderBy, {
		experimentIds,
		lifecycle,
		limit: maxResults + 1,
		offset
	});
	const pks = all<{ run_pk: number }>(db, sql, bind).map((r) => r.run_pk);
	const hasMore = pks.length > maxResults;
	const runs = loadRuns(db, pks.slice(0, maxResults));
	return hasMore ? { runs, nextPageToken: encodePageToken(offset + maxResults) } : { runs };
}
