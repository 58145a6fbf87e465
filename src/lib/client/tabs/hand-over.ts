// Where tabs cannot share the database worker (no SharedWorker: Android Chrome), one tab owns it at a time and a
// second tab offers "Use it here": it asks the owner (BroadcastChannel) to close its database and release the
// lock. The owner honours only a request of the protocol's exact shape from a tab that is really waiting for the
// database: the Web Locks registry must show the asking tab's own lock and a pending request for the database lock
// from the same client. No message can be authenticated against script of the same origin (it can do whatever a
// tab can), which is why no imported byte may ever become a document of this origin (docs/security.md); this check
// keeps stray or replayed messages, and documents that are not waiting tabs, from taking the database away.
import { RunboardError } from '../../api/errors';
import { tabLock } from '../../api/tab-protocol';

export const LOCK = 'runboard-db';
export const CHANNEL = 'runboard-tabs';
const PROTOCOL = 1;

export interface ReleaseRequest {
	type: 'release-request';
	protocol: typeof PROTOCOL;
	tab: string;
}

export const releaseRequest = (tab: string): ReleaseRequest => ({
	type: 'release-request',
	protocol: PROTOCOL,
	tab
});

export function isReleaseRequest(data: unknown): data is ReleaseRequest {
	const d = data as Partial<ReleaseRequest> | null;
	return (
		typeof d === 'object' &&
		d !== null &&
		d.type === 'release-request' &&
		d.protocol === PROTOCOL &&
		typeof d.tab === 'string' &&
		/^[0-9a-f-]{36}$/.test(d.tab)
	);
}

/** Whether the tab `tab` holds its tab lock and, from the same client, waits for the database lock. */
export async function isWaitingTab(tab: string): Promise<boolean> {
	const { held = [], pending = [] } = await navigator.locks.query();
	const owner = held.find((lock) => lock.name === tabLock(tab))?.clientId;
	return owner !== undefined && pending.some((lock) => lock.name === LOCK && lock.clientId === owner);
}

export function otherTabError(): RunboardError {
	return new RunboardError(
		'DB_BUSY',
		'Runboard is open in another tab. Use "Use it here" in this tab, or close the other tab.'
	);
}
