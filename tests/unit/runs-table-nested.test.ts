// Nested runs in DbApi.queryRunsTable on the real sqlite-wasm: children after their parents in sort order, depth
// and child counts, collapsed and expanded parents, parents that are missing, deleted, filtered out or in another
// experiment, parent loops (self, 2- and 3-cycles) that end with every run exactly once, and pins.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbApi, RunsTableRequest, RunsTableRow } from '$lib/api/db-api';
import type { RunboardClient } from '$lib/client/runboard';
import { buildRunTree, visibleRuns } from '../../workers/db/runs-table-tree';
import { createTestDb } from './harness';

let api: DbApi;
let client: RunboardClient;
let exp: string;
const ids = new Map<string, string>();
const PARENT = 'mlflow.parentRunId';

// name, start time (newest first is the default order), parent (a name, or a run id as is), kind param.
const RUNS: [string, number, string?][] = [
	['P', 50],
	['C1', 41, 'P'],
	['C2', 42, 'P'],
	['G', 43, 'C1'],
	['orphan', 30, 'f'.repeat(32)],
	['elsewhere', 29, 'OTHER'],
	['gone', 28, 'DELETED'],
	['self', 27, 'self'],
	['A', 26, 'B'],
	['B', 25, 'A'],
	['D', 24, 'A'],
	['T1', 23, 'T2'],
	['T2', 22, 'T3'],
	['T3', 21, 'T1']
];

beforeAll(async () => {
	({ api, client } = await createTestDb());
	exp = await client.createExperiment('nested');
	const other = await client.createExperiment('other');
	ids.set('OTHER', (await client.createRun({ experimentId: other, runName: 'other' })).info.runId);
	const deleted = await client.createRun({ experimentId: exp, runName: 'DELETED', startTime: 1 });
	ids.set('DELETED', deleted.info.runId);
	for (const [name, start] of RUNS) {
		const run = await client.createRun({ experimentId: exp, runName: name, startTime: start });
		ids.set(name, run.info.runId);
		await client.logBatch(run.info.runId, { params: { kind: name.startsWith('C') ? 'child' : 'other' } });
	}
	for (const [name, , parent] of RUNS) {
		if (parent) await client.setTag(ids.get(name) as string, PARENT, ids.get(parent) ?? parent);
	}
	await client.deleteRun(deleted.info.runId);
});

const query = async (r: Partial<RunsTableRequest>) =>
	(await api.queryRunsTable({ experimentIds: [exp], offset: 0, limit: 100, nested: true, ...r }))
		.rows as RunsTableRow[];
const shape = (rows: RunsTableRow[]) =>
	rows.map((r) => `${'-'.repeat(r.depth ?? 0)}${r.runName}${r.childCount ? `(${r.childCount})` : ''}`);

describe('nested runs', () => {
	it('puts each child after its parent, in sort order, at any depth', async () => {
		expect(shape(await query({ expanded: 'all' }))).toEqual([
			'P(3)',
			'-C2',
			'-C1(1)',
			'--G',
			'orphan',
			'elsewhere',
			'gone',
			'self',
			'A(1)',
			'-D',
			'B',
			'T1',
			'T2',
			'T3'
		]);
		// Sorted the other way, children follow the sort too.
		const up = await query({ expanded: 'all', orderBy: [{ column: 'startTime', descending: false }] });
		expect(shape(up).slice(-4)).toEqual(['P(3)', '-C1(1)', '--G', '-C2']);
	});

	it('hides the children of collapsed parents, and counts them', async () => {
		const rows = await query({});
		expect(shape(rows).slice(0, 2)).toEqual(['P(3)', 'orphan']);
		expect(rows[0]?.expanded).toBe(false);
		const total = (await api.queryRunsTable({ experimentIds: [exp], offset: 0, limit: 1, nested: true }))
			.total;
		expect(total).toBe(10);
		const one = await query({ expanded: [ids.get('P') as string] });
		expect(shape(one).slice(0, 4)).toEqual(['P(3)', '-C2', '-C1(1)', 'orphan']);
		expect(one[0]?.expanded).toBe(true);
		expect(one[2]?.expanded).toBe(false);
		// All open but one: that one's children stay hidden.
		const allBut = await query({ expanded: 'all', collapsed: [ids.get('C1') as string] });
		expect(shape(allBut).slice(0, 4)).toEqual(['P(3)', '-C2', '-C1(1)', 'orphan']);
	});

	it('shows a child whose parent is not in the view at top level, saying where the parent is', async () => {
		const rows = await query({ expanded: 'all' });
		const why = (name: string) => rows.find((r) => r.runName === name)?.detached;
		expect(why('orphan')).toBe('missing');
		expect(why('elsewhere')).toBe('other-experiment');
		expect(why('gone')).toBe('deleted');
		expect(why('P')).toBeUndefined();
		expect(why('C1')).toBeUndefined();
		const filtered = await query({ expanded: 'all', filter: "params.kind = 'child'" });
		expect(shape(filtered)).toEqual(['C2', 'C1']);
		expect(filtered.map((r) => r.detached)).toEqual(['filtered', 'filtered']);
	});

	it('breaks parent loops: every run of a loop at top level, each run exactly once', async () => {
		const rows = await query({ expanded: 'all' });
		const names = rows.map((r) => r.runName);
		expect([...names].sort()).toEqual(RUNS.map(([n]) => n).sort());
		for (const n of ['self', 'A', 'B', 'T1', 'T2', 'T3'])
			expect(rows.find((r) => r.runName === n)).toMatchObject({ depth: 0, detached: 'loop' });
		expect(rows.find((r) => r.runName === 'D')).toMatchObject({ depth: 1 });
		expect(rows.find((r) => r.runName === 'D')?.detached).toBeUndefined();
	});

	it('keeps pins first: a pinned child at top level, a pinned parent with its children', async () => {
		const pinned = [ids.get('C1') as string, ids.get('A') as string];
		expect(shape(await query({ expanded: 'all', pinned })).slice(0, 6)).toEqual([
			'C1(1)',
			'-G',
			// Pinned, A is at top level, so its loop with B is no loop: B is its child.
			'A(2)',
			'-B',
			'-D',
			'P(1)'
		]);
	});

	it('rejects a bad expanded list, and leaves the flat table as it was without `nested`', async () => {
		await expect(query({ expanded: [1 as unknown as string] })).rejects.toThrow(/expanded must be a list/);
		const flat = (await api.queryRunsTable({ experimentIds: [exp], offset: 0, limit: 100 })).rows;
		expect(flat).toHaveLength(RUNS.length);
		expect(flat[0]).not.toHaveProperty('depth');
	});
});

describe('the run tree at 100,000 runs', () => {
	it('builds a tree of 100,000 runs with loops in one linear pass (figure printed)', () => {
		const n = 100_000;
		const order = Int32Array.from({ length: n }, (_, i) => n - i);
		const parents = new Int32Array(n + 1).fill(-1);
		// A tenth are parents of nine children each; a few hundred 2-cycles and self-loops; a 10,000-run chain.
		for (let pk = 1; pk <= n; pk++)
			if (pk % 10 !== 0) parents[pk] = pk - (pk % 10) + 10 > n ? -1 : pk - (pk % 10) + 10;
		for (let pk = 1; pk <= 500; pk += 2) [parents[pk], parents[pk + 1]] = [pk + 1, pk];
		for (let pk = 600; pk <= 700; pk++) parents[pk] = pk;
		for (let pk = 50_001; pk < 60_000; pk++) parents[pk] = pk + 1;
		// The first call runs before the JIT has compiled it; the page's later calls are like the warm ones.
		const time = <T>(f: () => T): [T, number] => {
			const t = performance.now();
			return [f(), performance.now() - t];
		};
		const [, cold] = time(() => buildRunTree(order, parents, new Set()));
		const [tree, built] = time(() => buildRunTree(order, parents, new Set()));
		const [shown, collapsed] = time(() => visibleRuns(tree, () => false));
		console.log(
			`run tree, 100,000 runs: built in ${built.toFixed(1)} ms (first call ${cold.toFixed(1)} ms), ` +
				`collapsed view in ${collapsed.toFixed(1)} ms (target: well under 100 ms)`
		);
		expect(new Set(tree.pks).size).toBe(n);
		expect(shown.length).toBeLessThan(n);
		expect(tree.depth.reduce((a, b) => Math.max(a, b), 0)).toBeGreaterThan(9_000);
	});
});
