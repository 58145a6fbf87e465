// A guest tab's way to the database: a port to the owning tab's database worker, obtained through the tab broker,
// with every call in flight tracked so that none stays pending when the owner goes away. The owner's tab may
// close (or crash) at any moment; its Web Lock tells the guest at once (tabLock), and every call still in flight
// then fails with DB_BUSY — such a call may or may not have been applied before the owner closed, which the error
// says. Calls made after that wait for the next owner (src/lib/client/connection.ts) and are never lost.
import { wrap, type Endpoint } from 'comlink';
import type { DbApi } from '../../api/db-api';
import { RunboardError } from '../../api/errors';
import { isBrokerReply, type BrokerRequest } from '../../api/tab-protocol';

/** Asks the broker for a port to the owner's database worker; resolves once the broker has passed it on. */
export function askForOwner(
	broker: MessagePort,
	tab: string,
	skip: string | undefined
): Promise<{ port: MessagePort; owner: string }> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		const listener = (event: MessageEvent<unknown>) => {
			if (!isBrokerReply(event.data)) return;
			broker.removeEventListener('message', listener);
			resolve({ port: channel.port1, owner: event.data.owner });
		};
		broker.addEventListener('message', listener);
		const request: BrokerRequest =
			skip === undefined ? { type: 'connect', tab } : { type: 'connect', tab, skip };
		broker.postMessage(request, [channel.port2]);
	});
}

export function ownerClosedError(): RunboardError {
	return new RunboardError(
		'DB_BUSY',
		'The tab that held the database closed while this call was running: it may or may not have been applied. ' +
			'Check, then retry.',
		{ reason: 'owner-closed' }
	);
}

/**
 * The database API over `endpoint` (a guest's port, or the owner's own worker), with a way to fail every call
 * still in flight; `close` ends the endpoint then.
 */
export function trackedRemote(
	endpoint: Endpoint,
	close: () => void = () => undefined
): { api: DbApi; fail: (error: RunboardError) => void } {
	const remote = wrap<DbApi>(endpoint) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
	const pending = new Set<(error: unknown) => void>();
	let failed: RunboardError | undefined;
	const api = new Proxy({} as DbApi, {
		get(_target, name) {
			// Not a thenable: the API object is handed around through promises.
			if (typeof name !== 'string' || name === 'then') return undefined;
			return (...args: unknown[]) => {
				if (failed) return Promise.reject(failed);
				return new Promise((resolve, reject) => {
					pending.add(reject);
					(remote[name] as (...a: unknown[]) => Promise<unknown>)(...args)
						.then(resolve, reject)
						.finally(() => pending.delete(reject));
				});
			};
		}
	});
	return {
		api,
		fail(error) {
			failed = error;
			for (const reject of pending) reject(error);
			pending.clear();
			close();
		}
	};
}
