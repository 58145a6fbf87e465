// The app's single connection to the database worker and the public API bound to it.
import { Connection } from './connection';
import { RunboardClient } from './runboard';

export const connection = new Connection(
	() =>
		new Worker(new URL('../../../workers/db.worker.ts', import.meta.url), {
			type: 'module',
			name: 'runboard-db'
		}),
	() =>
		new Worker(new URL('../../../workers/parse.worker.ts', import.meta.url), {
			type: 'module',
			name: 'runboard-parse'
		})
);

export const runboard = new RunboardClient(connection);

export { RunboardClient } from './runboard';
export { RunboardError } from '../api/errors';
