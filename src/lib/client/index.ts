// The app's single connection to the database worker and the public API bound to it.
import { Connection } from './connection';
import { RunboardClient } from './runboard';

function createDbWorker(): Worker {
	const worker = new Worker(new URL('../../../workers/db.worker.ts', import.meta.url), {
		type: 'module',
		name: 'runboard-db'
	});
	// Test builds only (scripts/build-e2e.mjs sets the flag; production builds drop this branch): lets the
	// reliability suite end the database worker mid-write, as a crash of the worker would.
	if (import.meta.env.VITE_RUNBOARD_TEST_HOOKS === '1')
		window.__runboardKill = { terminateDbWorker: () => worker.terminate() };
	return worker;
}

export const connection = new Connection(
	createDbWorker,
	() =>
		new Worker(new URL('../../../workers/parse.worker.ts', import.meta.url), {
			type: 'module',
			name: 'runboard-parse'
		}),
	() =>
		new SharedWorker(new URL('../../../workers/tab-broker.worker.ts', import.meta.url), {
			type: 'module',
			name: 'runboard-tabs'
		})
);

export const runboard = new RunboardClient(connection);

export { RunboardClient } from './runboard';
export { RunboardError } from '../api/errors';
