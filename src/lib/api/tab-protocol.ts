// The messages between tabs, the tab broker (workers/tab-broker.worker.ts) and the database worker. Pure shapes and
// their checks: the broker and the tabs accept only messages of exactly these shapes.

/** Tab ids are crypto.randomUUID() values. */
const TAB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isTabId = (value: unknown): value is string => typeof value === 'string' && TAB_ID.test(value);

/** Every tab holds this Web Lock for its whole life: another tab asking for it is told when the tab is gone. */
export const tabLock = (tab: string) => `runboard-tab:${tab}`;

/** Tab → broker. */
export type BrokerRequest =
	/** The sending tab owns the database now: introduce guests to it. */
	| { type: 'owner'; tab: string }
	/** The sending tab no longer owns the database. */
	| { type: 'resign'; tab: string }
	/** Pass the transferred port to the owner (never to `skip`, an owner the guest saw close). */
	| { type: 'connect'; tab: string; skip?: string };

export function isBrokerRequest(data: unknown): data is BrokerRequest {
	const d = data as Record<string, unknown> | null;
	if (typeof d !== 'object' || d === null || !isTabId(d.tab)) return false;
	if (d.type === 'owner' || d.type === 'resign') return true;
	return d.type === 'connect' && (d.skip === undefined || isTabId(d.skip));
}

/** Broker → guest: its port went to this owner (the guest then watches that tab's lock). */
export interface BrokerReply {
	type: 'introduced';
	owner: string;
}

export function isBrokerReply(data: unknown): data is BrokerReply {
	const d = data as Record<string, unknown> | null;
	return typeof d === 'object' && d !== null && d.type === 'introduced' && isTabId(d.owner);
}

/** Broker → owner: a guest's port (transferred with the message). */
export interface OwnerNotice {
	type: 'guest';
	tab: string;
}

export function isOwnerNotice(data: unknown): data is OwnerNotice {
	const d = data as Record<string, unknown> | null;
	return typeof d === 'object' && d !== null && d.type === 'guest' && isTabId(d.tab);
}

/** Broker → every tab: the owner handed the database over (or its tab is going away): its guests reconnect. */
export interface OwnerGone {
	type: 'owner-gone';
	owner: string;
}

export function isOwnerGone(data: unknown): data is OwnerGone {
	const d = data as Record<string, unknown> | null;
	return typeof d === 'object' && d !== null && d.type === 'owner-gone' && isTabId(d.owner);
}

/**
 * Broker → each tab as it connects: the Web Lock the broker holds for its life. The broker may die with a crashed
 * renderer that hosted it; a tab queued for this lock learns it at once and connects to a fresh broker.
 */
export interface BrokerLife {
	type: 'broker-life';
	lock: string;
}

export const BROKER_LIFE_PREFIX = 'runboard-broker-life-';

export function isBrokerLife(data: unknown): data is BrokerLife {
	const d = data as Record<string, unknown> | null;
	return (
		typeof d === 'object' &&
		d !== null &&
		d.type === 'broker-life' &&
		typeof d.lock === 'string' &&
		d.lock.startsWith(BROKER_LIFE_PREFIX)
	);
}

/** Owner page → its database worker: serve the API on the transferred port too. */
export const CONNECT_GUEST = 'runboard:connect-guest';

/** Any tab → every other tab (BroadcastChannel CHANGES_CHANNEL): data changed, lists should reload. */
export const CHANGES_CHANNEL = 'runboard-changes';
export type ChangeKind = 'experiments' | 'runs';
export const isChange = (data: unknown): data is { what: ChangeKind } => {
	const what = (data as { what?: unknown } | null)?.what;
	return what === 'experiments' || what === 'runs';
};
