// How small a bundle's metric points are: 100,000 points of four series with full-precision float64 values
// (seeded), measured as the compressed bytes of their part in the zip. Raw columns take 28 bytes a point; the
// shuffled columns leave steps and timestamps almost free, so what remains is mostly the values' random mantissas.
import { expect, it } from 'vitest';
import { exportBundle } from '$lib/client/export-bundle';
import { Prng } from '../reliability/prng';
import { createTestDb } from './harness';

it('stores 100,000 metric points in under 7 bytes a point', async () => {
	const { api, client } = await createTestDb();
	const experimentId = await client.createExperiment('size');
	const run = await client.createRun({ experimentId });
	const prng = new Prng(1);
	const metrics = Array.from({ length: 100_000 }, (_, i) => ({
		key: ['loss', 'acc', 'lr', 'grad_norm'][i % 4] as string,
		value: Math.exp(-i / 30_000) + prng.next() * 0.01,
		step: Math.floor(i / 4),
		timestamp: 1_700_000_000_000 + Math.floor(i * 12.5)
	}));
	await client.logBatch(run.info.runId, { metrics });
	const out = await exportBundle(api, { runIds: [run.info.runId] });
	expect(out.counts.metricPoints).toBe(100_000);
	const perPoint = out.metricBytes / out.counts.metricPoints;
	console.info(`bundle metric part: ${out.metricBytes} bytes, ${perPoint.toFixed(2)} bytes per point`);
	expect(perPoint).toBeLessThan(7);
	expect(out.blob.size).toBeLessThan(out.metricBytes + 4096);
});
