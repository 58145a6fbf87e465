// One training of the Train page: starts the worker (src/lib/train/train.worker.ts), turns its messages into runs
// through runboard (src/lib/train/log-run.ts), in order, and keeps what the page shows. Stop terminates the worker
// and marks the run in progress KILLED; runs not yet started are never created.
import { base } from '$app/paths';
import { runboard } from '$lib/client';
import { toRunboardError } from '$lib/api/errors';
import { app } from '$lib/state/app.svelte';
import { parseDiabetes, type Dataset } from '$lib/train/data';
import { runName, type TrainJob } from '$lib/train/jobs';
import { RunLog, workshopExperiment } from '$lib/train/log-run';
import type { Pace, TrainMessage, TrainRequest } from '$lib/train/protocol';
import { startTrainWorker } from './train-worker';

export type RunState = 'waiting' | 'running' | 'finished' | 'killed' | 'failed';

export interface RunRow {
	name: string;
	state: RunState;
	runId?: string;
	step?: number;
	rmse?: number;
}

let dataset: Promise<Dataset> | null = null;

/** The training data, fetched once per page load. */
function loadDataset(): Promise<Dataset> {
	dataset ??= fetch(`${base}/train/diabetes.json`).then(async (response) => {
		if (!response.ok) throw new Error(`The training data could not be loaded (HTTP ${response.status}).`);
		return parseDiabetes(await response.json());
	});
	dataset.catch(() => (dataset = null)); // a later try fetches again
	return dataset;
}

export class TrainingSession {
	phase = $state<'idle' | 'training' | 'done' | 'stopped' | 'failed'>('idle');
	rows = $state<RunRow[]>([]);
	experimentId = $state<string | null>(null);
	error = $state<string | null>(null);

	private worker: Worker | null = null;
	private logs: (RunLog | null)[] = [];
	private queue: Promise<void> = Promise.resolve();
	private settle: (() => void) | null = null;

	get current(): { index: number; row: RunRow } | null {
		const index = this.rows.findIndex((r) => r.state === 'running');
		return index < 0 ? null : { index, row: this.rows[index]! };
	}

	/** Trains the jobs in turn; resolves when all are logged, or when stopped or failed. */
	async start(jobs: TrainJob[], pace: Pace): Promise<void> {
		if (this.phase === 'training') return;
		this.phase = 'training';
		this.error = null;
		this.rows = jobs.map((job) => ({ name: runName(job), state: 'waiting' }));
		this.logs = jobs.map(() => null);
		const done = new Promise<void>((resolve) => (this.settle = resolve));
		try {
			const [data, experimentId] = await Promise.all([loadDataset(), workshopExperiment(runboard)]);
			this.experimentId = experimentId;
			if (this.phase !== 'training') return; // stopped while loading
			const worker = startTrainWorker();
			this.worker = worker;
			worker.onmessage = (event: MessageEvent<TrainMessage>) => {
				const message = event.data;
				this.queue = this.queue.then(() => this.handle(message, jobs, data, experimentId));
			};
			worker.onerror = (event) => this.fail(event.message || 'The training worker stopped.');
			const request: TrainRequest = { data, jobs, pace };
			worker.postMessage($state.snapshot(request));
			await app.track(done);
		} catch (error) {
			this.fail(toRunboardError(error).message);
		}
	}

	private async logOf(index: number, job: TrainJob, experimentId: string): Promise<RunLog> {
		const existing = this.logs[index];
		if (existing) return existing;
		const log = await RunLog.start(runboard, experimentId, job);
		this.logs[index] = log;
		this.rows[index] = { ...this.rows[index]!, state: 'running', runId: log.runId };
		return log;
	}

	private async handle(message: TrainMessage, jobs: TrainJob[], data: Dataset, experimentId: string) {
		if (this.phase !== 'training') return;
		const job = jobs[message.job]!;
		try {
			const log = await this.logOf(message.job, job, experimentId);
			const row = this.rows[message.job]!;
			if (message.type === 'step') {
				log.addStep(message.step);
				row.step = message.step.step;
			} else if (message.type === 'done') {
				await log.finish(job, message.result, data);
				row.state = 'finished';
				row.rmse = message.result.scores.rmse;
				if (message.job === jobs.length - 1) this.end('done');
			} else {
				await log.end('FAILED');
				row.state = 'failed';
				this.error = `${row.name}: ${message.message}`;
				if (message.job === jobs.length - 1) this.end('done');
			}
		} catch (error) {
			this.fail(toRunboardError(error).message);
		}
	}

	/** Stops the worker and ends the run in progress as KILLED. */
	stop(): Promise<void> {
		if (this.phase !== 'training') return this.queue;
		this.end('stopped');
		return app.track(this.endUnfinished('KILLED', 'killed'));
	}

	private fail(message: string): void {
		if (this.phase !== 'training') return;
		this.error = message;
		this.end('failed');
		void app.track(this.endUnfinished('FAILED', 'failed'));
	}

	private endUnfinished(status: 'KILLED' | 'FAILED', state: RunState): Promise<void> {
		// After the messages already received: their writes come first, then the end of what is left open.
		this.queue = this.queue.then(async () => {
			for (const [i, row] of this.rows.entries()) {
				if (row.state !== 'running') continue;
				row.state = state;
				await this.logs[i]?.end(status).catch(() => undefined);
			}
		});
		return this.queue;
	}

	private end(phase: 'done' | 'stopped' | 'failed'): void {
		this.phase = phase;
		this.worker?.terminate();
		this.worker = null;
		this.settle?.();
		this.settle = null;
	}
}
