// What the leaderboard reads (src/lib/leaderboard/load.ts) over real imports: three participants' bundles dropped
// at once (tagged runboard.source per file), one of them in an experiment of another name, and a run logged here.
// Through the real client and DbApi on sqlite-wasm.
import { describe, expect, it } from 'vitest';
import { boardKeys, experimentsWithSources, scoredRuns } from '$lib/leaderboard/load';
import { rankParticipants } from '$lib/leaderboard/rank';
import { createTestDb } from './harness';

/** A participant's profile: runs in `experiment` with these rmse values and alphas, exported as a bundle. */
async function participant(experiment: string, rmse: number[]): Promise<Blob> {
	const { client } = await createTestDb();
	const experimentId = await client.createExperiment(experiment);
	for (const [i, value] of rmse.entries()) {
		const run = await client.createRun({ experimentId, runName: `${experiment}-${i}`, startTime: 1000 + i });
		await client.logBatch(run.info.runId, {
			metrics: [{ key: 'rmse', value, step: 0 }],
			params: [
				{ key: 'alpha', value: String(i / 10) },
				{ key: '__proto__', value: 'x' }
			]
		});
	}
	return client.exportBundle();
}

describe('the leaderboard’s reads', () => {
	it('finds the participants’ experiments and scores every run with its source and params', async () => {
		const files = [
			{ path: 'alice.zip', file: await participant('workshop', [0.5, 0.3]) },
			{ path: 'bob.runboard.zip', file: await participant('workshop', [0.4, NaN, 0.45]) },
			{ path: 'chen.zip', file: await participant('workshop-chen', [0.9]) }
		];
		const { client } = await createTestDb();
		const report = await client.importFiles(files);
		expect(report.runsAdded).toBe(6);
		const here = await client.createExperiment('mine');
		const mine = await client.createRun({ experimentId: here, runName: 'local' });
		await client.logMetric(mine.info.runId, 'rmse', 0.1);

		const all = (await client.searchExperiments({})).map((e) => e.experimentId);
		const byName = new Map((await client.searchExperiments({})).map((e) => [e.name, e.experimentId]));
		// Same name merges (alice and bob share "workshop"); another name stays its own experiment.
		expect(await experimentsWithSources(client, all)).toEqual(
			all.filter((id) => id !== byName.get('mine') && id !== byName.get('Default'))
		);

		const ids = [byName.get('workshop')!, byName.get('workshop-chen')!];
		const keys = await boardKeys(client, ids);
		expect(keys).toEqual({ metrics: ['rmse'], params: ['__proto__', 'alpha'] });
		const runs = await scoredRuns(client, ids, 'rmse', keys.params);
		expect(runs).toHaveLength(6);
		const standings = rankParticipants(runs, 'asc');
		expect(
			standings.map((s) => [s.rank, s.participant, s.best?.value, s.best?.params.alpha, s.runs])
		).toEqual([
			[1, 'alice', 0.3, '0.1', 2],
			[2, 'bob', 0.4, '0', 3],
			[3, 'chen', 0.9, '0', 1]
		]);
		// A param named __proto__ is a param, not the object's prototype.
		expect(Object.keys(standings[0]!.best!.params)).toEqual(['__proto__', 'alpha']);

		// The run logged here joins as "this browser" when its experiment is on the board.
		const withMine = await scoredRuns(client, [...ids, here], 'rmse', keys.params);
		expect(rankParticipants(withMine, 'asc')[0]).toMatchObject({ participant: 'this browser', rank: 1 });
	});

	it('answers no experiments for a database without imported participants', async () => {
		const { client } = await createTestDb();
		const id = await client.createExperiment('solo');
		await client.createRun({ experimentId: id });
		expect(await experimentsWithSources(client, [id])).toEqual([]);
		expect(await experimentsWithSources(client, [])).toEqual([]);
	});
});
