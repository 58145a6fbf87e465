// What the hostile-server cases expect: the well-behaved import's figures and the three ways a case may end
// (imported with what was usable, refused with a clear error, cancelled), each with only whole runs stored.
import { expect } from 'vitest';
import type { ServerLimits } from '$lib/importers/limits';
import { BASELINE, MODEL, RUN_A, RUN_B } from './baseline';
import { type ImportOptions, type Outcome, type StoredRun, TEST_LIMITS } from './outcome';

export type { Outcome };

export const L = TEST_LIMITS as Required<ServerLimits>;
export const SECONDS = L.requestTimeoutMs / 1000;
export const POINTS = BASELINE.points.map((p) => p.value);
export const WHOLE = { params: ['lr=0.1'], points: POINTS, artifacts: ['notes.txt', 'plots/a.txt'] };
/** The logged models' requests of a well-behaved import: logged-models/search, the model's listing and its file. */
export const MODEL_REQUESTS = 3;
/**
 * The requests of a well-behaved import: version, experiments, runs, then per run history + 2 lists + 2 files, then
 * the logged models'.
 */
export const OK_REQUESTS = 3 + 2 * 5 + MODEL_REQUESTS;
/** The baseline's logged model as stored (outcome.ts's line). */
export const MODEL_LINE = `${MODEL} model READY: alpha=0.5 | rmse=1.5@0/${RUN_A} | MLmodel`;
/** Kernel socket buffers may accept this much past the point where the client stopped reading. */
export const SOCKET_SLACK = 8 * 1024 * 1024;
export const EXPERIMENTS = ['Default', 'hostile'];

/** The baseline history read n times over: every step n times (the history comes back ordered by step). */
export const repeated = (n: number) => POINTS.flatMap((v) => Array.from({ length: n }, () => v));
export const whole = (runId: string, extra: Partial<StoredRun> = {}) => ({ runId, ...WHOLE, ...extra });
export const bothWhole = (extra: Partial<StoredRun> = {}) => [whole(RUN_A, extra), whole(RUN_B, extra)];
export const shape = (runs: StoredRun[]) =>
	runs.map(({ runId, params, points, artifacts }) => ({ runId, params, points, artifacts }));

export interface Case {
	name: string;
	server?: string;
	limits?: Partial<ServerLimits>;
	maxRequests: number;
	maxBytes?: number;
	cancelWhen?: ImportOptions['cancelWhen'];
	check(o: Outcome): void;
}

export function imported(o: Outcome, runs: object[], ...warnings: string[]): void {
	expect(o.error).toBeUndefined();
	expect(o.report?.cancelled).toBe(false);
	expect(o.experiments).toEqual(EXPERIMENTS);
	expect(shape(o.runs)).toEqual(runs);
	for (const w of warnings) expect(o.warnings).toContain(w);
}

export function failed(o: Outcome, code: string, message: string): void {
	expect(o.error?.code).toBe(code);
	expect(o.error?.message).toContain(message);
	expect(o.experiments).toEqual([]);
	expect(o.runs).toEqual([]);
}

export function cancelled(o: Outcome): void {
	expect(o.error).toBeUndefined();
	expect(o.report?.cancelled).toBe(true);
	expect(o.runs).toEqual([]);
}

export const paging = (n: number) => OK_REQUESTS + n;
