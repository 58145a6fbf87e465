// The database worker's entry: start SQLite, open the database, expose the API. Nothing else lives here.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { expose } from 'comlink';
import { toRunboardError } from '$lib/api/errors';
import { createDbApi } from './db/api';
import { forTransfer } from './db/boundary';
import { openDatabase } from './db/open';
import { watchAccessHandles } from './db/storage-errors';

try {
	// Test build only (scripts/build-e2e.mjs): storage faults on demand. A production build drops this branch.
	const faults =
		import.meta.env.VITE_RUNBOARD_TEST_HOOKS === '1' ? await import('./db/storage-faults') : undefined;
	faults?.installStorageFaults();
	// After the faults, so that an injected QuotaExceededError is seen as a real one would be.
	watchAccessHandles();
	const sqlite3 = await sqlite3InitModule();
	const opened = await openDatabase(sqlite3);
	const conn = { db: opened.db, sqlite3 };
	const api = createDbApi(conn, {
		mode: opened.mode,
		fallbackReason: opened.fallbackReason,
		onClose: () => opened.pool?.pauseVfs(),
		warmCharts: true
	});
	// Test build only, as above: the benchmark's floor (workers/db/bench.ts), beside DbApi rather than in it.
	const bench = import.meta.env.VITE_RUNBOARD_TEST_HOOKS === '1' ? await import('./db/bench') : undefined;
	expose({
		...forTransfer(api),
		...(faults ? faults.storageFaultApi() : {}),
		...(bench ? forTransfer(bench.benchHooks(conn)) : {})
	});
	postMessage({ type: 'runboard:ready' });
} catch (error) {
	postMessage({ type: 'runboard:failed', error: toRunboardError(error).toJSON() });
}
