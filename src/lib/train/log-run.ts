// How the Train page records a run through runboard, as an MLflow training script would: the experiment reused by
// name, a run per job with its params and tags, the metric history as it arrives (buffered into logBatch calls,
// one at a time, in order), the final scores, the model files and a residuals plot, then its end status.
// No DOM: the client is passed in (the page's `runboard`, or a test's client over the real database).
import type { RunboardClient } from '$lib/client/runboard';
import { coefficientsJson, mlmodelYaml, requirementsTxt, residualsSvg, SOURCE_NAME } from './artifacts';
import type { Dataset } from './data';
import { jobParams, MODEL_LABELS, runName, type TrainJob, type TrainResult, type TrainStep } from './jobs';

export type TrainClient = Pick<
	RunboardClient,
	'getExperimentByName' | 'createExperiment' | 'createRun' | 'logBatch' | 'logArtifact' | 'setTerminated'
>;

export const EXPERIMENT_NAME = 'diabetes-workshop';

const EXPERIMENT_NOTE =
	'Runs trained in the browser on the Train page: scikit-learn’s diabetes data, split as in the MLflow tutorial ' +
	'(train_test_split(test_size=0.25, random_state=42)). Metrics are on the 111 test rows.';

/** The workshop experiment's id, created on first use. */
export async function workshopExperiment(client: TrainClient): Promise<string> {
	const existing = await client.getExperimentByName(EXPERIMENT_NAME);
	if (existing) return existing.experimentId;
	try {
		return await client.createExperiment(EXPERIMENT_NAME, {
			'mlflow.note.content': EXPERIMENT_NOTE,
			dataset: 'diabetes'
		});
	} catch (error) {
		// Another tab created it in between.
		const created = await client.getExperimentByName(EXPERIMENT_NAME);
		if (created) return created.experimentId;
		throw error;
	}
}

export class RunLog {
	private pending: TrainStep[] = [];
	private flushing: Promise<void> = Promise.resolve();
	private failure: unknown = null;

	private constructor(
		private readonly client: TrainClient,
		readonly runId: string
	) {}

	static async start(client: TrainClient, experimentId: string, job: TrainJob): Promise<RunLog> {
		const name = runName(job);
		const run = await client.createRun({
			experimentId,
			runName: name,
			tags: {
				'mlflow.source.name': SOURCE_NAME,
				'mlflow.source.type': 'LOCAL',
				'mlflow.runName': name,
				model: MODEL_LABELS[job.model]
			}
		});
		const log = new RunLog(client, run.info.runId);
		await client.logBatch(log.runId, { params: jobParams(job) });
		return log;
	}

	/** Queues a step's metrics; they are written in the next batch (one logBatch in flight at a time). */
	addStep(step: TrainStep): void {
		this.pending.push(step);
		if (this.pending.length === 1) this.flushing = this.flushing.then(() => this.writePending());
	}

	private async writePending(): Promise<void> {
		const steps = this.pending;
		this.pending = [];
		if (steps.length === 0 || this.failure) return;
		const timestamp = Date.now();
		const metrics = steps.flatMap(({ step, metrics }) =>
			Object.entries(metrics).map(([key, value]) => ({ key, value, step, timestamp }))
		);
		await this.client.logBatch(this.runId, { metrics }).catch((error: unknown) => {
			this.failure = error;
		});
	}

	/** Waits for the queued steps; throws what a write of them failed with. */
	async flush(): Promise<void> {
		await this.flushing;
		if (this.failure) throw this.failure;
	}

	async finish(job: TrainJob, result: TrainResult, data: Dataset): Promise<void> {
		await this.flush();
		const { rmse, r2, mae } = result.scores;
		await this.client.logBatch(this.runId, {
			metrics: [
				{ key: 'rmse', value: rmse },
				{ key: 'r2', value: r2 },
				{ key: 'mae', value: mae }
			],
			tags: { converged: String(result.converged) }
		});
		const files: [string, string][] = [
			['model/coefficients.json', coefficientsJson(job, result, data)],
			['model/MLmodel', mlmodelYaml(job, data, this.runId, new Date())],
			['model/requirements.txt', requirementsTxt(job, data)],
			['residuals.svg', residualsSvg(data.yTest, result.predictions)]
		];
		for (const [path, text] of files) {
			const type = path.endsWith('.svg') ? 'image/svg+xml' : 'text/plain;charset=utf-8';
			await this.client.logArtifact(this.runId, path, new Blob([text], { type }));
		}
		await this.client.setTerminated(this.runId, 'FINISHED');
	}

	/** Ends a run that did not finish (stopped, or its training failed), keeping what it logged. */
	async end(status: 'KILLED' | 'FAILED'): Promise<void> {
		await this.flush().catch(() => undefined);
		await this.client.setTerminated(this.runId, status);
	}
}
