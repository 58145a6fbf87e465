// Messages between the Train page and its worker (src/lib/train/train.worker.ts). The page sends one request;
// the worker answers with each run's steps, then its result, run after run.
import type { Dataset } from './data';
import type { TrainJob, TrainResult, TrainStep } from './jobs';

/**
 * Training a run takes milliseconds; its steps are sent `stepMs` apart (never more than `runMs` of pauses per
 * run) so that a person sees the curves grow. `{stepMs: 0, runMs: 0}` sends them as fast as they come.
 */
export interface Pace {
	stepMs: number;
	runMs: number;
}

export const WATCHABLE_PACE: Pace = { stepMs: 15, runMs: 1500 };

export interface TrainRequest {
	data: Dataset;
	jobs: TrainJob[];
	pace: Pace;
}

export type TrainMessage =
	| { type: 'step'; job: number; step: TrainStep }
	| { type: 'done'; job: number; result: TrainResult }
	| { type: 'failed'; job: number; message: string };
