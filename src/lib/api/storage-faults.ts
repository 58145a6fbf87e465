// The test build's storage-fault hook (workers/db/storage-faults.ts), as the page and the tests see it. Types only:
// nothing here exists in the production build.

export type FaultOp = 'write' | 'flush' | 'truncate';
/** `throw`: the call throws; `short`: a write stores half and reports it; `quota`: a QuotaExceededError. */
export type FaultMode = 'throw' | 'short' | 'quota';

/** Fail the `at`-th call (counted from arming, 1-based) of `op` once, as `mode` says. */
export interface FaultPlan {
	op: FaultOp;
	mode: FaultMode;
	at: number;
}

export type StorageFaultCounts = Record<FaultOp, number>;

export interface StorageFaultApi {
	/** Resets the counts and arms `plan` (null: only count, e.g. a baseline). */
	armStorageFault(plan: FaultPlan | null): Promise<void>;
	/** The calls counted since arming, and whether the fault has fired. */
	storageFaultState(): Promise<{ counts: StorageFaultCounts; fired: boolean; armed: boolean }>;
}

/** The page's test hook (window.__runboardFaults): the worker's half, and a way back to an empty database. */
export interface StorageFaultHooks extends StorageFaultApi {
	/** Deletes all data, as the Storage page does (each sweep starts from the same database). */
	deleteAllData(): Promise<void>;
}
