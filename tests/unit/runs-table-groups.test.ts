// Group by in DbApi.queryRunsTable on the real sqlite-wasm: groups by a param or tag value (numbers before text,
// the "(none)" group last), counts and min / mean / max of the metric columns asked for (NaN and missing left
// out), open groups with their runs in table order, the flat total the page scrolls, and bad requests.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbApi, RunGroupsRequest, RunsTableGroupRow, RunsTableRow } from '$lib/api/db-api';
import type { RunboardClient } from '$lib/client/runboard';
import { createTestDb, rejection } from './harness';

let api: DbApi;
let client: RunboardClient;
let exp: string;

// name, start, lr param, loss metric, team tag.
const RUNS: [string, number, string | undefined, number | undefined, string | undefined][] = [
	['a', 1, '0.1', 1, 'x'],
	['b', 2, '0.1', 3, 'x'],
	['c', 3, '0.1', NaN, 'y'],
	['d', 4, '10', 2, undefined],
	['e', 5, '2', undefined, 'y'],
	['f', 6, undefined, 5, undefined],
	['g', 7, 'abc', 4, undefined]
];

beforeAll(async () => {
	({ api, client } = await createTestDb());
	exp = await client.createExperiment('groups');
	for (const [name, start, lr, loss, team] of RUNS) {
		const run = await client.createRun({ experimentId: exp, runName: name, startTime: start });
		await client.logBatch(run.info.runId, {
			params: lr === undefined ? {} : { lr },
			metrics: loss === undefined ? [] : [{ key: 'loss', value: loss, step: 0, timestamp: 1 }],
			tags: team === undefined ? {} : { team }
		});
	}
});

const query = (r: Partial<RunGroupsRequest>) =>
	api.queryRunGroups({
		experimentIds: [exp],
		offset: 0,
		limit: 100,
		groupBy: 'param:lr',
		columns: ['metric:loss', 'param:lr'],
		...r
	});
const label = (row: RunsTableRow | RunsTableGroupRow) =>
	row.kind === 'group' ? `[${row.value ?? '(none)'} ${row.count}]` : row.runName;

describe('group by', () => {
	it('answers one row per value, numbers by value, then text, then the runs without one', async () => {
		const answer = await query({});
		expect(answer.rows.map(label)).toEqual(['[0.1 3]', '[2 1]', '[10 1]', '[abc 1]', '[(none) 1]']);
		expect(answer.total).toBe(5);
	});

	it('gives min / mean / max of each metric column over the group, NaN and missing left out', async () => {
		const [first, two, , , none] = (await query({})).rows as RunsTableGroupRow[];
		expect(first?.stats['metric:loss']).toEqual({ min: 1, mean: 2, max: 3, count: 2 });
		// Run e has no loss: no stats rather than zeros.
		expect(two?.stats['metric:loss']).toBeUndefined();
		expect(none?.stats['metric:loss']).toEqual({ min: 5, mean: 5, max: 5, count: 1 });
		// Only the metric columns asked for.
		const bare = (await query({ columns: [] })).rows[0] as RunsTableGroupRow;
		expect(bare.stats).toEqual({});
	});

	it('shows the runs of open groups after their header, in table order, and counts them in the total', async () => {
		const answer = await query({ expandedGroups: ['0.1', null] });
		expect(answer.rows.map(label)).toEqual([
			'[0.1 3]',
			'c',
			'b',
			'a',
			'[2 1]',
			'[10 1]',
			'[abc 1]',
			'[(none) 1]',
			'f'
		]);
		expect(answer.total).toBe(9);
		expect((answer.rows[0] as RunsTableGroupRow).expanded).toBe(true);
		const sorted = await query({
			expandedGroups: 'all',
			orderBy: [{ column: 'metric:loss', descending: false }]
		});
		expect(sorted.rows.map(label).slice(0, 4)).toEqual(['[0.1 3]', 'a', 'b', 'c']);
		expect(sorted.total).toBe(12);
		// A window in the middle of the sequence.
		const window = await query({ expandedGroups: 'all', offset: 3, limit: 3 });
		expect(window.rows.map(label)).toEqual(['a', '[2 1]', 'e']);
		expect(window.runs).toBe(RUNS.length);
		// All open but one.
		const allBut = await query({ expandedGroups: 'all', collapsedGroups: ['0.1', null] });
		expect(allBut.rows.map(label)).toEqual([
			'[0.1 3]',
			'[2 1]',
			'e',
			'[10 1]',
			'd',
			'[abc 1]',
			'g',
			'[(none) 1]'
		]);
	});

	it('groups by a tag, and follows the filter', async () => {
		const answer = await query({ groupBy: 'tag:team', filter: 'metrics.loss > 1' });
		expect(answer.rows.map(label)).toEqual(['[x 1]', '[(none) 3]']);
		expect((answer.rows[1] as RunsTableGroupRow).stats['metric:loss']).toMatchObject({ min: 2, max: 5 });
	});

	it('groups by a dataset column: by input name, a run with two datasets of the context in both groups', async () => {
		const { api: dbApi, db } = await createTestDb();
		const e = await dbApi.createExperiment('dataset groups');
		const inputs: Record<string, [string, string][]> = {
			one: [['wine', 'train']],
			two: [
				['wine', 'train'],
				['iris', 'train']
			],
			evalOnly: [['iris', 'eval']],
			none: []
		};
		let start = 1;
		for (const [name, list] of Object.entries(inputs)) {
			const run = await dbApi.createRun({ experimentId: e, runName: name, startTime: start++ });
			const pk = db.selectValue('SELECT run_pk FROM runs WHERE run_uuid = ?', [run.info.runId]) as number;
			list.forEach(([dataset, context], position) =>
				db.exec({
					sql: `INSERT INTO run_inputs(run_pk, position, name, digest, source_type, source, schema, profile, context)
						VALUES (?, ?, ?, 'd', 'code', '', '', '', ?)`,
					bind: [pk, position, dataset, context]
				})
			);
		}
		const answer = await dbApi.queryRunGroups({
			experimentIds: [e],
			offset: 0,
			limit: 100,
			groupBy: 'dataset:train',
			expandedGroups: 'all',
			columns: []
		});
		expect(answer.rows.map(label)).toEqual([
			'[iris 1]',
			'two',
			'[wine 2]',
			'two',
			'one',
			'[(none) 2]',
			'none',
			'evalOnly'
		]);
		expect(answer.runs).toBe(4);
	});

	it('says clearly what a bad request is', async () => {
		expect((await rejection(query({ groupBy: 'metric:loss' }))).message).toMatch(/param, tag or dataset/);
		expect((await rejection(query({ groupBy: 'nope:x' }))).message).toMatch(/Unknown column/);
		expect((await rejection(query({ expandedGroups: [3 as unknown as string] }))).message).toMatch(
			/expandedGroups/
		);
		const many = Array.from({ length: 10_001 }, (_, i) => String(i));
		expect((await rejection(query({ expandedGroups: many }))).message).toMatch(/at most 10000 values/);
	});
});
