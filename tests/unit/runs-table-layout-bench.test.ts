// Nested runs and group by at 100,000 runs (RUNS_TABLE_LAYOUT_RUNS to change it) through DbApi on the real
// sqlite-wasm: the first window (order, parent links, tree or groups and stats), then windows after a collapse or
// an opened group, which reuse the cached order. Figures are printed with their targets, never asserted: the
// assertions check the answers.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbApi, RunsTableGroupRow } from '$lib/api/db-api';
import { createDbApi } from '../../workers/db/api';

const N = Number(process.env.RUNS_TABLE_LAYOUT_RUNS ?? 100_000);
let api: DbApi;
let exp: string;

beforeAll(async () => {
	const sqlite3 = await sqlite3InitModule();
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
	exp = await api.createExperiment('layout bench');
	// Written straight into the tables (a test fixture, not the product's write path): a tenth of the runs are
	// parents of the nine after them, one 2-cycle, lr in 7 values (none for every 11th), loss NaN every 13th.
	db.exec(`
		WITH RECURSIVE x(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM x WHERE i < ${N})
		INSERT INTO runs (run_pk, run_uuid, experiment_id, name, status, start_time)
		SELECT i, printf('%032x', i), ${Number(exp)}, 'run-' || i, 'FINISHED', i FROM x;
		INSERT INTO tags (run_pk, key, value)
		SELECT run_pk, 'mlflow.parentRunId', printf('%032x', run_pk - run_pk % 10 + 10) FROM runs
		WHERE run_pk % 10 <> 0 AND run_pk - run_pk % 10 + 10 <= ${N};
		UPDATE tags SET value = printf('%032x', 2) WHERE run_pk = 1 AND key = 'mlflow.parentRunId';
		INSERT OR REPLACE INTO tags (run_pk, key, value) VALUES (2, 'mlflow.parentRunId', printf('%032x', 1));
		INSERT INTO params (run_pk, key, value) SELECT run_pk, 'lr', CAST(run_pk % 7 AS TEXT) FROM runs
		WHERE run_pk % 11 <> 0;
		INSERT INTO metric_keys (key) VALUES ('loss');
		INSERT INTO latest_metrics (run_pk, key_id, step, timestamp, value)
		SELECT run_pk, (SELECT key_id FROM metric_keys WHERE key = 'loss'), 0, 0,
			CASE WHEN run_pk % 13 = 0 THEN NULL ELSE (run_pk * 37) % 1000 / 10.0 END FROM runs;
	`);
});

async function timed<T>(what: string, target: string, f: () => Promise<T>): Promise<T> {
	const start = performance.now();
	const out = await f();
	console.log(
		`${what} at ${N.toLocaleString('en')} runs: ${(performance.now() - start).toFixed(0)} ms (${target})`
	);
	return out;
}

describe(`nested runs and group by at ${N} runs`, () => {
	it('answers the nested table, and a collapse from the cached order', async () => {
		const request = { experimentIds: [exp], offset: 0, limit: 100, nested: true, columns: ['metric:loss'] };
		await timed('flat, first window (the order alone, for comparison)', 'target ≤ 300 ms', () =>
			api.queryRunsTable({ ...request, nested: false })
		);
		const first = await timed(
			'nested, first window (parent links + tree over that order)',
			'target ≤ 100 ms',
			() => api.queryRunsTable({ ...request, expanded: 'all' })
		);
		expect([first.total, first.runs]).toEqual([N, N]);
		expect(first.rows[0]?.childCount).toBe(9);
		const collapsed = await timed('nested, collapse all (cached tree)', 'target ≤ 100 ms', () =>
			api.queryRunsTable({ ...request, expanded: [] })
		);
		// Top level: a tenth of the runs, plus the 2-cycle's runs, which the loop puts there.
		expect(collapsed.total).toBe(N / 10 + 2);
		await timed('nested, a window deep in the table', 'target ≤ 100 ms', () =>
			api.queryRunsTable({ ...request, expanded: 'all', offset: N - 200 })
		);
	});

	it('answers the table grouped by a param with loss stats, and an opened group', async () => {
		const request = {
			experimentIds: [exp],
			offset: 0,
			limit: 100,
			groupBy: 'param:lr',
			columns: ['metric:loss']
		};
		const first = await timed('grouped, first window (values + stats)', 'target ≤ 300 ms', () =>
			api.queryRunGroups(request)
		);
		expect(first.total).toBe(8);
		const none = first.rows[7] as RunsTableGroupRow;
		expect(none.value).toBeNull();
		expect(none.count).toBe(Math.floor(N / 11));
		const open = await timed('grouped, open one group (cached groups)', 'target ≤ 100 ms', () =>
			api.queryRunGroups({ ...request, expandedGroups: ['3'] })
		);
		expect(open.rows[3]).toMatchObject({ kind: 'group', value: '3', expanded: true });
		expect(open.rows[4]?.kind).toBeUndefined();
	});
});
