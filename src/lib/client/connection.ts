// Owns the database worker for this tab, and coordinates tabs.
//
// opfs-sahpool allows one connection per origin, so the tab that holds the Web Lock "runboard-db" owns the
// worker; the others show "open in another tab". "Use it here" asks the owner (BroadcastChannel) to close its
// database and release the lock; the owner then waits its turn. The owner honours only a request of the
// protocol's exact shape from a tab that is really waiting for the database: the Web Locks registry must show
// the asking tab's own lock and a pending request for the database lock from the same client. No message can be
// authenticated against script of the same origin (it can do whatever a tab can), which is why no imported byte
// may ever become a document of this origin (docs/security.md); this check keeps stray or replayed messages,
// and documents that are not waiting tabs, from taking the database away. A tab waiting for the lock also takes over by
// itself when the owner tab closes. Without Web Locks (non-secure pages) there is no OPFS either, so the worker
// opens an in-memory database and the page shows a banner.
import { proxy, wrap, transfer, type Remote } from 'comlink';
import type { DbApi, DbStatus, ImportEntry } from '../api/db-api';
import { RunboardError, isSerializedError, toRunboardError } from '../api/errors';
import type { Backend } from './runboard';

export type ConnectionState =
	| { kind: 'starting' }
	| { kind: 'ready'; status: DbStatus }
	| { kind: 'other-tab' }
	| { kind: 'failed'; error: RunboardError };

const LOCK = 'runboard-db';
const CHANNEL = 'runboard-tabs';
/** Every tab holds `runboard-tab:<its id>` for its whole life, so the owner can find it in the lock registry. */
const TAB_LOCK_PREFIX = 'runboard-tab:';
const PROTOCOL = 1;

interface ReleaseRequest {
	type: 'release-request';
	protocol: typeof PROTOCOL;
	tab: string;
}

function isReleaseRequest(data: unknown): data is ReleaseRequest {
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
async function isWaitingTab(tab: string): Promise<boolean> {
	const { held = [], pending = [] } = await navigator.locks.query();
	const owner = held.find((lock) => lock.name === TAB_LOCK_PREFIX + tab)?.clientId;
	return owner !== undefined && pending.some((lock) => lock.name === LOCK && lock.clientId === owner);
}

type Listener = (state: ConnectionState) => void;

export class Connection implements Backend {
	state: ConnectionState = { kind: 'starting' };
	private worker: Worker | undefined;
	private remote: Remote<DbApi> | undefined;
	private releaseLock: (() => void) | undefined;
	private waiters: { resolve: (api: DbApi) => void; reject: (e: unknown) => void }[] = [];
	private listeners = new Set<Listener>();
	private changeListeners = new Set<(what: 'experiments' | 'runs') => void>();
	private channel: BroadcastChannel | undefined;
	private parser: Promise<Worker | undefined> | undefined;
	private parsing = 0;
	/** Set in start() where Web Locks exist: a secure context, the only kind with crypto.randomUUID(). */
	private tabId = '';

	constructor(
		private readonly createWorker: () => Worker,
		private readonly createParser?: () => Worker
	) {}

	start(): void {
		if (typeof navigator === 'undefined' || !navigator.locks) {
			void this.openWorker();
			return;
		}
		this.tabId = crypto.randomUUID();
		void navigator.locks.request(TAB_LOCK_PREFIX + this.tabId, () => new Promise<never>(() => undefined));
		this.channel = new BroadcastChannel(CHANNEL);
		this.channel.onmessage = (event: MessageEvent<unknown>) => {
			const request = event.data;
			if (!isReleaseRequest(request) || this.state.kind !== 'ready') return;
			void isWaitingTab(request.tab).then((waiting) => {
				if (waiting && this.state.kind === 'ready') void this.handOver();
			});
		};
		void navigator.locks.request(LOCK, { ifAvailable: true }, (lock) => {
			if (lock) return this.holdLock();
			this.setState({ kind: 'other-tab' });
			this.queueForLock(0);
			return undefined;
		});
	}

	/** Asks the tab that owns the database to hand it over to this one. */
	useHere(): void {
		const request: ReleaseRequest = { type: 'release-request', protocol: PROTOCOL, tab: this.tabId };
		this.channel?.postMessage(request);
	}

	onState(listener: Listener): () => void {
		this.listeners.add(listener);
		listener(this.state);
		return () => this.listeners.delete(listener);
	}

	onChange(listener: (what: 'experiments' | 'runs') => void): () => void {
		this.changeListeners.add(listener);
		return () => this.changeListeners.delete(listener);
	}

	changed(what: 'experiments' | 'runs'): void {
		for (const listener of this.changeListeners) listener(what);
	}

	proxy<T extends (...args: never[]) => unknown>(fn: T): T {
		return proxy(fn);
	}

	transfer<T>(value: T, buffers: Transferable[]): T {
		return transfer(value, buffers);
	}

	/** Starts the parse worker ahead of an import (it loads SQLite: ~0.1 s), e.g. when the import page opens. */
	warmParser(): void {
		this.parser ??= startParser(this.createParser);
	}

	async parse(port: MessagePort, entries: ImportEntry[]): Promise<boolean> {
		this.warmParser();
		const parser = await this.parser;
		if (!parser) return false;
		// Files cross once, page → parse worker; the port is the parse worker's end of the import's channel.
		parser.postMessage({ port, entries }, [port]);
		this.parsing++;
		return true;
	}

	/**
	 * An import that used the parse worker has ended. A WASM heap never shrinks, and reading an mlflow.db grows
	 * the parse worker's by the database's size: once no import uses it, it is replaced by a fresh one.
	 */
	parseDone(): void {
		this.parsing = Math.max(0, this.parsing - 1);
		if (this.parsing > 0) return;
		void this.parser?.then((parser) => parser?.terminate());
		this.parser = undefined;
		this.warmParser();
	}

	api(): Promise<DbApi> {
		if (this.state.kind === 'ready' && this.remote) return Promise.resolve(this.remote as unknown as DbApi);
		if (this.state.kind === 'failed') return Promise.reject(this.state.error);
		if (this.state.kind === 'other-tab') return Promise.reject(otherTabError());
		return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
	}

	private queueForLock(delayMs: number): void {
		setTimeout(() => {
			void navigator.locks.request(LOCK, () => this.holdLock());
		}, delayMs);
	}

	/** Runs while this tab owns the lock; resolves (releasing the lock) when the database is handed over. */
	private async holdLock(): Promise<void> {
		const released = new Promise<void>((resolve) => (this.releaseLock = resolve));
		await this.openWorker();
		await released;
	}

	private async openWorker(): Promise<void> {
		this.setState({ kind: 'starting' });
		const worker = this.createWorker();
		this.worker = worker;
		const outcome = await new Promise<{ ok: true } | { ok: false; error: RunboardError }>((resolve) => {
			worker.addEventListener(
				'message',
				function first(event: MessageEvent<{ type?: string; error?: unknown }>) {
					if (event.data?.type === 'runboard:ready') resolve({ ok: true });
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
		this.remote = wrap<DbApi>(worker);
		const status = await this.remote.status();
		this.setState({ kind: 'ready', status });
	}

	private async handOver(): Promise<void> {
		const remote = this.remote;
		this.remote = undefined;
		this.setState({ kind: 'other-tab' });
		try {
			await remote?.close();
		} finally {
			this.worker?.terminate();
			this.worker = undefined;
			void this.parser?.then((parser) => parser?.terminate());
			this.parser = undefined;
			this.parsing = 0;
			this.releaseLock?.();
			this.releaseLock = undefined;
			// Wait our turn behind the tab that asked; we take over again when it closes.
			this.queueForLock(1000);
		}
	}

	private setState(state: ConnectionState): void {
		this.state = state;
		if (state.kind !== 'starting') {
			const waiters = this.waiters.splice(0);
			for (const w of waiters) {
				if (state.kind === 'ready' && this.remote) w.resolve(this.remote as unknown as DbApi);
				else w.reject(state.kind === 'failed' ? state.error : otherTabError());
			}
		}
		for (const listener of this.listeners) listener(state);
	}
}

/** The parse worker once it reports ready; undefined when it cannot start (imports then run in one worker). */
function startParser(create: (() => Worker) | undefined): Promise<Worker | undefined> {
	if (!create || typeof MessageChannel === 'undefined') return Promise.resolve(undefined);
	return new Promise((resolve) => {
		let worker: Worker;
		try {
			worker = create();
		} catch {
			resolve(undefined);
			return;
		}
		const fail = () => {
			worker.terminate();
			resolve(undefined);
		};
		worker.addEventListener('error', fail, { once: true });
		worker.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
			if (event.data?.type === 'runboard:ready') resolve(worker);
			else if (event.data?.type === 'runboard:failed') fail();
		});
	});
}

function otherTabError(): RunboardError {
	return new RunboardError(
		'DB_BUSY',
		'Runboard is open in another tab. Use "Use it here" in this tab, or close the other tab.'
	);
}
