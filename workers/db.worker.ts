// The database worker's entry: start SQLite, open the database, expose the API. Nothing else lives here.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { expose } from 'comlink';
import { toRunboardError } from '$lib/api/errors';
import { CONNECT_GUEST } from '$lib/api/tab-protocol';
import { createDbApi } from './db/api';
import { forTransfer } from './db/boundary';
import { holdLifeLock } from './db/life-lock';
import { openDatabase } from './db/open';
import { watchAccessHandles } from './db/storage-errors';

// Guest tabs reach this worker through ports the owning tab passes on (src/lib/client/connection.ts): each is
// served the same API. Listened for before comlink's own listener so that comlink never sees these messages.
let serveGuest: ((port: MessagePort) => void) | undefined;
addEventListener('message', (event: MessageEvent<{ type?: string } | null>) => {
	const port = event.ports[0];
	if (event.data?.type !== CONNECT_GUEST || !port) return;
	event.stopImmediatePropagation();
	if (serveGuest) serveGuest(port);
	else port.close();
});

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
	const served = {
		...forTransfer(api),
		...(faults ? faults.storageFaultApi() : {}),
		...(bench ? forTransfer(bench.benchHooks(conn)) : {})
	};
	expose(served);
	serveGuest = (port) => expose(served, port);
	// The page watches this lock to learn at once if this worker dies with its calls in flight.
	postMessage({ type: 'runboard:ready', life: await holdLifeLock() });
} catch (error) {
	postMessage({ type: 'runboard:failed', error: toRunboardError(error).toJSON() });
}
