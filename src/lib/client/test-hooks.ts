// The test build's page side of the storage-fault hook: window.__runboardFaults forwards to the database worker.
// +layout.svelte installs it only when VITE_RUNBOARD_TEST_HOOKS is '1' (scripts/build-e2e.mjs), so a production
// build has neither this nor the worker's half.
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
