// One runs table over several experiments: the URL form, where its column choice is kept, its title; and the
// worker's side on the real sqlite-wasm — rows name their experiment, filter and sort act across all of them.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbApi } from '$lib/api/db-api';
import {
	columnsKeyOf,
	experimentIdsFromUrl,
	experimentSetPath,
	experimentsTitle,
	MAX_EXPERIMENTS
} from '$lib/components/runs/experiment-set';
import type { RunboardClient } from '$lib/client/runboard';
import { createTestDb } from './harness';

describe('the URL of a table over several experiments', () => {
	it('reads ?with= ids after the page experiment, each once, digits only, at most MAX_EXPERIMENTS', () => {
		const params = new URLSearchParams('with=3&with=2&with=3&with=x&with=1&with=&filter=a');
		expect(experimentIdsFromUrl('1', params)).toEqual(['1', '3', '2']);
		expect(experimentIdsFromUrl('7', new URLSearchParams())).toEqual(['7']);
		const many = new URLSearchParams(Array.from({ length: 80 }, (_, i) => ['with', String(i + 10)]));
		expect(experimentIdsFromUrl('1', many)).toHaveLength(MAX_EXPERIMENTS);
	});

	it('writes the first id as the page and the others as ?with=; none is no page', () => {
		expect(experimentSetPath(['4', '9', '12'])).toEqual({ id: '4', search: '?with=9&with=12' });
		expect(experimentSetPath(['4', '4'])).toEqual({ id: '4', search: '' });
		expect(experimentSetPath([])).toBeNull();
	});

	it('keeps one column choice per set whatever its order, and titles it by count', () => {
		expect(columnsKeyOf(['12', '4', '9'])).toBe('4+9+12');
		expect(columnsKeyOf(['9', '12', '4'])).toBe('4+9+12');
		expect(columnsKeyOf(['4'])).toBe('4');
		expect(experimentsTitle(['1', '2', '3'], 'first')).toBe('3 experiments');
		expect(experimentsTitle(['1'], 'first')).toBe('first');
	});
});

describe('the runs table over several experiments', () => {
	let api: DbApi;
	let client: RunboardClient;
	const exps: string[] = [];

	beforeAll(async () => {
		({ api, client } = await createTestDb());
		let start = 1;
		for (const [name, runs] of [
			['beta', ['b1', 'b2']],
			['Alpha', ['a1']],
			['other', ['o1']]
		] as const) {
			const exp = await client.createExperiment(name);
			exps.push(exp);
			for (const runName of runs) {
				const run = await client.createRun({ experimentId: exp, runName, startTime: start++ });
				await client.logBatch(run.info.runId, {
					metrics: [{ key: 'loss', value: start, step: 0, timestamp: 1 }],
					params: { [`only_${name}`]: runName }
				});
			}
		}
	});

	it("names each row's experiment, filters and sorts across them, and lists every experiment's keys", async () => {
		const both = [exps[0]!, exps[1]!];
		const table = await api.queryRunsTable({
			experimentIds: both,
			offset: 0,
			limit: 10,
			orderBy: [{ column: 'experiment', descending: false }]
		});
		expect(table.rows.map((r) => [r.experimentName, r.experimentId, r.runName])).toEqual([
			['Alpha', exps[1], 'a1'],
			['beta', exps[0], 'b2'],
			['beta', exps[0], 'b1']
		]);
		const filtered = await api.queryRunsTable({
			experimentIds: both,
			filter: 'metrics.loss >= 3',
			orderBy: [{ column: 'startTime', descending: true }],
			offset: 0,
			limit: 10
		});
		expect(filtered.rows.map((r) => r.runName)).toEqual(['a1', 'b2']);
		const keys = await api.listRunColumns(both);
		expect(keys.params.map((k) => k.key)).toEqual(['only_Alpha', 'only_beta']);
		expect(await api.queryRunIds({ experimentIds: both })).toHaveLength(3);
	});
});
