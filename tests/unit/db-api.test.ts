import { beforeEach, describe, expect, it } from 'vitest';
import type { RunboardClient } from '$lib/client/runboard';
import type { DbApi } from '$lib/api/db-api';
import { SCHEMA_VERSION } from '../../workers/db/migrations';
import { createTestDb, rejection } from './harness';

let client: RunboardClient;
let api: DbApi;
let changes: string[];

beforeEach(async () => {
	({ client, api, changes } = await createTestDb());
});

async function newRun(name = 'r1') {
	const experimentId = await client.createExperiment('exp');
	const run = await client.createRun({ experimentId, runName: name, startTime: 1000 });
	return { experimentId, runId: run.info.runId };
}

describe('experiments', () => {
	it('creates, finds by name, renames, deletes and restores', async () => {
		const id = await client.createExperiment('diabetes', { team: 'ml' });
		expect(id).toMatch(/^\d+$/);
		const exp = await client.getExperimentByName('diabetes');
		expect(exp?.experimentId).toBe(id);
		expect(exp?.tags).toEqual([{ key: 'team', value: 'ml' }]);
		expect(await client.getExperimentByName('missing')).toBeNull();
		await client.renameExperiment(id, 'diabetes-2');
		expect((await client.getExperiment(id)).name).toBe('diabetes-2');
		await client.deleteExperiment(id);
		expect(await client.searchExperiments()).toEqual([]);
		expect((await client.searchExperiments({ viewType: 'DELETED_ONLY' }))[0]?.lifecycleStage).toBe('deleted');
		// The name of a deleted experiment may be reused; restoring then conflicts.
		const other = await client.createExperiment('diabetes-2');
		expect((await rejection(client.restoreExperiment(id))).code).toBe('ALREADY_EXISTS');
		await client.renameExperiment(other, 'other');
		await client.restoreExperiment(id);
		expect((await client.searchExperiments()).map((e) => e.name).sort()).toEqual(['diabetes-2', 'other']);
		expect(changes).toContain('experiments');
	});

	it('rejects duplicate and empty names, and unknown ids', async () => {
		await client.createExperiment('a');
		expect((await rejection(client.createExperiment('a'))).code).toBe('ALREADY_EXISTS');
		expect((await rejection(client.createExperiment('  '))).code).toBe('INVALID_ARGUMENT');
		expect((await rejection(client.createExperiment(42 as unknown as string))).code).toBe('INVALID_ARGUMENT');
		expect((await rejection(client.getExperiment('999'))).code).toBe('NOT_FOUND');
		expect((await rejection(client.getExperiment('abc'))).code).toBe('INVALID_ARGUMENT');
	});

	it('summarises run counts and last activity', async () => {
		const { experimentId } = await newRun();
		await client.createRun({ experimentId, startTime: 5000 });
		const [summary] = await api.listExperimentSummaries();
		expect(summary?.runCount).toBe(2);
		expect(summary?.lastActivity).toBeGreaterThanOrEqual(5000);
	});
});

describe('runs', () => {
	it('creates a run with MLflow-shaped info and the runName tag', async () => {
		const { experimentId, runId } = await newRun('first');
		expect(runId).toMatch(/^[0-9a-f]{32}$/);
		const run = await client.getRun(runId);
		expect(run.info).toMatchObject({ experimentId, runName: 'first', status: 'RUNNING', startTime: 1000 });
		expect(run.data.tags).toContainEqual({ key: 'mlflow.runName', value: 'first' });
		const unnamed = await client.createRun({ experimentId });
		expect(unnamed.info.runName).toMatch(/^[a-z]+-[a-z]+-\d+$/);
	});

	it('logs params, metrics and tags; getRun returns the latest metric per key', async () => {
		const { runId } = await newRun();
		await client.logParam(runId, 'alpha', 0.5);
		await client.logParam(runId, 'alpha', '0.5'); // same value again is fine, as in MLflow
		await client.logMetric(runId, 'rmse', 3, { step: 0, timestamp: 10 });
		await client.logMetric(runId, 'rmse', 2, { step: 2, timestamp: 11 });
		await client.logMetric(runId, 'rmse', 9, { step: 1, timestamp: 99 });
		await client.setTag(runId, 'mlflow.note.content', '# Hi');
		const run = await client.getRun(runId);
		expect(run.data.params).toEqual([{ key: 'alpha', value: '0.5' }]);
		expect(run.data.metrics).toEqual([{ key: 'rmse', value: 2, step: 2, timestamp: 11 }]);
		expect(run.data.tags).toContainEqual({ key: 'mlflow.note.content', value: '# Hi' });
	});

	it('keeps every point, duplicates and non-finite values included, ordered by step then timestamp', async () => {
		const { runId } = await newRun();
		await client.logBatch(runId, {
			metrics: [
				{ key: 'loss', value: 1, step: 1, timestamp: 5 },
				{ key: 'loss', value: NaN, step: 0, timestamp: 7 },
				{ key: 'loss', value: Infinity, step: 0, timestamp: 6 },
				{ key: 'loss', value: -Infinity, step: 2, timestamp: 8 },
				{ key: 'loss', value: -Infinity, step: 2, timestamp: 8 }
			]
		});
		const history = await client.getMetricHistory(runId, 'loss');
		expect(history.map((m) => [m.step, m.timestamp, m.value])).toEqual([
			[0, 6, Infinity],
			[0, 7, NaN],
			[1, 5, 1],
			[2, 8, -Infinity],
			[2, 8, -Infinity]
		]);
		const latest = (await client.getRun(runId)).data.metrics[0];
		expect(latest?.value).toBe(-Infinity);
		expect(await client.getMetricHistory(runId, 'never-logged')).toEqual([]);
	});

	it('stores huge and tiny magnitudes exactly (no int64 wrap-around for integral doubles)', async () => {
		const { runId } = await newRun();
		const values = [1e20, -1e20, 1.7976931348623157e308, 2 ** 63, 1e-300, 5e-324];
		await client.logBatch(runId, { metrics: values.map((value, step) => ({ key: 'big', value, step })) });
		expect((await client.getMetricHistory(runId, 'big')).map((m) => m.value)).toEqual(values);
		expect((await client.getRun(runId)).data.metrics[0]?.value).toBe(5e-324);
		await client.logMetric(runId, 'one', 1e300, { step: 0 });
		expect((await client.getRun(runId)).data.metrics.find((m) => m.key === 'one')?.value).toBe(1e300);
	});

	it('treats a param logged again with another value as PARAM_CONFLICT and writes nothing of that batch', async () => {
		const { runId } = await newRun();
		await client.logParam(runId, 'lr', '0.1');
		const error = await rejection(
			client.logBatch(runId, {
				params: { lr: '0.2' },
				metrics: [{ key: 'acc', value: 1 }],
				tags: { t: 'x' }
			})
		);
		expect(error.code).toBe('PARAM_CONFLICT');
		expect(error.message).toContain('lr');
		const run = await client.getRun(runId);
		expect(run.data.metrics).toEqual([]);
		expect(run.data.tags.find((t) => t.key === 't')).toBeUndefined();
		expect(run.data.params).toEqual([{ key: 'lr', value: '0.1' }]);
	});

	it('rejects misuse with specific codes and writes nothing', async () => {
		const { runId } = await newRun();
		const cases: [Promise<unknown>, string][] = [
			[client.logMetric(runId, 'm', '1' as unknown as number), 'INVALID_ARGUMENT'],
			[client.logMetric(runId, 'm', 1, { step: 1.5 }), 'INVALID_ARGUMENT'],
			[client.logMetric(runId, '', 1), 'INVALID_ARGUMENT'],
			[client.logMetric('nothex', 'm', 1), 'INVALID_ARGUMENT'],
			[client.logMetric('0'.repeat(32), 'm', 1), 'NOT_FOUND'],
			[client.getRun('f'.repeat(32)), 'NOT_FOUND'],
			[client.logParam(runId, 'big', 'x'.repeat(10 * 1024 * 1024)), 'INVALID_ARGUMENT'],
			[client.setTag(runId, 'k'.repeat(251), 'v'), 'INVALID_ARGUMENT'],
			[client.logParam(runId, 'obj', {} as unknown as string), 'INVALID_ARGUMENT'],
			[client.setTerminated(runId, 'DONE' as 'FINISHED'), 'INVALID_ARGUMENT'],
			[client.createRun({ experimentId: '12345' }), 'NOT_FOUND'],
			[client.createRun(null as unknown as { experimentId: string }), 'INVALID_ARGUMENT'],
			[client.logBatch(runId, { metrics: 'x' as unknown as [] }), 'INVALID_ARGUMENT'],
			[client.searchRuns({ experimentIds: 'x' as unknown as string[] }), 'INVALID_ARGUMENT']
		];
		for (const [promise, code] of cases) expect((await rejection(promise)).code).toBe(code);
		const run = await client.getRun(runId);
		expect(run.data.params).toEqual([]);
		expect(run.data.metrics).toEqual([]);
		expect(await api.integrityCheck()).toBe('ok');
	});

	it('terminates, deletes and restores; a deleted run refuses logging', async () => {
		const { runId } = await newRun();
		await client.setTerminated(runId, 'FAILED', 2000);
		expect((await client.getRun(runId)).info).toMatchObject({ status: 'FAILED', endTime: 2000 });
		await client.deleteRun(runId);
		expect((await client.getRun(runId)).info.lifecycleStage).toBe('deleted');
		expect((await rejection(client.logMetric(runId, 'm', 1))).code).toBe('INVALID_STATE');
		await client.restoreRun(runId);
		await client.logMetric(runId, 'm', 1);
	});

	it('setting mlflow.runName renames the run', async () => {
		const { runId } = await newRun('old');
		await client.setTag(runId, 'mlflow.runName', 'new');
		expect((await client.getRun(runId)).info.runName).toBe('new');
	});
});

describe('metric inserts', () => {
	// Points go to SQLite several rows per statement; counts around those groups must store every point exactly.
	it('stores every point of batches of any length, in logging order, and refuses a bad point whole', async () => {
		const { runId } = await newRun();
		const logged: { key: string; value: number; step: number; timestamp: number }[] = [];
		const specials = [NaN, Infinity, -Infinity, 0, -0.5, 1e300, 5e-324];
		for (const n of [1, 31, 32, 33, 64, 97]) {
			const metrics = Array.from({ length: n }, (_, i) => ({
				key: i % 3 === 0 ? 'a' : 'b/c',
				value: specials[(i * 7 + n) % specials.length] as number,
				step: (n * 1000 + i) % 50,
				timestamp: 1_700_000_000_000 + n + i
			}));
			await client.logBatch(runId, { metrics });
			logged.push(...metrics);
		}
		const order = (a: { step: number; timestamp: number }, b: { step: number; timestamp: number }) =>
			a.step - b.step || a.timestamp - b.timestamp;
		for (const key of ['a', 'b/c']) {
			const want = logged.filter((m) => m.key === key).sort(order);
			expect(await client.getMetricHistory(runId, key)).toEqual(want);
		}
		// Rows of another run written between this run's batches land in their own run.
		const other = (await client.createRun({ experimentId: (await client.getRun(runId)).info.experimentId }))
			.info.runId;
		const otherPoints = Array.from({ length: 70 }, (_, i) => ({
			key: 'a',
			value: 100 - i,
			step: i,
			timestamp: 7
		}));
		await client.logBatch(other, { metrics: otherPoints });
		await client.logBatch(runId, { metrics: logged.filter((m) => m.key === 'a').slice(0, 40) });
		expect(await client.getMetricHistory(other, 'a')).toEqual(otherPoints);
		const ownA = logged.filter((m) => m.key === 'a').length;
		expect((await client.getMetricHistory(runId, 'a')).length).toBe(ownA + 40);
		const bad = Array.from({ length: 70 }, (_, i) => ({
			key: 'z',
			value: 1,
			step: i === 40 ? 0.5 : i,
			timestamp: 1
		}));
		expect((await rejection(client.logBatch(runId, { metrics: bad }))).code).toBe('INVALID_ARGUMENT');
		expect(await client.getMetricHistory(runId, 'z')).toEqual([]);
		const run = await client.getRun(runId);
		expect(run.data.metrics.find((m) => m.key === 'a')?.step).toBe(
			Math.max(...logged.filter((m) => m.key === 'a').map((m) => m.step))
		);
	});
});

describe('storage', () => {
	it('exports a valid SQLite file and deletes all data', async () => {
		await newRun();
		const bytes = await api.exportDatabase();
		expect(new TextDecoder().decode(bytes.slice(0, 15))).toBe('SQLite format 3');
		await api.deleteAllData();
		expect(await client.searchExperiments()).toEqual([]);
		expect(await api.integrityCheck()).toBe('ok');
		const status = await api.status();
		expect(status.schemaVersion).toBe(SCHEMA_VERSION);
		expect(status.sqliteVersion).toMatch(/^3\.(5\d|[6-9]\d)\./);
	});
});

describe('searchRuns', () => {
	it('filters, orders and pages with MLflow semantics', async () => {
		const experimentId = await client.createExperiment('grid');
		for (const [alpha, rmse] of [
			['0.1', 3],
			['0.5', 1],
			['1.0', 2],
			['2.0', NaN]
		] as const) {
			const run = await client.createRun({ experimentId, runName: `a${alpha}` });
			await client.logBatch(run.info.runId, { params: { alpha }, metrics: [{ key: 'rmse', value: rmse }] });
		}
		const names = (r: { runs: { info: { runName: string } }[] }) => r.runs.map((x) => x.info.runName);
		const asc = await client.searchRuns({ experimentIds: [experimentId], orderBy: ['metrics.rmse ASC'] });
		expect(names(asc).slice(0, 3)).toEqual(['a0.5', 'a1.0', 'a0.1']);
		const filtered = await client.searchRuns({
			experimentIds: [experimentId],
			filter: "metrics.rmse < 2.5 and params.alpha != '0.5'"
		});
		expect(names(filtered)).toEqual(['a1.0']);
		const page1 = await client.searchRuns({
			experimentIds: [experimentId],
			orderBy: ['params.alpha'],
			maxResults: 3
		});
		expect(page1.runs).toHaveLength(3);
		const page2 = await client.searchRuns({
			experimentIds: [experimentId],
			orderBy: ['params.alpha'],
			maxResults: 3,
			pageToken: page1.nextPageToken
		});
		expect(names(page2)).toEqual(['a2.0']);
		expect(page2.nextPageToken).toBeUndefined();
		expect(
			(await rejection(client.searchRuns({ experimentIds: [experimentId], filter: 'metrics.rmse ~ 1' }))).code
		).toBe('INVALID_FILTER');
		expect(
			(await rejection(client.searchRuns({ experimentIds: [experimentId], pageToken: 'garbage' }))).code
		).toBe('INVALID_ARGUMENT');
	});

	it('returns whole runs: keys in SQLite byte order, every value exact (NaN, ±Infinity, 1e308, 5e-324), 2,600 runs', async () => {
		const experimentId = await client.createExperiment('many');
		// Keys whose UTF-16 order differs from byte order: an astral character sorts after U+FFFD in UTF-8.
		const keys = ['b', 'a', 'Z', '\u{1F600}x', '\uFFFDy', 'é', 'a/b', 'a b', '"q"', '\\'];
		const values = [
			0.1 + 0.2,
			NaN,
			Infinity,
			-Infinity,
			1e308,
			-5e-324,
			2 ** 53,
			0,
			-1.5,
			123456789.12345678
		];
		for (let i = 0; i < 2_600; i++) {
			const run = await client.createRun({
				experimentId,
				runName: i === 0 ? '\u{1F600} "run" \\ <b>' : `r${i}`
			});
			if (i % 650 !== 0) continue;
			await client.logBatch(run.info.runId, {
				params: Object.fromEntries(keys.map((k, j) => [k, `v${j} "x" \\ \u{1F600}`])),
				tags: Object.fromEntries(keys.map((k) => [k, k])),
				metrics: keys.map((key, j) => ({ key, value: values[j]!, step: j, timestamp: 1_700_000_000_000 + j }))
			});
		}
		const found = await client.searchRuns({ experimentIds: [experimentId], maxResults: 5_000 });
		expect(found.runs).toHaveLength(2_600);
		const byKey = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
		for (const run of found.runs.filter((r) => r.data.params.length)) {
			for (const p of run.data.params) expect(p.value).toBe(`v${keys.indexOf(p.key)} "x" \\ \u{1F600}`);
			expect(run.data.tags.filter((t) => keys.includes(t.key)).every((t) => t.value === t.key)).toBe(true);
			for (const m of run.data.metrics) {
				expect([m.step, m.timestamp]).toEqual([keys.indexOf(m.key), 1_700_000_000_000 + keys.indexOf(m.key)]);
			}
			expect(run.data.params.map((p) => p.key)).toEqual(byKey);
			expect(run.data.metrics.map((m) => m.key)).toEqual(byKey);
			for (const m of run.data.metrics) expect(Object.is(m.value, values[keys.indexOf(m.key)])).toBe(true);
		}
		expect(found.runs.some((r) => r.info.runName === '\u{1F600} "run" \\ <b>')).toBe(true);
	});
});

describe('getMetricSeries', () => {
	it('reduces a stored 200k-point series per pixel column, keeps the spike, smooths over the full series', async () => {
		const { runId } = await newRun();
		const n = 200_000;
		const metrics = Array.from({ length: n }, (_, step) => ({
			key: 'loss',
			value: step === 123_457 ? 99 : step === 5 ? NaN : 1,
			step,
			timestamp: 1
		}));
		await client.logBatch(runId, { metrics });
		const series = await api.getMetricSeries(runId, 'loss', { width: 400, smoothing: 0.9 });
		expect(series.total).toBe(n);
		expect(series.steps.length).toBeLessThanOrEqual(400 * 7);
		const spike = Array.from(series.values).indexOf(99);
		expect(series.steps[spike]).toBe(123_457);
		expect(Array.from(series.values).some(Number.isNaN)).toBe(true);
		expect(series.smoothed?.length).toBe(series.steps.length);
		expect(series.smoothed?.[spike]).toBeCloseTo(1 + (0.1 * 98) / (1 - 0.9 ** 123_456), 6);
		const zoom = await api.getMetricSeries(runId, 'loss', { width: 400, xMin: 1000, xMax: 1999 });
		// A zoomed range comes back at full resolution, with one neighbour each side so lines reach the edges.
		expect(zoom.steps.length).toBe(1002);
		expect([zoom.steps[0], zoom.steps[1001]]).toEqual([999, 2000]);
		expect((await rejection(api.getMetricSeries(runId, 'loss', { width: 0 }))).code).toBe('INVALID_ARGUMENT');
		expect((await api.getMetricSeries(runId, 'nothing', { width: 10 })).total).toBe(0);
	});
});
