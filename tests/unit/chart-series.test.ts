import { beforeEach, describe, expect, it } from 'vitest';
import type { RunboardClient } from '$lib/client/runboard';
import type { ChartSeriesBatch, DbApi } from '$lib/api/db-api';
import { createTestDb, rejection } from './harness';

let client: RunboardClient;
let api: DbApi;
let experimentId: string;

beforeEach(async () => {
	({ client, api } = await createTestDb());
	experimentId = await client.createExperiment('charts');
});

async function runWith(metrics: { key: string; value: number; step: number; timestamp: number }[]) {
	const run = await client.createRun({ experimentId, runName: 'r', startTime: 1 });
	await client.logBatch(run.info.runId, { metrics });
	return run.info.runId;
}

function part(batch: ChartSeriesBatch, i: number) {
	const from = batch.offsets[i]!;
	const to = batch.offsets[i + 1]!;
	return { x: Array.from(batch.x.subarray(from, to)), y: Array.from(batch.y.subarray(from, to)) };
}

describe('getChartSeries', () => {
	it('returns many runs in one call, empty for runs without the metric or unknown runs', async () => {
		const a = await runWith(
			[0, 1, 2].map((step) => ({ key: 'loss', value: step * 2, step, timestamp: 10 + step }))
		);
		const b = await runWith([{ key: 'other', value: 1, step: 0, timestamp: 0 }]);
		const batch = await api.getChartSeries({ runIds: [a, b, 'f'.repeat(32)], key: 'loss', width: 100 });
		expect(batch.runIds).toEqual([a, b, 'f'.repeat(32)]);
		expect(Array.from(batch.totals)).toEqual([3, 0, 0]);
		expect(part(batch, 0)).toEqual({ x: [0, 1, 2], y: [0, 2, 4] });
		expect(part(batch, 1).x).toEqual([]);
		expect(Array.from(batch.extents.subarray(0, 2))).toEqual([0, 2]);
		expect(Number.isNaN(batch.extents[2])).toBe(true);
	});

	it('draws x as wall time and as time since the first point, sorted by time when steps go backwards', async () => {
		const id = await runWith([
			{ key: 'loss', value: 1, step: 5, timestamp: 3_000 },
			{ key: 'loss', value: 2, step: 1, timestamp: 1_000 },
			{ key: 'loss', value: 3, step: 3, timestamp: 7_000 }
		]);
		const time = await api.getChartSeries({ runIds: [id], key: 'loss', width: 50, xAxis: 'time' });
		expect(part(time, 0)).toEqual({ x: [1_000, 3_000, 7_000], y: [2, 1, 3] });
		const rel = await api.getChartSeries({ runIds: [id], key: 'loss', width: 50, xAxis: 'relative' });
		expect(part(rel, 0).x).toEqual([0, 2_000, 6_000]);
		const step = await api.getChartSeries({ runIds: [id], key: 'loss', width: 50 });
		expect(part(step, 0)).toEqual({ x: [1, 3, 5], y: [2, 3, 1] });
	});

	it('draws x as another metric joined by step, skipping steps where that metric is missing', async () => {
		const id = await runWith([
			...[0, 1, 2, 3].map((step) => ({ key: 'acc', value: 10 - step, step, timestamp: 0 })),
			...[0, 1, 3].map((step) => ({ key: 'lr', value: step / 10, step, timestamp: 0 }))
		]);
		const batch = await api.getChartSeries({
			runIds: [id],
			key: 'acc',
			width: 50,
			xAxis: 'metric',
			xMetric: 'lr'
		});
		expect(part(batch, 0)).toEqual({ x: [0, 0.1, 0.3], y: [10, 9, 7] });
		const none = await api.getChartSeries({
			runIds: [id],
			key: 'acc',
			width: 50,
			xAxis: 'metric',
			xMetric: 'nope'
		});
		expect(none.totals[0]).toBe(0);
		expect(
			(await rejection(api.getChartSeries({ runIds: [id], key: 'acc', width: 50, xAxis: 'metric' }))).code
		).toBe('INVALID_ARGUMENT');
	});

	it('smooths over the full series so a zoomed point keeps its smoothed value, and sees new writes', async () => {
		const n = 5_000;
		const values = Array.from({ length: n }, (_, i) => Math.sin(i / 7) + (i % 13) / 10);
		const id = await runWith(values.map((value, step) => ({ key: 'm', value, step, timestamp: step })));
		const full = await api.getChartSeries({ runIds: [id], key: 'm', width: 5_000, smoothing: 0.8 });
		const zoom = await api.getChartSeries({
			runIds: [id],
			key: 'm',
			width: 500,
			smoothing: 0.8,
			xMin: 4000,
			xMax: 4100
		});
		const at = (b: ChartSeriesBatch, step: number) => b.smoothed![Array.from(b.x).indexOf(step)];
		expect(at(zoom, 4050)).toBeCloseTo(at(full, 4050)!, 12);
		expect(zoom.x.length).toBe(103);
		await client.logMetric(id, 'm', 100, { step: n, timestamp: n });
		const after = await api.getChartSeries({ runIds: [id], key: 'm', width: 50_000 });
		expect(after.totals[0]).toBe(n + 1); // the cache did not hide the new point
	});

	it('answers a request at the limits (1,000 runs, 100,000 px) with only what the runs hold', async () => {
		const a = await runWith([0, 1, 2].map((step) => ({ key: 'loss', value: step, step, timestamp: step })));
		const runIds = [a, ...Array.from({ length: 999 }, (_, i) => i.toString(16).padStart(32, '0'))];
		// The packing starts small (at most 1M points) and grows with what the runs hold.
		const batch = await api.getChartSeries({ runIds, key: 'loss', width: 100_000, smoothing: 0.5 });
		expect(batch.offsets[1000]).toBe(3);
		expect(part(batch, 0)).toEqual({ x: [0, 1, 2], y: [0, 1, 2] });
		expect(batch.smoothed).toHaveLength(3);
	});

	it('rejects bad requests with coded errors', async () => {
		const bad = [
			{ runIds: 'x', key: 'm', width: 10 },
			{ runIds: [], key: 'm', width: 0 },
			{ runIds: [], key: 'm', width: 10, xAxis: 'bogus' },
			{ runIds: [], key: 'm', width: 10, xMin: 'a' }
		];
		for (const request of bad)
			expect((await rejection(api.getChartSeries(request as never))).code).toBe('INVALID_ARGUMENT');
	});
});
