// The owning tab's watch over its database worker: the worker holds a Web Lock for as long as it lives
// (workers/db/life-lock.ts), and this tab queues for it, so the browser grants it the moment the worker dies —
// crashed, out of memory or terminated — even in the middle of a long call. Measured in Chromium
// (tests/e2e/tabs-worker-death.spec.ts): granted 10–13 ms after terminate() of an idle worker, about 2 s after
// terminate() of one deep in a long SQLite call (the thread must first be interrupted). A dead worker's calls
// would otherwise stay pending for ever (comlink has no timeout), and every guest tab's with them.
import { RunboardError } from '../../api/errors';

/** Calls `onDeath` once the worker holding `lock` has gone. Without Web Locks (no lock name) nothing is watched. */
export function watchWorkerLife(lock: string | undefined, onDeath: () => void): void {
	if (!lock || typeof navigator === 'undefined' || !navigator.locks) return;
	void navigator.locks.request(lock, () => onDeath());
}

/** The life lock's name from the worker's ready message, if it sent one. */
export function lifeLockOf(data: { life?: unknown } | null | undefined): string | undefined {
	return typeof data?.life === 'string' && data.life.startsWith('runboard-db-life-') ? data.life : undefined;
}

export function workerStoppedError(): RunboardError {
	return new RunboardError(
		'DB_BUSY',
		'The database worker stopped (it crashed or ran out of memory) while this call was running: it may or may ' +
			'not have been applied. Runboard reopens the database; check, then retry.',
		{ reason: 'worker-stopped' }
	);
}

/** After this many deaths in one page, the tab stops reopening the database and asks for a reload. */
export const MAX_WORKER_RESTARTS = 3;

export function workerKeepsStoppingError(): RunboardError {
	return new RunboardError(
		'DB_UNAVAILABLE',
		`The database worker stopped ${MAX_WORKER_RESTARTS} times (crash or out of memory). Reload the page; if it ` +
			'happens again, close other tabs to free memory.'
	);
}
