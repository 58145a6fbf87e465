// Editing after the fact (MLflow's UpdateRun, DeleteExperimentTag, tags) and bulk delete/restore/tag, on the real
// database API over sqlite-wasm.
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunboardClient } from '$lib/client/runboard';
import type { DbApi } from '$lib/api/db-api';
import { checkUserTagKey } from '$lib/api/validate';
import { readFileSync } from 'node:fs';
import { createTestDb, rejection } from './harness';

let client: RunboardClient;
let api: DbApi;

beforeEach(async () => {
	({ client, api } = await createTestDb());
});

async function newRuns(n: number) {
	const experimentId = await client.createExperiment('exp');
	const ids: string[] = [];
	for (let i = 0; i < n; i++) {
		ids.push((await client.createRun({ experimentId, runName: `r${i}`, startTime: 1000 })).info.runId);
	}
	return { experimentId, ids };
}

const tagValue = async (runId: string, key: string) =>
	(await client.getRun(runId)).data.tags.find((t) => t.key === key)?.value;

describe('updateRun', () => {
	it('renames a run (the mlflow.runName tag follows, trimmed) and sets status and end time', async () => {
		const { ids } = await newRuns(1);
		const runId = ids[0]!;
		await client.updateRun({ runId, runName: '  better name ' });
		await client.updateRun({ runId, status: 'FAILED', endTime: 5000 });
		const run = await client.getRun(runId);
		expect(run.info.runName).toBe('better name');
		expect(await tagValue(runId, 'mlflow.runName')).toBe('better name');
		expect(run.info.status).toBe('FAILED');
		expect(run.info.endTime).toBe(5000);
		const found = await client.searchRuns({
			experimentIds: [run.info.experimentId],
			filter: "attributes.run_name = 'better name'"
		});
		expect(found.runs.map((r) => r.info.runId)).toEqual([runId]);
	});

	it('refuses bad input with a specific message and changes nothing', async () => {
		const { ids } = await newRuns(1);
		const runId = ids[0]!;
		expect(await rejection(client.updateRun({ runId, runName: 'x'.repeat(251) }))).toEqual({
			code: 'INVALID_ARGUMENT',
			message: 'Run name is 251 characters long; the limit is 250.'
		});
		expect((await rejection(client.updateRun({ runId, runName: '   ' }))).message).toBe(
			'Run name must not be empty.'
		);
		expect((await rejection(client.updateRun({ runId }))).message).toContain('at least one of');
		expect((await rejection(client.updateRun({ runId, status: 'DONE' as never }))).message).toContain(
			'Run status must be one of'
		);
		expect((await rejection(client.updateRun({ runId: 'nope', runName: 'a' }))).code).toBe(
			'INVALID_ARGUMENT'
		);
		expect((await rejection(client.updateRun({ runId: 'f'.repeat(32), runName: 'a' }))).code).toBe(
			'NOT_FOUND'
		);
		await client.deleteRun(runId);
		expect(await rejection(client.updateRun({ runId, runName: 'a' }))).toMatchObject({
			code: 'INVALID_STATE'
		});
		expect((await client.getRun(runId)).info.runName).toBe('r0');
	});
});

describe('tags', () => {
	it('sets, replaces and deletes run tags with MLflow limits; the name tag cannot be deleted', async () => {
		const { ids } = await newRuns(1);
		const runId = ids[0]!;
		await client.setTag(runId, 'team', 'a');
		await client.setTag(runId, 'team', 'b');
		expect(await tagValue(runId, 'team')).toBe('b');
		await client.deleteTag(runId, 'team');
		expect(await tagValue(runId, 'team')).toBeUndefined();
		expect((await rejection(client.setTag(runId, 'k'.repeat(251), 'v'))).message).toBe(
			'Tag key is 251 characters long; the limit is 250.'
		);
		expect((await rejection(client.setTag(runId, 'k', 'v'.repeat(8001)))).message).toBe(
			'Tag "k" is 8001 characters long; the limit is 8000.'
		);
		expect((await rejection(client.deleteTag(runId, 'mlflow.runName'))).message).toContain('rename the run');
		expect(await tagValue(runId, 'mlflow.runName')).toBe('r0');
	});

	it('sets and deletes experiment tags, including the description note', async () => {
		const { experimentId } = await newRuns(0);
		await client.setExperimentTag(experimentId, 'mlflow.note.content', '# Notes');
		await client.setExperimentTag(experimentId, 'owner', 'ml');
		await client.deleteExperimentTag(experimentId, 'owner');
		expect((await client.getExperiment(experimentId)).tags).toEqual([
			{ key: 'mlflow.note.content', value: '# Notes' }
		]);
		expect(await rejection(client.deleteExperimentTag(experimentId, 'owner'))).toEqual({
			code: 'NOT_FOUND',
			message: `Experiment ${experimentId} has no tag "owner".`
		});
		expect((await rejection(client.deleteExperimentTag('999', 'owner'))).code).toBe('NOT_FOUND');
	});

	it('keeps mlflow.* keys out of the tag editor with a clear reason', () => {
		expect(checkUserTagKey('  team ')).toBe('team');
		expect(() => checkUserTagKey('mlflow.user')).toThrow(/MLflow's system tags/);
		expect(() => checkUserTagKey('')).toThrow('Tag key must not be empty.');
	});
});

describe('bulk edits', () => {
	it('deletes runs at once and restores exactly those that were active', async () => {
		const { experimentId, ids } = await newRuns(3);
		await client.deleteRun(ids[0]!);
		const deleted = await client.deleteRuns([ids[0]!, ids[1]!, ids[1]!]);
		expect(deleted).toEqual([ids[1]]);
		const active = await client.searchRuns({ experimentIds: [experimentId] });
		expect(active.runs.map((r) => r.info.runId)).toEqual([ids[2]]);
		const gone = await client.searchRuns({ experimentIds: [experimentId], runViewType: 'DELETED_ONLY' });
		expect(gone.runs.map((r) => r.info.runId).sort()).toEqual([ids[0], ids[1]].sort());
		expect(await client.restoreRuns(deleted)).toEqual([ids[1]]);
		expect((await client.getRun(ids[1]!)).info.lifecycleStage).toBe('active');
		expect((await client.getRun(ids[0]!)).info.lifecycleStage).toBe('deleted');
	});

	it('an unknown id in a bulk delete changes nothing', async () => {
		const { ids } = await newRuns(2);
		expect((await rejection(client.deleteRuns([ids[0]!, 'a'.repeat(32)]))).code).toBe('NOT_FOUND');
		expect((await client.getRun(ids[0]!)).info.lifecycleStage).toBe('active');
		expect((await rejection(client.deleteRuns([]))).message).toBe('Give a non-empty list of run ids.');
	});

	it('tags every run given, or none when one is deleted', async () => {
		const { ids } = await newRuns(3);
		await client.setTagOnRuns([ids[0]!, ids[1]!], 'batch', 'one');
		expect(await tagValue(ids[0]!, 'batch')).toBe('one');
		expect(await tagValue(ids[1]!, 'batch')).toBe('one');
		expect(await tagValue(ids[2]!, 'batch')).toBeUndefined();
		await client.deleteRun(ids[2]!);
		expect((await rejection(client.setTagOnRuns([ids[0]!, ids[2]!], 'batch', 'two'))).code).toBe(
			'INVALID_STATE'
		);
		expect(await tagValue(ids[0]!, 'batch')).toBe('one');
	});
});

describe('last activity', () => {
	it('is the latest run start, end or (while running) metric time, not when the rows were written', async () => {
		const { client: c, api: fresh } = await createTestDb();
		const empty = await c.createExperiment('empty');
		const running = await c.createExperiment('running');
		const live = await c.createRun({ experimentId: running, startTime: 1_000 });
		await c.logMetric(live.info.runId, 'loss', 1, { timestamp: 7_000 });
		const ended = await c.createExperiment('ended');
		const done = await c.createRun({ experimentId: ended, startTime: 1_000 });
		await c.logMetric(done.info.runId, 'loss', 1, { timestamp: 4_000 });
		await c.setTerminated(done.info.runId, 'FINISHED', 5_000);
		await c.createRun({ experimentId: ended, startTime: 2_000 });
		const byId = new Map((await fresh.listExperimentSummaries()).map((s) => [s.experimentId, s]));
		expect(byId.get(running)?.lastActivity).toBe(7_000);
		expect(byId.get(ended)?.lastActivity).toBe(5_000);
		// Written now (Date.now()), yet its runs are old: the summary says when the runs last changed.
		expect((await c.getExperiment(ended)).lastUpdateTime).toBeGreaterThan(1e12);
		expect(byId.get(empty)?.lastActivity).toBe((await c.getExperiment(empty)).creationTime);
	});
});

describe('run inputs', () => {
	it('lists the datasets each run of the demo used, as the run record holds them', async () => {
		const zip = new Blob([readFileSync('static/demo/diabetes-quickstart.zip')]);
		const report = await client.importFiles([{ path: 'diabetes-quickstart.zip', file: zip }]);
		const experimentIds = report.experiments.map((e) => e.experimentId);
		const { runs } = await client.searchRuns({ experimentIds });
		let total = 0;
		for (const run of runs) {
			const inputs = await client.getRunInputs(run.info.runId);
			expect(inputs).toEqual((await api.getRunRecord(run.info.runId)).inputs);
			total += inputs.length;
		}
		expect(total).toBeGreaterThan(0);
		const some = (await Promise.all(runs.map((r) => client.getRunInputs(r.info.runId)))).flat()[0]!;
		expect(some.name).not.toBe('');
		expect(some.digest).not.toBe('');
		expect((await rejection(client.getRunInputs('e'.repeat(32)))).code).toBe('NOT_FOUND');
	});
});
