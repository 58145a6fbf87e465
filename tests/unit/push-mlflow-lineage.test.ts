// Dataset inputs and logged models in a push, through the real database and importer: the real MLflow quickstart
// (27 inputs, 13 logged models with params, tags, points and files) reaches a fake server whole; a push broken
// at a model resumes without making a model twice; a third push sends nothing; what MLflow cannot take is named.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbApi } from '$lib/api/db-api';
import type { RunboardClient } from '$lib/client/runboard';
import { fakeMlflow, type FakeMlflow } from './fake-mlflow-server';
import { createTestDb, rejection } from './harness';
import { fromNodeDir } from './node-files';

let fake: FakeMlflow;
beforeEach(async () => (fake = await fakeMlflow()));
afterEach(() => fake.close());

async function quickstart(): Promise<{ api: DbApi; client: RunboardClient; experimentId: string }> {
	const { api, client } = await createTestDb();
	await client.importFiles(
		fromNodeDir('tests/fixtures/mlflow/mlruns').map((f) => ({
			path: f.path,
			file: new Blob([readFileSync(`tests/fixtures/mlflow/${f.path}`)])
		}))
	);
	const experimentId = (await client.getExperimentByName('diabetes-quickstart'))!.experimentId;
	return { api, client, experimentId };
}

/** Runboard's logged models and inputs of the experiment, by model id and by run id. */
async function held(api: DbApi, experimentId: string) {
	const { runs } = await api.searchRuns({
		experimentIds: [experimentId],
		runViewType: 'ALL',
		maxResults: 1000
	});
	const records = await Promise.all(runs.map((r) => api.getRunRecord(r.info.runId)));
	return {
		models: records.flatMap((r) => r.loggedModels),
		inputs: new Map(records.map((r) => [r.info.runId, r.inputs]))
	};
}

describe('push of dataset inputs and logged models', () => {
	it('sends the quickstart’s inputs and models whole, resumes a broken push, and sends nothing twice', async () => {
		const { api, client, experimentId } = await quickstart();
		const local = await held(api, experimentId);
		expect(local.models).toHaveLength(13);
		// The fifth model made answers 400: the push stops there and says how far it got.
		fake.fail = (endpoint, n) =>
			endpoint === 'mlflow/logged-models' && n === 4
				? [400, '{"error_code":"INVALID_PARAMETER_VALUE","message":"no"}']
				: undefined;
		const error = await rejection(client.pushToMlflow({ url: fake.url, experimentIds: [experimentId] }));
		expect(error.message).toMatch(
			/runs were pushed before this; pushing again sends only what the server lacks/
		);
		expect(fake.models.size).toBe(4);
		fake.fail = undefined;
		const second = await client.pushToMlflow({ url: fake.url, experimentIds: [experimentId] });
		expect(second.loggedModels).toBe(9);
		expect(fake.models.size).toBe(13);

		const runOf = new Map(
			[...fake.runs.values()].map((r) => [r.runId, r.tags.get('runboard.source_run_id')])
		);
		for (const m of local.models) {
			const copy = [...fake.models.values()].find(
				(x) => x.tags.get('runboard.source_model_id') === m.modelId
			);
			expect(copy, m.modelId).toBeDefined();
			expect(runOf.get(copy!.sourceRunId)).toBe(m.sourceRunId);
			expect([copy!.name, copy!.status]).toEqual([m.name, 'LOGGED_MODEL_READY']);
			expect(Object.fromEntries(copy!.params)).toEqual(
				Object.fromEntries(m.params.map((p) => [p.key, p.value]))
			);
			const tags = Object.fromEntries(copy!.tags);
			delete tags['runboard.source_model_id'];
			expect(tags).toEqual(Object.fromEntries(m.tags.map((t) => [t.key, t.value])));
			const points = (list: { key: string; step: number; timestamp: number; value: number | string }[]) =>
				list.map((p) => `${p.key} ${p.step} ${p.timestamp} ${p.value}`).sort();
			expect(points([...copy!.points.values()])).toEqual(points(m.metrics));
			expect([...copy!.files.keys()].sort()).toEqual(
				m.artifacts
					.filter((a) => !a.isDir)
					.map((a) => a.path)
					.sort()
			);
		}
		for (const run of fake.runs.values()) {
			const inputs = local.inputs.get(run.tags.get('runboard.source_run_id')!) ?? [];
			expect(run.inputs.map((i) => [i.dataset.name, i.dataset.digest, i.dataset.schema, i.tags])).toEqual(
				inputs.map((i) => [
					i.name,
					i.digest,
					i.schema,
					i.context ? [{ key: 'mlflow.data.context', value: i.context }] : []
				])
			);
		}
		expect([...fake.runs.values()].reduce((n, r) => n + r.inputs.length, 0)).toBe(27);
		// Reported, not hidden: the server's copies carry the push's time, not the models' creation times.
		expect(second.warnings.find((w) => w.kind === 'model-creation-time')?.count).toBe(9);

		const third = await client.pushToMlflow({ url: fake.url, experimentIds: [experimentId] });
		expect(third).toMatchObject({
			runsCreated: 0,
			runsUpdated: 0,
			metricPoints: 0,
			params: 0,
			tags: 0,
			artifactFiles: 0,
			datasetInputs: 0,
			loggedModels: 0
		});
		expect(fake.models.size).toBe(13);
	});
});

describe('push to a server without logged models', () => {
	it('pushes the runs and their inputs, and says once that the models were not sent', async () => {
		const { client, experimentId } = await quickstart();
		fake.fail = (endpoint) =>
			endpoint === 'mlflow/logged-models/search'
				? [404, '{"error_code":"ENDPOINT_NOT_FOUND","message":"no such endpoint"}']
				: undefined;
		const report = await client.pushToMlflow({ url: fake.url, experimentIds: [experimentId] });
		expect(report).toMatchObject({ runsCreated: 15, datasetInputs: 27, loggedModels: 0 });
		expect(fake.models.size).toBe(0);
		const group = report.warnings.find((w) => w.kind === 'logged-models-unsupported');
		expect(group?.count).toBe(1);
		expect(group?.examples[0]).toMatch(
			/^The server has no logged-model API \(MLflow 3\): the runs were pushed/
		);
		expect(fake.calls.filter((c) => c === 'mlflow/logged-models/search')).toHaveLength(1);
	});
});
