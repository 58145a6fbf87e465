// The benchmark's hook into the database worker (workers/db/bench.ts), as the page and bench/ see it: test builds
// only (scripts/build-e2e.mjs sets VITE_RUNBOARD_TEST_HOOKS), never part of DbApi. Types only.

export interface BenchHooks {
	/**
	 * Benchmark floor: `rows` metric-shaped rows inserted through the C API into a scratch table, timed; one row
	 * per statement unless `rowsPerStatement` says otherwise.
	 */
	rawInsertFloor(rows: number, rowsPerStatement?: number): Promise<{ ms: number; rows: number }>;
}
