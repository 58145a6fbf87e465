// The database API: the one implementation of DbApi, run inside the worker and, in tests, in Node against
// sqlite-wasm's node build. Every write is one transaction: a failed call leaves nothing behind. Each area of the
// API is a file of workers/db/api/ over the same connection; SQL lives only in the repository modules of
// workers/db/ (tests/unit/sql-homes.test.ts keeps it so).
import type { DbApi, StorageMode } from '$lib/api/db-api';
import { transaction } from './batch';
import { createChartWarmup } from './charts/warmup';
import { migrate } from './migrations';
import { configureConnection } from './open';
import type { Conn } from './sql';
import { artifactsApi } from './api/artifacts';
import type { ApiContext } from './api/context';
import { editsApi } from './api/edits';
import { experimentsApi } from './api/experiments';
import { waitingForHeldBatch } from './api/held-import';
import { importsApi } from './api/imports';
import { metricsChartsApi } from './api/metrics-charts';
import { pushApi } from './api/push';
import { runsApi } from './api/runs';
import { runsTableApi } from './api/runs-table';
import { storageApi } from './api/storage';

export interface DbApiOptions {
	mode: StorageMode;
	fallbackReason?: string;
	/** Called by close(): release the storage (e.g. pause the OPFS pool) so another tab can open it. */
	onClose?: () => void;
	now?: () => number;
	/** Read series drawn from summaries whole while idle (the worker; tests leave it off to stay deterministic). */
	warmCharts?: boolean;
}

export function createDbApi(conn: Conn, options: DbApiOptions): DbApi {
	const { db } = conn;
	configureConnection(db);
	const schemaVersion = migrate(db);
	const context: ApiContext = {
		conn,
		db,
		now: options.now ?? (() => Date.now()),
		tx: (fn) => transaction(db, fn)
	};
	const warmup = options.warmCharts ? createChartWarmup(conn) : undefined;
	// The calls wait while an import holds its batch unverified (api/held-import.ts).
	return waitingForHeldBatch(db, {
		...storageApi(context, {
			mode: options.mode,
			fallbackReason: options.fallbackReason,
			schemaVersion,
			onClose: options.onClose,
			beforeClose: () => warmup?.stop()
		}),
		...experimentsApi(context),
		...runsApi(context),
		...editsApi(context),
		...runsTableApi(context),
		...metricsChartsApi(context, warmup),
		...importsApi(context),
		...artifactsApi(context),
		...pushApi(context)
	});
}
