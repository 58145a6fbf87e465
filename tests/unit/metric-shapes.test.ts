// DbApi.getMetricShapes on the real sqlite-wasm: which metrics are histories (line charts in the experiment's
// chart view) and which single values (bar charts), over the runs asked for only.
import { beforeAll, expect, it } from 'vitest';
import type { RunboardClient } from '$lib/client/runboard';
import { createTestDb, rejection } from './harness';

let client: RunboardClient;
const ids: string[] = [];

beforeAll(async () => {
	({ client } = await createTestDb());
	const exp = await client.createExperiment('shapes');
	for (let r = 0; r < 3; r++) {
		const run = await client.createRun({ experimentId: exp, runName: `r${r}` });
		ids.push(run.info.runId);
		const loss = Array.from({ length: r + 2 }, (_, step) => ({
			key: 'loss',
			value: 1 / (step + 1),
			step,
			timestamp: 1
		}));
		await client.logBatch(run.info.runId, {
			metrics: [
				...loss,
				{ key: 'acc', value: 0.5 + r / 10, step: 0, timestamp: 1 },
				...(r === 2
					? [
							{ key: 'only2', value: 1, step: 0, timestamp: 1 },
							{ key: 'only2', value: 2, step: 1, timestamp: 2 }
						]
					: [])
			]
		});
	}
});

it('tells histories from single values, counting the runs that have each key', async () => {
	expect(await client.getMetricShapes(ids)).toEqual([
		{ key: 'acc', runs: 3, maxPoints: 1 },
		{ key: 'loss', runs: 3, maxPoints: 4 },
		{ key: 'only2', runs: 1, maxPoints: 2 }
	]);
	// Only the runs asked for count.
	expect(await client.getMetricShapes(ids.slice(0, 2))).toEqual([
		{ key: 'acc', runs: 2, maxPoints: 1 },
		{ key: 'loss', runs: 2, maxPoints: 3 }
	]);
	expect(await client.getMetricShapes([])).toEqual([]);
	expect(await client.getMetricShapes(['nope', "' OR 1=1 --"])).toEqual([]);
});

it('refuses what is not a list of run ids, or too many', async () => {
	const bad = await rejection(client.getMetricShapes('x' as unknown as string[]));
	expect(bad).toEqual({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/list of run ids/) });
	const many = await rejection(client.getMetricShapes(Array.from({ length: 1001 }, (_, i) => String(i))));
	expect(many.message).toMatch(/at most 1,000/);
});
