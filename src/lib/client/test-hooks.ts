// The test build's page side of the hooks into the database worker: window.__runboardFaults (storage faults) and
// window.__runboardBench (the benchmark's insert floor) forward to the worker's halves. +layout.svelte installs
// them only when VITE_RUNBOARD_TEST_HOOKS is '1' (scripts/build-e2e.mjs), so a production build has neither these
// nor the worker's halves.
import type { BenchHooks } from '../api/bench-hooks';
import type { StorageFaultApi, StorageFaultHooks } from '../api/storage-faults';
import type { Connection } from './connection';

export function storageFaultHooks(connection: Connection): StorageFaultHooks {
	const worker = async () => (await connection.api()) as unknown as StorageFaultApi;
	return {
		armStorageFault: async (plan) => (await worker()).armStorageFault(plan),
		storageFaultState: async () => (await worker()).storageFaultState(),
		deleteAllData: async () => {
			await (await connection.api()).deleteAllData();
			connection.changed('experiments');
		}
	};
}

export function benchHooks(connection: Connection): BenchHooks {
	return {
		rawInsertFloor: async (rows, rowsPerStatement) =>
			((await connection.api()) as unknown as BenchHooks).rawInsertFloor(rows, rowsPerStatement)
	};
}
