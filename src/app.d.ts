import type { RunboardClient } from '$lib/client/runboard';

declare global {
	interface Window {
		/** The public page API, shaped like MLflow's MlflowClient. */
		runboard: RunboardClient;
		/** Test hook: true when the app has no work in flight (see src/lib/state/idle.ts). */
		__runboardIdle?: () => boolean;
		/** Benchmark hook (bench/run.mjs): the raw insert floor, measured in the database worker. */
		/** Test-build hook (tests/reliability/kills): ends the database worker at once, as a crash would. */
		__runboardKill?: { terminateDbWorker(): void };
		__runboardBench?: {
			rawInsertFloor(rows: number, rowsPerStatement?: number): Promise<{ ms: number; rows: number }>;
		};
	}
}

export {};
