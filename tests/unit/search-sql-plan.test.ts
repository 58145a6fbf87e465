// How a metric, param or tag comparison is read: the runs whose value is in range, off the (key_id, value) or
// (key, value) indexes of migration 7 (one range per clause), not one primary-key lookup per run in scope (~0.5–1.3 s at 100,000 runs).
// The results themselves are tested in search-sql.test.ts; this checks the plan SQLite picks.
import { beforeAll, describe, expect, it } from 'vitest';
import sqlite3InitModule, { type Database } from '@sqlite.org/sqlite-wasm';
import { parseFilter } from '$lib/search/parse';
import { migrate } from '../../workers/db/migrations';
import { buildRunSearchSql } from '../../workers/db/search-sql';

let db: Database;

beforeAll(async () => {
	const sqlite3 = await sqlite3InitModule();
	db = new sqlite3.oo1.DB(':memory:', 'c');
	migrate(db);
});

function plan(filter: string): string {
	const scope = { experimentIds: [1], lifecycle: 'active' as const, limit: 100, offset: 0 };
	const { sql, bind } = buildRunSearchSql(parseFilter(filter), [], scope);
	const rows = db.selectArrays(`EXPLAIN QUERY PLAN ${sql}`, bind);
	return rows.map((row) => String(row[3])).join('\n');
}

describe('a metric, param or tag clause reads an index range', () => {
	it.each(['metrics.loss < 0.5', 'metrics.loss >= 2', 'metrics.loss = 1'])('%s', (filter) => {
		expect(plan(filter)).toMatch(
			/SEARCH lm USING (COVERING )?INDEX latest_metrics_by_value \(key_id=\? AND value[<>=]/
		);
	});

	it.each([
		["params.model = 'LR'", 'params_by_value'],
		["tags.team = 'x'", 'tags_by_value']
	])('%s', (filter, index) => {
		expect(plan(filter)).toMatch(
			new RegExp(`SEARCH kv USING (COVERING )?INDEX ${index} \\(key=\\? AND value=\\?\\)`)
		);
	});

	it('a missing metric is still a lookup of the run', () => {
		expect(plan('metrics.loss IS NULL')).toMatch(/SEARCH lm USING PRIMARY KEY \(run_pk=\? AND key_id=\?\)/);
	});
});
