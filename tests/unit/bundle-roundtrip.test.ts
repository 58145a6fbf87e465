// Run bundles round trip through the real database: random runs (NaN, ±Infinity, −0, unicode keys, artifacts over
// 1 MiB, nested and deleted runs) exported, imported into an empty database and exported again come back value for
// value, and the writer gives the same bytes for the same database.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestDb } from './harness';
import { bundleOf, databaseContent, logRandomRuns } from './bundle-helpers';

async function hashOf(blob: Blob): Promise<string> {
	return createHash('sha256')
		.update(new Uint8Array(await blob.arrayBuffer()))
		.digest('hex');
}

describe('run bundle round trip', () => {
	for (const seed of [1, 2, 3]) {
		it(`keeps every value of random runs (seed ${seed})`, async () => {
			const source = await createTestDb();
			await logRandomRuns(source.client, seed);
			const bundle = await bundleOf(source.api);
			const target = await createTestDb();
			const report = await target.client.importFiles([{ path: 'shared.zip', file: bundle }]);
			expect(report.format).toBe('runboard-bundle');
			expect(report.runsWritten).toBe(6);
			const before = await databaseContent(source.api);
			expect(await databaseContent(target.api)).toEqual(before);
			// Exported again from the copy: the same content (experiment ids and times are the copy's own).
			const again = await createTestDb();
			await again.client.importFiles([{ path: 'again.zip', file: await bundleOf(target.api) }]);
			expect(await databaseContent(again.api)).toEqual(before);
		});
	}

	it('writes the same bytes for the same database', async () => {
		const { api, client } = await createTestDb();
		await logRandomRuns(client, 4);
		expect(await hashOf(await bundleOf(api))).toBe(await hashOf(await bundleOf(api)));
	});

	it('imports a bundle again without duplicating a run', async () => {
		const source = await createTestDb();
		const ids = await logRandomRuns(source.client, 5);
		const bundle = await bundleOf(source.api);
		const target = await createTestDb();
		await target.client.importFiles([{ path: 'b.zip', file: bundle }]);
		await target.client.importFiles([{ path: 'b.zip', file: bundle }]);
		expect(await databaseContent(target.api)).toEqual(await databaseContent(source.api));
		const experiments = await target.api.searchExperiments({ viewType: 'ALL' });
		expect(experiments.map((e) => e.name).sort()).toEqual(['exp-5-α', 'exp-5-β']);
		expect(ids).toHaveLength(6);
	});
});
