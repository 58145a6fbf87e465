// runboard.exportBundle checks its arguments like the other methods, and exports exactly what it is asked for:
// the runs named, every run (deleted ones too) of the experiments named, or everything.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createTestDb, rejection } from './harness';

async function runNames(blob: Blob): Promise<string[]> {
	const entries = unzipSync(new Uint8Array(await blob.arrayBuffer()));
	return Object.keys(entries)
		.filter((p) => p.endsWith('/run.json'))
		.map((p) => (JSON.parse(new TextDecoder().decode(entries[p])) as { runName: string }).runName)
		.sort();
}

describe('runboard.exportBundle', () => {
	it('refuses arguments that are not lists of valid ids, and ids that do not exist', async () => {
		const { client } = await createTestDb();
		const bad: unknown[] = ['all', { runIds: 'x' }, { runIds: ['not-an-id'] }, { experimentIds: ['one'] }];
		for (const request of bad) {
			const error = await rejection(client.exportBundle(request as never));
			expect(error.code, JSON.stringify(request)).toBe('INVALID_ARGUMENT');
		}
		expect((await rejection(client.exportBundle({ runIds: ['0'.repeat(32)] }))).code).toBe('NOT_FOUND');
	});

	it('exports the runs named, the runs of the experiments named, or everything', async () => {
		const { client } = await createTestDb();
		const a = await client.createExperiment('a');
		const b = await client.createExperiment('b');
		const a1 = await client.createRun({ experimentId: a, runName: 'a1' });
		await client.createRun({ experimentId: a, runName: 'a2' });
		const b1 = await client.createRun({ experimentId: b, runName: 'b1' });
		await client.deleteRun(b1.info.runId);
		expect(await runNames(await client.exportBundle({ runIds: [a1.info.runId] }))).toEqual(['a1']);
		expect(await runNames(await client.exportBundle({ experimentIds: [b] }))).toEqual(['b1']);
		expect(await runNames(await client.exportBundle())).toEqual(['a1', 'a2', 'b1']);
	});
});
