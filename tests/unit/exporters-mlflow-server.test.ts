// The pure parts of a push to MLflow: log-batch calls within the server's limits, the values it refuses, and
// what a second push still has to send.
import { describe, expect, it } from 'vitest';
import {
	checkForServer,
	filesToSend,
	keyProblem,
	logBatches,
	missingPoints,
	MLFLOW_LIMITS,
	paramsToSend,
	proxiedArtifactPath,
	sourceRunFilter,
	tagsToSend,
	wireValue
} from '$lib/exporters/mlflow-server';
import type { Metric, Tag } from '$lib/model/types';

const RUN = 'a'.repeat(32);
const tags = (n: number, prefix: string): Tag[] =>
	Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: String(i) }));
const points = (n: number, key = 'loss'): Metric[] =>
	Array.from({ length: n }, (_, i) => ({ key, value: i / 3, step: i, timestamp: 1000 + i }));

describe('log-batch calls', () => {
	it('stay within 1,000 metrics, 100 params, 100 tags and 1,000 entries, and keep every value in order', () => {
		const params = tags(250, 'p');
		const runTags = tags(130, 't');
		const metrics = points(4321);
		const bodies = [...logBatches(RUN, params, runTags, metrics)];
		for (const b of bodies) {
			expect(b.run_id).toBe(RUN);
			expect(b.params.length).toBeLessThanOrEqual(MLFLOW_LIMITS.paramsPerBatch);
			expect(b.tags.length).toBeLessThanOrEqual(MLFLOW_LIMITS.tagsPerBatch);
			expect(b.metrics.length).toBeLessThanOrEqual(MLFLOW_LIMITS.metricsPerBatch);
			expect(b.metrics.length + b.params.length + b.tags.length).toBeLessThanOrEqual(1000);
			expect(JSON.stringify(b).length).toBeLessThan(1_000_000);
		}
		expect(bodies.flatMap((b) => b.params)).toEqual(params);
		expect(bodies.flatMap((b) => b.tags)).toEqual(runTags);
		expect(bodies.flatMap((b) => b.metrics).map((m) => m.step)).toEqual(metrics.map((m) => m.step));
		expect(bodies.length).toBe(3 + 5); // 250 params in 3 calls (tags fill the third's room), then 4,321 points
	});

	it('stay under the server body cap with long values', () => {
		const params = Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: 'é'.repeat(6000) }));
		const bodies = [...logBatches(RUN, params, [], [])];
		expect(bodies.length).toBeGreaterThan(1);
		for (const b of bodies)
			expect(new TextEncoder().encode(JSON.stringify(b)).length).toBeLessThan(1_000_000);
		expect(bodies.flatMap((b) => b.params)).toEqual(params);
	});

	it('send NaN and ±Infinity as protobuf JSON strings, other numbers as they are', () => {
		expect([NaN, Infinity, -Infinity, 1.5, -0].map(wireValue)).toEqual([
			'NaN',
			'Infinity',
			'-Infinity',
			1.5,
			-0
		]);
		expect([...logBatches(RUN, [], [], [])]).toEqual([]);
	});
});

describe('values MLflow refuses', () => {
	it('names each one and leaves it out, never shortening it', () => {
		const long = 'k'.repeat(251);
		const checked = checkForServer(RUN, {
			params: [
				{ key: 'ok', value: 'x'.repeat(6000) },
				{ key: 'big', value: 'x'.repeat(6001) },
				{ key: long, value: '1' }
			],
			tags: [
				{ key: 'note', value: 'y'.repeat(8001) },
				{ key: 'a:b/c d-e.f_é', value: 'fine' }
			],
			metricKeys: ['loss', 'bad?key', '../up']
		});
		expect(checked.params.map((p) => p.key)).toEqual(['ok']);
		expect(checked.params[0]?.value.length).toBe(6000);
		expect(checked.tags.map((t) => t.key)).toEqual(['a:b/c d-e.f_é']);
		expect([...checked.refusedMetricKeys]).toEqual(['bad?key', '../up']);
		expect(checked.warnings.map((w) => w.kind)).toEqual([
			'value-too-long',
			'key-too-long',
			'value-too-long',
			'key-characters',
			'key-path'
		]);
		expect(checked.warnings[0]?.message).toContain('6001 characters; MLflow allows 6000');
	});

	it('keys that a file system reads as another name', () => {
		for (const key of ['/abs', 'a//b', 'a/', '.', 'a/./b', '..', 'x/../y', ''])
			expect(keyProblem(key)?.kind, key).toBe('key-path');
		for (const key of ['a/b', 'val/acc', 'x..y', '.hidden', 'Ünïcode 1:2'])
			expect(keyProblem(key), key).toBeNull();
	});
});

describe('a second push', () => {
	it('sends only the points the server lacks; NaN matches NaN; repeats are sent once and counted', () => {
		const local: Metric[] = [
			...points(5),
			{ key: 'loss', value: NaN, step: 9, timestamp: 9 },
			{ key: 'loss', value: 2, step: 10, timestamp: 10 },
			{ key: 'loss', value: 2, step: 10, timestamp: 10 }
		];
		const server = [...points(3), { key: 'loss', value: NaN, step: 9, timestamp: 9 }];
		const { points: missing, duplicates } = missingPoints(local, server);
		expect(missing.map((m) => m.step)).toEqual([3, 4, 10]);
		expect(duplicates).toBe(1);
		expect(missingPoints(local, local).points).toEqual([]);
	});

	it('params: only missing ones; a changed one is reported, not sent', () => {
		const { params, warnings } = paramsToSend(RUN, tags(3, 'p'), [
			{ key: 'p0', value: '0' },
			{ key: 'p1', value: 'other' }
		]);
		expect(params).toEqual([{ key: 'p2', value: '2' }]);
		expect(warnings.map((w) => w.kind)).toEqual(['param-differs']);
	});

	it('tags and files: missing or different ones', () => {
		expect(
			tagsToSend(tags(3, 't'), [
				{ key: 't0', value: '0' },
				{ key: 't1', value: 'x' }
			])
		).toEqual([
			{ key: 't1', value: '1' },
			{ key: 't2', value: '2' }
		]);
		const files = [
			{ path: 'a.txt', size: 3 },
			{ path: 'b/c.bin', size: 10 },
			{ path: 'd', size: 1 }
		];
		expect(
			filesToSend(files, [
				{ path: 'a.txt', size: 3 },
				{ path: 'b/c.bin', size: 9 }
			])
		).toEqual(files.slice(1));
	});

	it('finds the server run by its source tag, and the proxied artifact path of its files', () => {
		expect(sourceRunFilter(RUN)).toBe(`tags.\`runboard.source_run_id\` = '${RUN}'`);
		expect(proxiedArtifactPath('mlflow-artifacts:/1/abc/artifacts')).toBe(
			'/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts'
		);
		expect(proxiedArtifactPath('mlflow-artifacts://host:5000/2/x y/artifacts/')).toBe(
			'/api/2.0/mlflow-artifacts/artifacts/2/x%20y/artifacts'
		);
		expect(proxiedArtifactPath('s3://bucket/1/abc/artifacts')).toBeNull();
		expect(proxiedArtifactPath('/tmp/mlruns/1/abc/artifacts')).toBeNull();
	});
});
