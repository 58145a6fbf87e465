// Owns the database worker for this tab, or reaches the one another tab owns, and coordinates tabs.
//
// opfs-sahpool allows one connection per origin, so the tab that holds the Web Lock "runboard-db" (the owner) runs
// the database worker. Every other tab is a guest: through the tab broker (a SharedWorker,
// workers/tab-broker.worker.ts) it gets a MessagePort to the owner's database worker and calls the same API over
// it (src/lib/client/tabs/guest.ts). Guests queue for the lock; when the owner's tab closes, the first guest in
// line opens the database and becomes the owner, and the others reconnect to it — calls in flight at that moment
// fail with DB_BUSY (they may or may not have been applied), calls made after it wait for the new owner. Each tab
// tells the others when data changed (BroadcastChannel), so lists refresh everywhere.
//
// Without SharedWorker (Android Chrome) tabs cannot share the worker: a second tab shows "open in another tab" with
// "Use it here" (src/lib/client/tabs/hand-over.ts). Without Web Locks (non-secure pages) there is no OPFS either, so
// the worker opens an in-memory database and the page shows a banner.
import { proxy, transfer } from 'comlink';
import type { DbApi, DbStatus, ImportEntry } from '../api/db-api';
import { RunboardError, isSerializedError, toRunboardError } from '../api/errors';
import type { Backend } from './runboard';
import { askForOwner, ownerClosedError, trackedRemote } from './tabs/guest';
import {
	CHANNEL,
	LOCK,
	isReleaseRequest,
	isWaitingTab,
	otherTabError,
	releaseRequest
} from './tabs/hand-over';
import { connectBroker, PARSER_HEAP_LIMIT, startParser, watchParserHeap } from './tabs/workers';
import {
	lifeLockOf,
	MAX_WORKER_RESTARTS,
	watchWorkerLife,
	workerKeepsStoppingError,
	workerStoppedError
} from './tabs/worker-life';
import {
	CHANGES_CHANNEL,
	CONNECT_GUEST,
	isBrokerLife,
	isChange,
	isOwnerGone,
	isOwnerNotice,
	tabLock,
	type ChangeKind
} from '../api/tab-protocol';

export type ConnectionState =
	| { kind: 'starting' }
	| { kind: 'ready'; status: DbStatus; role: 'owner' | 'guest'; notice?: string }
	| { kind: 'other-tab' }
	| { kind: 'failed'; error: RunboardError };

const REMOTE_CHANGE_MS = 200;
/** How long a guest waits for the broker to introduce an owner before it offers "Use it here". */
const INTRODUCTION_MS = 4000;

type Listener = (state: ConnectionState) => void;

export class Connection implements Backend {
	state: ConnectionState = { kind: 'starting' };
	private worker: Worker | undefined;
	/** The owner's API over its worker, with a way to fail every call in flight if the worker dies. */
	private remote: DbApi | undefined;
	private failOwnCalls: ((error: RunboardError) => void) | undefined;
	/** How many times this tab's database worker died (crash, out of memory); shown once, then reopened. */
	private workerDeaths = 0;
	private pendingNotice: string | undefined;
	private releaseLock: (() => void) | undefined;
	private waiters: { resolve: (api: DbApi) => void; reject: (e: unknown) => void }[] = [];
	private listeners = new Set<Listener>();
	private changeListeners = new Set<(what: ChangeKind) => void>();
	private channel: BroadcastChannel | undefined;
	private changes: BroadcastChannel | undefined;
	/** This tab's port to the tab broker; undefined where SharedWorker is missing (one owner at a time). */
	private broker: MessagePort | undefined;
	/** While a guest: the owner's tab id and the API over the port to its database worker. */
	private guest: { owner: string; api: DbApi; fail: (error: RunboardError) => void } | undefined;
	private guestAttempt = 0;
	private remoteChanges = new Set<ChangeKind>();
	private owning = false;
	private parser: Promise<Worker | undefined> | undefined;
	private parsing = 0;
	/** The parse worker's WASM heap after its last import (it reports it). */
	private parserHeap = 0;
	/** Set in start() where Web Locks exist: a secure context, the only kind with crypto.randomUUID(). */
	private tabId = '';

	constructor(
		private readonly createWorker: () => Worker,
		private readonly createParser?: () => Worker,
		private readonly createBroker?: () => SharedWorker
	) {}

	start(): void {
		if (typeof navigator === 'undefined' || !navigator.locks) {
			this.owning = true;
			void this.openWorker();
			return;
		}
		this.tabId = crypto.randomUUID();
		void navigator.locks.request(tabLock(this.tabId), () => new Promise<never>(() => undefined));
		this.changes = new BroadcastChannel(CHANGES_CHANNEL);
		this.changes.onmessage = (event: MessageEvent<unknown>) => {
			if (isChange(event.data)) this.remoteChange(event.data.what);
		};
		this.attachBroker();
		if (this.broker) addEventListener('pagehide', () => this.resign());
		// Listened for even where tabs share: a tab of another version of the app (another broker) can only ask.
		this.channel = new BroadcastChannel(CHANNEL);
		this.channel.onmessage = (event: MessageEvent<unknown>) => this.releaseRequested(event.data);
		void navigator.locks.request(LOCK, { ifAvailable: true }, (lock) => {
			if (lock) return this.holdLock();
			if (this.broker) void this.joinOwner(undefined);
			else this.setState({ kind: 'other-tab' });
			this.queueForLock(0);
			return undefined;
		});
	}

	/** Asks the tab that owns the database to hand it over to this one (only where tabs cannot share it). */
	useHere(): void {
		this.channel?.postMessage(releaseRequest(this.tabId));
	}

	onState(listener: Listener): () => void {
		this.listeners.add(listener);
		listener(this.state);
		return () => this.listeners.delete(listener);
	}

	onChange(listener: (what: ChangeKind) => void): () => void {
		this.changeListeners.add(listener);
		return () => this.changeListeners.delete(listener);
	}

	/** Data changed through this tab: this tab's lists reload, and every other tab's too. */
	changed(what: ChangeKind): void {
		this.notify(what);
		this.changes?.postMessage({ what });
	}

	proxy<T extends (...args: never[]) => unknown>(fn: T): T {
		return proxy(fn);
	}

	transfer<T>(value: T, buffers: Transferable[]): T {
		return transfer(value, buffers);
	}

	/** Starts the parse worker ahead of an import (it loads SQLite: ~0.1 s), e.g. when the import page opens. */
	warmParser(): void {
		if (this.parser) return;
		const started = startParser(this.createParser).then((parser) => {
			if (parser)
				watchParserHeap(parser, (bytes) => {
					if (this.parser !== started) return;
					this.parserHeap = bytes;
					this.retireGrownParser();
				});
			return parser;
		});
		this.parser = started;
	}

	async parse(port: MessagePort, entries: ImportEntry[]): Promise<boolean> {
		this.warmParser();
		const parser = await this.parser;
		if (!parser) return false;
		// Files cross once, page → parse worker; the port is the parse worker's end of the import's channel (in a
		// guest tab its other end goes on to the owner's database worker).
		parser.postMessage({ port, entries }, [port]);
		this.parsing++;
		return true;
	}

	/** An import that used the parse worker has ended: the worker is kept for the next unless it grew too much. */
	parseDone(): void {
		this.parsing = Math.max(0, this.parsing - 1);
		this.retireGrownParser();
	}

	/**
	 * A WASM heap never shrinks, and reading an mlflow.db grows the parse worker's by the database's size: once
	 * no import uses it and its heap is past PARSER_HEAP_LIMIT, it is replaced by a fresh one. Called on both the
	 * end of an import and the worker's heap report, whichever comes last.
	 */
	private retireGrownParser(): void {
		if (this.parsing > 0 || this.parserHeap <= PARSER_HEAP_LIMIT) return;
		void this.parser?.then((parser) => parser?.terminate());
		this.parser = undefined;
		this.parserHeap = 0;
		this.warmParser();
	}

	api(): Promise<DbApi> {
		const api = this.readyApi();
		if (api) return Promise.resolve(api);
		if (this.state.kind === 'failed') return Promise.reject(this.state.error);
		if (this.state.kind === 'other-tab') return Promise.reject(otherTabError());
		return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
	}

	private readyApi(): DbApi | undefined {
		if (this.state.kind !== 'ready') return undefined;
		return this.owning ? this.remote : this.guest?.api;
	}

	/**
	 * Another tab changed data. A tab logging metrics changes it hundreds of times a second: the lists here reload
	 * at most every REMOTE_CHANGE_MS, once for each kind of change seen meanwhile.
	 */
	private remoteChange(what: ChangeKind): void {
		const first = this.remoteChanges.size === 0;
		this.remoteChanges.add(what);
		if (!first) return;
		setTimeout(() => {
			const kinds = [...this.remoteChanges];
			this.remoteChanges.clear();
			for (const kind of kinds) this.notify(kind);
		}, REMOTE_CHANGE_MS);
	}

	private notify(what: ChangeKind): void {
		for (const listener of this.changeListeners) listener(what);
	}

	private queueForLock(delayMs: number): void {
		setTimeout(() => {
			void navigator.locks.request(LOCK, () => this.holdLock());
		}, delayMs);
	}

	/** Runs while this tab owns the lock; resolves (releasing the lock) when the database is handed over. */
	private async holdLock(): Promise<void> {
		const released = new Promise<void>((resolve) => (this.releaseLock = resolve));
		this.owning = true;
		this.leaveOwner();
		await this.openWorker();
		if (this.state.kind === 'ready') this.broker?.postMessage({ type: 'owner', tab: this.tabId });
		await released;
	}

	/** As a guest: reaches the owner's database worker through the broker (never `skip`, an owner that closed). */
	private async joinOwner(skip: string | undefined): Promise<void> {
		const broker = this.broker;
		if (!broker || this.owning) return;
		const attempt = ++this.guestAttempt;
		this.setState({ kind: 'starting' });
		// No owner introduced in time: the tab holding the database runs another version of the app (another
		// broker), or cannot share. This tab then offers "Use it here", and still joins if an owner turns up.
		const unanswered = setTimeout(() => {
			if (attempt === this.guestAttempt && this.state.kind === 'starting')
				this.setState({ kind: 'other-tab' });
		}, INTRODUCTION_MS);
		const { port, owner } = await askForOwner(broker, this.tabId, skip);
		clearTimeout(unanswered);
		if (this.owning || attempt !== this.guestAttempt) return port.close();
		const link = trackedRemote(port, () => port.close());
		this.guest = { owner, ...link };
		// The owner's tab lock is free once that tab is gone (closed or crashed): this request then runs.
		void navigator.locks.request(tabLock(owner), () => this.ownerClosed(owner));
		try {
			const status = await link.api.status();
			if (this.guest?.owner === owner && !this.owning)
				this.setState({ kind: 'ready', status, role: 'guest' });
		} catch {
			// The owner closed before it answered: ownerClosed() reconnects.
		}
	}

	/** Connects to the tab broker (a fresh one if the last died) and watches its life. */
	private attachBroker(): void {
		const broker = connectBroker(this.createBroker);
		this.broker = broker;
		if (!broker) return;
		broker.onmessage = (event: MessageEvent<unknown>) => {
			if (isBrokerLife(event.data)) watchWorkerLife(event.data.lock, () => this.brokerDied(broker));
			else this.fromBroker(event);
		};
	}

	/**
	 * The broker died (the renderer hosting it crashed, with the owner's tab perhaps): every tab connects to a
	 * fresh one; the owner registers again, a tab not yet linked to an owner asks again. Guests already linked talk
	 * to the owner's worker directly and need nothing.
	 */
	private brokerDied(broker: MessagePort): void {
		if (this.broker !== broker) return;
		this.attachBroker();
		if (this.owning) {
			if (this.state.kind === 'ready') this.broker?.postMessage({ type: 'owner', tab: this.tabId });
		} else if (!this.guest) void this.joinOwner(undefined);
	}

	private ownerClosed(owner: string): void {
		if (this.guest?.owner !== owner) return;
		this.leaveOwner();
		if (!this.owning) void this.joinOwner(owner);
	}

	/** Ends this tab's link to an owner: every call still in flight fails with DB_BUSY, never stays pending. */
	private leaveOwner(): void {
		const guest = this.guest;
		this.guest = undefined;
		this.guestAttempt++;
		guest?.fail(ownerClosedError());
	}

	/**
	 * As the owner: a guest's port, passed on by the broker, is served by this tab's database worker. As a guest:
	 * the owner handed the database over (its tab stays open, so its lock says nothing): reconnect.
	 */
	private fromBroker(event: MessageEvent<unknown>): void {
		if (isOwnerGone(event.data)) return this.ownerClosed(event.data.owner);
		const port = event.ports[0];
		if (!isOwnerNotice(event.data) || !port) return;
		if (!this.owning || !this.worker || this.state.kind !== 'ready') return port.close();
		this.worker.postMessage({ type: CONNECT_GUEST }, [port]);
	}

	private resign(): void {
		if (this.owning) this.resignAs(this.tabId);
	}

	private resignAs(tab: string): void {
		this.broker?.postMessage({ type: 'resign', tab });
	}

	private releaseRequested(request: unknown): void {
		if (!isReleaseRequest(request) || !this.owning || this.state.kind !== 'ready') return;
		void isWaitingTab(request.tab).then((waiting) => {
			if (waiting && this.state.kind === 'ready') void this.handOver();
		});
	}

	private async openWorker(): Promise<void> {
		this.setState({ kind: 'starting' });
		const worker = this.createWorker();
		this.worker = worker;
		type Outcome = { ok: true; life: string | undefined } | { ok: false; error: RunboardError };
		const outcome = await new Promise<Outcome>((resolve) => {
			worker.addEventListener(
				'message',
				function first(event: MessageEvent<{ type?: string; error?: unknown; life?: unknown }>) {
					if (event.data?.type === 'runboard:ready') resolve({ ok: true, life: lifeLockOf(event.data) });
					else if (event.data?.type === 'runboard:failed') {
						const e = event.data.error;
						resolve({
							ok: false,
							error: isSerializedError(e) ? toRunboardError(e) : toRunboardError(String(e))
						});
					} else return;
					worker.removeEventListener('message', first);
				}
			);
			worker.addEventListener('error', (event) =>
				resolve({
					ok: false,
					error: new RunboardError('DB_UNAVAILABLE', `The database worker failed to start: ${event.message}`)
				})
			);
		});
		if (!outcome.ok) {
			this.setState({ kind: 'failed', error: outcome.error });
			return;
		}
		const link = trackedRemote(worker);
		this.remote = link.api;
		this.failOwnCalls = link.fail;
		watchWorkerLife(outcome.life, () => this.workerDied(worker));
		try {
			const status = await this.remote.status();
			this.setState({ kind: 'ready', status, role: 'owner' });
		} catch {
			// The worker died before it answered: workerDied() has taken over.
		}
	}

	/**
	 * This tab's database worker died (crash, out of memory) with calls perhaps in flight, here and in guest tabs:
	 * they fail with DB_BUSY now (never stay pending), the database is handed to the next tab in line — this one
	 * again when it is alone, which opens a fresh worker — and the page says what happened. A worker that keeps
	 * dying is not reopened for ever: after MAX_WORKER_RESTARTS the tab asks for a reload.
	 */
	private workerDied(worker: Worker): void {
		// Ended on purpose (a hand-over) or already replaced: nothing was lost.
		if (this.worker !== worker || !this.owning) return;
		this.workerDeaths++;
		this.failOwnCalls?.(workerStoppedError());
		this.failOwnCalls = undefined;
		this.remote = undefined;
		this.worker = undefined;
		this.owning = false;
		// Guests hear "owner gone", fail their own calls in flight and reconnect to the next owner.
		this.resignAs(this.tabId);
		this.releaseLock?.();
		this.releaseLock = undefined;
		if (this.workerDeaths >= MAX_WORKER_RESTARTS) {
			this.setState({ kind: 'failed', error: workerKeepsStoppingError() });
			return;
		}
		this.pendingNotice =
			'The database worker stopped (it crashed or ran out of memory) and was started again. Calls that were ' +
			'running failed and were not retried: check the last changes you made.';
		this.queueForLock(0);
		void this.joinOwner(undefined);
	}

	private async handOver(): Promise<void> {
		const remote = this.remote;
		this.remote = undefined;
		this.failOwnCalls = undefined;
		this.owning = false;
		this.resignAs(this.tabId);
		this.setState({ kind: 'other-tab' });
		try {
			await remote?.close();
		} finally {
			this.worker?.terminate();
			this.worker = undefined;
			void this.parser?.then((parser) => parser?.terminate());
			this.parser = undefined;
			this.parsing = 0;
			this.parserHeap = 0;
			this.releaseLock?.();
			this.releaseLock = undefined;
			// Wait our turn behind the tab that asked; we take over again when it closes. Meanwhile use its
			// database as a guest if it can share (same version of the app), else stay on "open in another tab".
			this.queueForLock(1000);
			void this.joinOwner(undefined);
		}
	}

	private setState(state: ConnectionState): void {
		if (state.kind === 'ready' && this.pendingNotice) {
			state = { ...state, notice: this.pendingNotice };
			this.pendingNotice = undefined;
		}
		this.state = state;
		if (state.kind !== 'starting') {
			const waiters = this.waiters.splice(0);
			const api = this.readyApi();
			for (const w of waiters) {
				if (api) w.resolve(api);
				else w.reject(state.kind === 'failed' ? state.error : otherTabError());
			}
		}
		for (const listener of this.listeners) listener(state);
	}
}
