// The tab broker: a SharedWorker every tab of the origin connects to. It only introduces tabs to the database:
// the owning tab (the one holding the Web Lock "runboard-db", whose worker has the OPFS pool) registers here, and
// every other tab sends a MessagePort that the broker passes on to the owner, which hands it to its database
// worker; from then on the guest tab talks to that worker directly (comlink over the port) and the broker is out
// of the way. BroadcastChannel cannot carry ports, which is why a SharedWorker is the relay
// (src/lib/client/tabs/broker.ts; where SharedWorker is missing, tabs fall back to one owner at a time).
// No message can be authenticated against script of the same origin; the broker checks shapes only.
/// <reference lib="webworker" />
import {
	BROKER_LIFE_PREFIX,
	isBrokerRequest,
	type BrokerLife,
	type BrokerReply,
	type OwnerGone,
	type OwnerNotice
} from '$lib/api/tab-protocol';

declare const self: SharedWorkerGlobalScope;

interface Waiting {
	from: MessagePort;
	tab: string;
	port: MessagePort;
	/** The owner the guest saw die: never forward to it again. */
	skip: string | undefined;
}

/**
 * Held for this broker's life: a crash of the renderer hosting it frees the lock, and every tab queued for it
 * connects to a fresh broker (src/lib/client/connection.ts). Undefined without Web Locks.
 */
const life: Promise<string | undefined> = navigator.locks
	? new Promise((held) => {
			const lock = `${BROKER_LIFE_PREFIX}${crypto.randomUUID()}`;
			void navigator.locks.request(lock, () => {
				held(lock);
				return new Promise<never>(() => undefined);
			});
		})
	: Promise.resolve(undefined);

let owner: { tab: string; port: MessagePort } | undefined;
let waiting: Waiting[] = [];
/** Every tab's port, to tell guests when their owner hands the database over. Closed tabs' ports stay (harmless). */
const tabs = new Set<MessagePort>();

function forward(w: Waiting): boolean {
	if (!owner || owner.tab === w.skip) return false;
	const notice: OwnerNotice = { type: 'guest', tab: w.tab };
	owner.port.postMessage(notice, [w.port]);
	const reply: BrokerReply = { type: 'introduced', owner: owner.tab };
	w.from.postMessage(reply);
	return true;
}

self.onconnect = (event: MessageEvent) => {
	const from = event.ports[0];
	if (!from) return;
	tabs.add(from);
	void life.then((lock) => {
		if (lock) from.postMessage({ type: 'broker-life', lock } satisfies BrokerLife);
	});
	from.onmessage = (message: MessageEvent<unknown>) => {
		const request = message.data;
		if (!isBrokerRequest(request)) return;
		if (request.type === 'owner') {
			owner = { tab: request.tab, port: from };
			waiting = waiting.filter((w) => !forward(w));
		} else if (request.type === 'resign') {
			if (owner?.tab !== request.tab) return;
			owner = undefined;
			const gone: OwnerGone = { type: 'owner-gone', owner: request.tab };
			for (const tab of tabs) if (tab !== from) tab.postMessage(gone);
		} else {
			const port = message.ports[0];
			if (!port) return;
			// A guest that saw the owner die is the first to know: forget that owner until a new one registers.
			if (request.skip !== undefined && owner?.tab === request.skip) owner = undefined;
			const w: Waiting = { from, tab: request.tab, port, skip: request.skip };
			if (!forward(w)) waiting.push(w);
		}
	};
};
