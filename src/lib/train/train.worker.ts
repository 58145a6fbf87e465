// The Train page's worker: trains each job of a request in turn and posts its steps and result (protocol.ts).
// The page owns the logging (through runboard) and stops training by terminating this worker.
import { trainJob, type TrainStep } from './jobs';
import type { Pace, TrainMessage, TrainRequest } from './protocol';

/** The worker scope as used here (this file is type-checked with the DOM library, not WebWorker's). */
const scope = self as unknown as {
	postMessage(message: TrainMessage): void;
	onmessage: ((event: MessageEvent<TrainRequest>) => void) | null;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sendSteps(job: number, steps: TrainStep[], pace: Pace): Promise<void> {
	const delay = steps.length ? Math.min(pace.stepMs, pace.runMs / steps.length) : 0;
	for (const step of steps) {
		scope.postMessage({ type: 'step', job, step });
		if (delay > 0) await sleep(delay);
	}
}

async function train({ data, jobs, pace }: TrainRequest): Promise<void> {
	for (const [index, job] of jobs.entries()) {
		const steps: TrainStep[] = [];
		try {
			const result = trainJob(job, data, (step) => steps.push(step));
			await sendSteps(index, steps, pace);
			scope.postMessage({ type: 'done', job: index, result });
		} catch (error) {
			scope.postMessage({ type: 'failed', job: index, message: (error as Error).message ?? String(error) });
		}
	}
}

scope.onmessage = (event) => void train(event.data);
