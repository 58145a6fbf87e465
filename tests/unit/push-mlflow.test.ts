// The push to an MLflow server through the real database: what reaches a (fake, in-memory) server, that a second
// push sends nothing twice, that a push broken halfway resumes, and the messages for servers that fail. The real
// MLflow server is exercised in tests/interop/push.spec.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunboardClient } from '$lib/client/runboard';
import { fakeMlflow, type FakeMlflow } from './fake-mlflow-server';
import { createTestDb, rejection } from './harness';

let fake: FakeMlflow;
beforeEach(async () => (fake = await fakeMlflow()));
afterEach(() => fake.close());

/** An experiment with a finished run (2,500 points with NaN/±Infinity, params, tags, a file) and a deleted run. */
async function logged(client: RunboardClient): Promise<{ experimentId: string; runIds: string[] }> {
	const experimentId = await client.createExperiment('pushed', { 'mlflow.note.content': 'about it' });
	const run = await client.createRun({
		experimentId,
		runName: 'first',
		startTime: 1000,
		tags: { team: 'a' }
	});
	const id = run.info.runId;
	const loss = Array.from({ length: 2500 }, (_, i) => ({
		key: 'loss',
		value: 1 / (i + 1),
		step: i,
		timestamp: 1000 + i
	}));
	const odd = [NaN, Infinity, -Infinity].map((value, step) => ({ key: 'odd', value, step, timestamp: 5 }));
	await client.logBatch(id, { params: { lr: '0.1', layers: 3 }, metrics: [...loss, ...odd] });
	await client.logArtifact(id, 'notes/hello.txt', 'hello');
	await client.setTerminated(id, 'FINISHED', 9000);
	const gone = await client.createRun({ experimentId, runName: 'gone', startTime: 2000 });
	await client.deleteRun(gone.info.runId);
	return { experimentId, runIds: [id, gone.info.runId] };
}

const serverRun = (runId: string) =>
	[...fake.runs.values()].find((r) => r.tags.get('runboard.source_run_id') === runId);

describe('push to an MLflow server', () => {
	it('sends every value within log-batch limits, and a second push sends nothing', async () => {
		const { client } = await createTestDb();
		const { experimentId, runIds } = await logged(client);
		const progress: number[] = [];
		const report = await client.pushToMlflow({
			url: fake.url,
			token: 'secret',
			experimentIds: [experimentId],
			onProgress: (p) => progress.push(p.runsDone)
		});
		expect(report).toMatchObject({
			runsCreated: 2,
			runsUpdated: 0,
			metricPoints: 2503,
			params: 2,
			artifactFiles: 1
		});
		expect(report.experiments).toEqual([{ name: 'pushed', serverExperimentId: '1', created: true }]);
		expect(progress).toEqual([0, 1, 2]);
		expect(fake.authorization.every((a) => a === 'Bearer secret')).toBe(true);
		expect(fake.calls.filter((c) => c === 'mlflow/runs/log-batch').length).toBe(3);
		const first = serverRun(runIds[0] as string);
		expect(first?.status).toBe('FINISHED');
		expect(first?.endTime).toBe(9000);
		expect(first?.startTime).toBe(1000);
		expect(Object.fromEntries(first?.params ?? [])).toEqual({ lr: '0.1', layers: '3' });
		expect(first?.tags.get('team')).toBe('a');
		expect(first?.points.size).toBe(2503);
		expect([...(first?.points.values() ?? [])].filter((p) => p.key === 'odd').map((p) => p.value)).toEqual([
			'NaN',
			'Infinity',
			'-Infinity'
		]);
		expect(first?.files.get('notes/hello.txt')?.toString()).toBe('hello');
		expect(serverRun(runIds[1] as string)?.lifecycleStage).toBe('deleted');
		expect(fake.experiments.get('1')?.tags.get('mlflow.note.content')).toBe('about it');
		expect(report.warnings.map((w) => w.kind)).toEqual(['infinity-stored-as-max']);

		const again = await client.pushToMlflow({ url: fake.url, experimentIds: [experimentId] });
		expect(again).toMatchObject({
			runsCreated: 0,
			runsUpdated: 0,
			runsUnchanged: 2,
			metricPoints: 0,
			params: 0,
			tags: 0,
			artifactFiles: 0
		});
		expect(again.runs.map((r) => r.serverRunId)).toEqual(report.runs.map((r) => r.serverRunId));
		expect(fake.runs.size).toBe(2);
		expect(fake.experiments.size).toBe(1);
	});

	it('a push broken halfway says how far it got, and the next one completes it without duplicates', async () => {
		const { client } = await createTestDb();
		const { experimentId, runIds } = await logged(client);
		fake.fail = (endpoint, n) =>
			endpoint === 'mlflow/runs/log-batch' && n === 1 ? [400, '{"message":"disk full"}'] : undefined;
		const error = await rejection(client.pushToMlflow({ url: fake.url, runIds: [runIds[0] as string] }));
		expect(error.message).toBe('The MLflow server answered HTTP 400: disk full No run was pushed.');
		// The first log-batch call (params, tags and the first points) went through before the failure.
		expect(serverRun(runIds[0] as string)?.points.size).toBe(1000 - 3);
		fake.fail = undefined;
		const report = await client.pushToMlflow({ url: fake.url, experimentIds: [experimentId] });
		expect(report.runs.map((r) => r.outcome).sort()).toEqual(['created', 'updated']);
		expect(serverRun(runIds[0] as string)?.points.size).toBe(2503);
		expect(fake.runs.size).toBe(2);
	});

	it('retries 429 and 503 with backoff, then succeeds', async () => {
		const { client } = await createTestDb();
		const { runIds } = await logged(client);
		fake.fail = (endpoint, n) =>
			endpoint === 'mlflow/runs/log-batch' && n < 2 ? [n === 0 ? 429 : 503, 'slow down'] : undefined;
		const report = await client.pushToMlflow({ url: fake.url, runIds: [runIds[0] as string] });
		expect(report.runsCreated).toBe(1);
		expect(serverRun(runIds[0] as string)?.points.size).toBe(2503);
	}, 20_000);

	it('a server that always answers 500, garbage or 404 gets a clear message, and the database still works', async () => {
		const { client } = await createTestDb();
		const { runIds } = await logged(client);
		const push = () => rejection(client.pushToMlflow({ url: fake.url, runIds: [runIds[0] as string] }));
		fake.fail = () => [500, '{"error_code":"INTERNAL_ERROR","message":"database is locked"}'];
		expect((await push()).message).toContain(
			'HTTP 500: database is locked (tried 4 times). No run was pushed.'
		);
		fake.fail = () => [200, '<!doctype html><h1>Welcome</h1>'];
		expect((await push()).message).toContain('did not answer JSON: is this an MLflow server?');
		fake.fail = () => [404, 'not found'];
		expect((await push()).code).toBe('NOT_FOUND');
		fake.fail = () => [401, ''];
		expect((await push()).message).toContain('needs credentials');
		expect((await client.getRun(runIds[0] as string)).info.runName).toBe('first');
	}, 30_000);

	it("sends a parent before its child and links the child to the parent's server id", async () => {
		const { client } = await createTestDb();
		const experimentId = await client.createExperiment('nested');
		const parent = await client.createRun({ experimentId, runName: 'parent' });
		const child = await client.createRun({
			experimentId,
			runName: 'child',
			tags: { 'mlflow.parentRunId': parent.info.runId }
		});
		const orphan = await client.createRun({
			experimentId,
			runName: 'orphan',
			tags: { 'mlflow.parentRunId': 'e'.repeat(32) }
		});
		// The child is listed first (newest first), and still goes after its parent.
		const report = await client.pushToMlflow({
			url: fake.url,
			runIds: [child.info.runId, parent.info.runId, orphan.info.runId]
		});
		expect(report.runs.map((r) => r.runId)).toEqual([parent.info.runId, orphan.info.runId, child.info.runId]);
		const onServer = serverRun(child.info.runId);
		expect(onServer?.tags.get('mlflow.parentRunId')).toBe(serverRun(parent.info.runId)?.runId);
		expect(serverRun(orphan.info.runId)?.tags.get('mlflow.parentRunId')).toBe('e'.repeat(32));
		expect(report.warnings.map((w) => w.kind)).toEqual(['parent-not-pushed']);
	});

	it('refuses a bad request before sending anything', async () => {
		const { client } = await createTestDb();
		expect((await rejection(client.pushToMlflow({ url: 'ftp://x' }))).code).toBe('INVALID_ARGUMENT');
		expect((await rejection(client.pushToMlflow({ url: fake.url }))).message).toBe(
			'There are no runs to push.'
		);
		expect((await rejection(client.pushToMlflow({ url: fake.url, runIds: ['nope'] }))).code).toBe(
			'INVALID_ARGUMENT'
		);
		expect(fake.calls).toEqual([]);
	});
});
