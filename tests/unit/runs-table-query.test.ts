// DbApi.queryRunsTable / queryRunIds / listRunColumns on the real sqlite-wasm: windows, multi-key sorts with
// missing values last and NaN after numbers, the MLflow filter, hostile input, and the cached order's renewal.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbApi, RunsTableRequest } from '$lib/api/db-api';
import type { RunboardClient } from '$lib/client/runboard';
import { createTestDb, rejection } from './harness';

let api: DbApi;
let client: RunboardClient;
let exp: string;

interface Spec {
	name: string;
	start: number;
	loss?: number;
	lr?: string;
	tag?: string;
	parent?: string;
}
const SPECS: Spec[] = [
	{ name: 'a', start: 1, loss: 3, lr: '0.5', tag: 'x' },
	{ name: 'b', start: 2, lr: '10' },
	{ name: 'c', start: 3, loss: NaN, lr: '2', tag: 'y' },
	{ name: 'd', start: 4, loss: 1, lr: 'abc' },
	{ name: 'e', start: 5, loss: 2 }
];
const ids = new Map<string, string>();

beforeAll(async () => {
	({ api, client } = await createTestDb());
	exp = await client.createExperiment('table');
	for (const s of SPECS) {
		const run = await client.createRun({ experimentId: exp, runName: s.name, startTime: s.start });
		ids.set(s.name, run.info.runId);
		await client.logBatch(run.info.runId, {
			metrics: s.loss === undefined ? [] : [{ key: 'loss', value: s.loss, step: 0, timestamp: 1 }],
			params: s.lr === undefined ? {} : { lr: s.lr },
			tags: {
				...(s.tag === undefined ? {} : { team: s.tag }),
				...(s.name === 'e' ? { 'mlflow.parentRunId': '' } : {})
			}
		});
	}
	await client.setTag(ids.get('e') as string, 'mlflow.parentRunId', ids.get('a') as string);
});

const query = (r: Partial<RunsTableRequest>) =>
	api.queryRunsTable({ experimentIds: [exp], offset: 0, limit: 100, ...r });
const names = async (r: Partial<RunsTableRequest>) => (await query(r)).rows.map((row) => row.runName);

describe('queryRunsTable', () => {
	it('answers newest first by default, with the total and the window asked for', async () => {
		expect(await names({})).toEqual(['e', 'd', 'c', 'b', 'a']);
		const window = await query({ offset: 1, limit: 2 });
		expect(window.total).toBe(5);
		expect(window.offset).toBe(1);
		expect(window.rows.map((r) => r.runName)).toEqual(['d', 'c']);
		expect((await query({ offset: 99, limit: 2 })).rows).toEqual([]);
	});

	it('sorts metrics numerically, NaN after numbers and missing last, in both directions', async () => {
		expect(await names({ orderBy: [{ column: 'metric:loss', descending: false }] })).toEqual([
			'd',
			'e',
			'a',
			'c',
			'b'
		]);
		expect(await names({ orderBy: [{ column: 'metric:loss', descending: true }] })).toEqual([
			'a',
			'e',
			'd',
			'c',
			'b'
		]);
	});

	it('sorts numeric params as numbers, then text, then missing (descending flips all but missing)', async () => {
		expect(await names({ orderBy: [{ column: 'param:lr', descending: false }] })).toEqual([
			'a',
			'c',
			'b',
			'd',
			'e'
		]);
		expect(await names({ orderBy: [{ column: 'param:lr', descending: true }] })).toEqual([
			'd',
			'b',
			'c',
			'a',
			'e'
		]);
	});

	it('sorts by several keys: the second breaks the first one’s ties', async () => {
		const orderBy = [
			{ column: 'tag:team', descending: false },
			{ column: 'metric:loss', descending: true }
		];
		// x: a; y: c; missing team: e (2), d (1), b (missing loss).
		expect(await names({ orderBy })).toEqual(['a', 'c', 'e', 'd', 'b']);
	});

	it('sorts by run name without regard to ASCII case, equal names in the default order', async () => {
		const other = await client.createExperiment('table-names');
		for (const [runName, startTime] of [
			['beta', 1],
			['Alpha', 2],
			['alpha', 3],
			['Ärger', 4],
			['ZED', 5]
		] as const)
			await client.createRun({ experimentId: other, runName, startTime });
		const sorted = async (descending: boolean) =>
			(
				await api.queryRunsTable({
					experimentIds: [other],
					offset: 0,
					limit: 10,
					orderBy: [{ column: 'runName', descending }]
				})
			).rows.map((row) => row.runName);
		// 'alpha' (newer) before 'Alpha' as equals keep newest first; non-ASCII letters sort after ASCII (as SQLite).
		expect(await sorted(false)).toEqual(['alpha', 'Alpha', 'beta', 'ZED', 'Ärger']);
		expect(await sorted(true)).toEqual(['Ärger', 'ZED', 'beta', 'alpha', 'Alpha']);
		await api.deleteExperiment(other);
	});

	it('carries the values of the columns asked for, NaN kept and missing absent, and the parent', async () => {
		const { rows } = await query({
			orderBy: [{ column: 'runName', descending: false }],
			columns: ['param:lr', 'metric:loss', 'tag:team', 'metric:nope']
		});
		expect(rows[0]?.values).toEqual({ 'param:lr': '0.5', 'metric:loss': 3, 'tag:team': 'x' });
		expect(rows[1]?.values).toEqual({ 'param:lr': '10' });
		expect(rows[2]?.values['metric:loss']).toBeNaN();
		expect(rows[4]?.parentRunId).toBe(ids.get('a'));
		expect(rows[0]?.parentRunId).toBeNull();
		expect(rows[0]?.runId).toBe(ids.get('a'));
	});

	it('filters with the MLflow grammar; an unknown key matches nothing', async () => {
		const r = await query({
			filter: 'metrics.loss <= 2',
			orderBy: [{ column: 'runName', descending: false }]
		});
		expect(r.total).toBe(2);
		expect(r.rows.map((row) => row.runName)).toEqual(['d', 'e']);
		expect((await query({ filter: "params.nope = '1'" })).total).toBe(0);
		expect(
			await names({ filter: "tags.team IN ('x', 'y')", orderBy: [{ column: 'runName', descending: false }] })
		).toEqual(['a', 'c']);
	});

	it('refuses an invalid filter with INVALID_FILTER, never a raw SQL error', async () => {
		for (const filter of [
			'metrics.loss <',
			"params.lr = '0.5' OR 1=1 --",
			'lifecycle_stage = "deleted"',
			'x'.repeat(10_000)
		]) {
			const e = await rejection(query({ filter }));
			expect(e.code, filter.slice(0, 40)).toBe('INVALID_FILTER');
			expect(e.message).not.toMatch(/SQLITE|sqlite3|syntax error/i);
		}
	});

	it('treats quotes, backslashes and SQL in values as plain text', async () => {
		expect((await query({ filter: "params.lr = ''' OR 1=1 --'" })).total).toBe(0);
		expect((await query({ filter: "params.lr = 'a\\\\'" })).total).toBe(0);
		const long = `params.lr = '${'q'.repeat(9_980)}'`;
		expect(long.length).toBeGreaterThan(9_990);
		expect((await query({ filter: long })).total).toBe(0);
	});

	it('refuses bad windows, columns and sort keys with INVALID_ARGUMENT', async () => {
		for (const bad of [
			{ offset: -1 },
			{ limit: 1_000_000 },
			{ columns: ['bogus'] },
			{ columns: ['param:'] },
			{ orderBy: [{ column: 'drop table runs', descending: false }] },
			{ orderBy: [{ column: 'runName' }] as unknown as RunsTableRequest['orderBy'] },
			{ experimentIds: ['1; --'] }
		]) {
			expect((await rejection(query(bad))).code, JSON.stringify(bad)).toBe('INVALID_ARGUMENT');
		}
	});

	it('sees a change made after an order was cached', async () => {
		expect((await query({})).total).toBe(5);
		const run = await client.createRun({ experimentId: exp, runName: 'f', startTime: 6 });
		expect(await names({ limit: 1 })).toEqual(['f']);
		await client.deleteRun(run.info.runId);
		expect((await query({})).total).toBe(5);
		expect((await query({ lifecycle: 'deleted' })).rows.map((r) => r.runName)).toEqual(['f']);
		expect((await query({ lifecycle: 'all' })).total).toBe(6);
	});
});

describe('queryRunIds and listRunColumns', () => {
	it('lists every matching run id in table order', async () => {
		const order = await api.queryRunIds({
			experimentIds: [exp],
			filter: 'metrics.loss > 0',
			orderBy: [{ column: 'metric:loss', descending: false }]
		});
		expect(order).toEqual(['d', 'e', 'a'].map((n) => ids.get(n)));
	});

	it('puts pinned runs first in the table order, only those that match; bad pins are refused', async () => {
		const pinned = [ids.get('b'), ids.get('e'), 'f'.repeat(32)] as string[];
		const orderBy = [{ column: 'runName', descending: false }];
		// b and e first (in name order), then the rest; the unknown id changes nothing.
		expect(await names({ orderBy, pinned })).toEqual(['b', 'e', 'a', 'c', 'd']);
		// A pinned run the filter excludes stays out.
		expect(await names({ orderBy, pinned, filter: 'metrics.loss > 0' })).toEqual(['e', 'a', 'd']);
		expect((await query({ orderBy, pinned, offset: 1, limit: 2 })).rows.map((r) => r.runName)).toEqual([
			'e',
			'a'
		]);
		expect(await api.queryRunIds({ experimentIds: [exp], orderBy, pinned })).toEqual(
			['b', 'e', 'a', 'c', 'd'].map((n) => ids.get(n))
		);
		for (const bad of [['x'.repeat(5)].concat(Array(1000).fill('y')), 'b', [1]])
			expect((await rejection(query({ pinned: bad as string[] }))).code).toBe('INVALID_ARGUMENT');
	});

	it('counts each key over the runs in scope', async () => {
		const keys = await api.listRunColumns([exp]);
		expect(keys.params).toEqual([{ key: 'lr', count: -1 }]);
		expect(keys.tags.map((t) => t.key)).toEqual(expect.arrayContaining(['mlflow.parentRunId', 'team']));
		expect((await api.listRunColumns([exp], 'deleted')).params).toEqual([]);
		const columns = await api.listRunColumns([exp], 'active', { counts: true });
		expect(columns.runs).toBe(5);
		expect(columns.params).toEqual([{ key: 'lr', count: 4 }]);
		expect(columns.metrics).toEqual([{ key: 'loss', count: 4 }]);
		expect(columns.tags).toContainEqual({ key: 'team', count: 2 });
		expect(columns.tags).toContainEqual({ key: 'mlflow.parentRunId', count: 1 });
	});
});
