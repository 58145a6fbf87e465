import type { RunboardClient } from '$lib/client/runboard';
import type { StorageFaultHooks } from '$lib/api/storage-faults';
import type { BenchHooks } from '$lib/api/bench-hooks';

declare global {
	interface Window {
		/** The public page API, shaped like MLflow's MlflowClient. */
		runboard: RunboardClient;
		/** Test hook: true when the app has no work in flight (set in src/routes/+layout.svelte from app.idle). */
		__runboardIdle?: () => boolean;
		/** Test build only (scripts/build-e2e.mjs): storage faults in the database worker. */
		__runboardFaults?: StorageFaultHooks;
		/** Test-build hook (tests/reliability/kills): ends the database worker at once, as a crash would. */
		__runboardKill?: { terminateDbWorker(): void };
		/** Test build only (bench/run.mjs, bench/import.mjs): the raw insert floor, measured in the database worker. */
		__runboardBench?: BenchHooks;
		/** Test build only: whether this tab owns the database worker or reaches another tab's. */
		__runboardRole?: () => 'owner' | 'guest' | undefined;
	}
}

export {};
