// How a trained run is recorded, on the real database (sqlite-wasm in Node, tests/unit/harness.ts): the experiment
// reused by name, params and tags, every step of the history in order, final scores, the model files, the status.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDiabetes } from '$lib/train/data';
import { trainJob, type TrainStep } from '$lib/train/jobs';
import { EXPERIMENT_NAME, RunLog, workshopExperiment } from '$lib/train/log-run';
import { createTestDb } from './harness';

const data = parseDiabetes(JSON.parse(readFileSync('static/train/diabetes.json', 'utf8')));

describe('logging a trained run through runboard', () => {
	it('reuses the workshop experiment by name', async () => {
		const { client } = await createTestDb();
		const first = await workshopExperiment(client);
		expect(await workshopExperiment(client)).toBe(first);
		expect((await client.getExperiment(first)).name).toBe(EXPERIMENT_NAME);
	});

	it('writes params, tags, the full history in step order, scores, files and FINISHED', async () => {
		const { client } = await createTestDb();
		const experimentId = await workshopExperiment(client);
		const job = { model: 'elasticnet' as const, alpha: 0.0001, l1Ratio: 0.8 };
		const log = await RunLog.start(client, experimentId, job);
		const steps: TrainStep[] = [];
		const result = trainJob(job, data, (step) => {
			steps.push(step);
			log.addStep(step); // arrives one by one, as from the worker; batched behind the scenes
		});
		await log.finish(job, result, data);

		const run = await client.getRun(log.runId);
		expect(run.info.runName).toBe('elasticnet-a0.0001-l1r0.8');
		expect(run.info.status).toBe('FINISHED');
		const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
		expect(params).toMatchObject({ model: 'ElasticNet', alpha: '0.0001', l1_ratio: '0.8', max_iter: '1000' });
		const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
		expect(tags).toMatchObject({
			'mlflow.source.name': 'runboard-train',
			model: 'ElasticNet',
			converged: 'true'
		});
		const metrics = Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));
		expect(metrics.rmse).toBe(result.scores.rmse);
		expect(metrics.r2).toBe(result.scores.r2);
		expect(metrics.mae).toBe(result.scores.mae);
		const history = await client.getMetricHistory(log.runId, 'objective');
		expect(steps.length).toBe(278); // scikit-learn's n_iter_ here
		expect(history.map((m) => [m.step, m.value])).toEqual(steps.map((s) => [s.step, s.metrics.objective]));
		const files = (await client.listArtifactFilesOf({ runId: log.runId })).map((f) => f.path).sort();
		expect(files).toEqual([
			'model/MLmodel',
			'model/coefficients.json',
			'model/requirements.txt',
			'residuals.svg'
		]);
		const coefficients = JSON.parse(
			await (await client.getArtifact(log.runId, 'model/coefficients.json')).text()
		);
		expect(coefficients.coef).toEqual(result.coef);
	});

	it('ends a stopped run as KILLED with the steps it had', async () => {
		const { client } = await createTestDb();
		const experimentId = await workshopExperiment(client);
		const job = { model: 'sgd' as const, alpha: 0.01, l1Ratio: 0.5 };
		const log = await RunLog.start(client, experimentId, job);
		for (let step = 1; step <= 5; step++) log.addStep({ step, metrics: { train_rmse: 100 - step } });
		await log.end('KILLED');
		const run = await client.getRun(log.runId);
		expect(run.info.status).toBe('KILLED');
		expect((await client.getMetricHistory(log.runId, 'train_rmse')).map((m) => m.step)).toEqual([
			1, 2, 3, 4, 5
		]);
	});
});
