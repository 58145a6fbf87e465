// The update prompt's logic (src/lib/offline/updates.ts) with a fake service worker container: a new version is
// offered only to a tab that runs an older one, it takes over only when asked, and every controlled tab reloads.
import { describe, expect, it, vi } from 'vitest';
import {
	watchForUpdates,
	type WorkerContainer,
	type WorkerRegistration
} from '../../src/lib/offline/updates';

class FakeWorker extends EventTarget {
	state = 'installing';
	messages: unknown[] = [];
	postMessage(message: unknown) {
		this.messages.push(message);
	}
	become(state: string) {
		this.state = state;
		this.dispatchEvent(new Event('statechange'));
	}
}

class FakeRegistration extends EventTarget implements WorkerRegistration {
	waiting: FakeWorker | null = null;
	installing: FakeWorker | null = null;
	update = vi.fn(async () => undefined);
	/** A new version is found and installs; it then waits (this app's worker never skips waiting by itself). */
	install(): FakeWorker {
		const worker = new FakeWorker();
		this.installing = worker;
		this.dispatchEvent(new Event('updatefound'));
		this.installing = null;
		this.waiting = worker;
		worker.become('installed');
		return worker;
	}
}

class FakeContainer extends EventTarget implements WorkerContainer {
	registration = new FakeRegistration();
	registered: [string, RegistrationOptions | undefined][] = [];
	constructor(public controller: unknown) {
		super();
	}
	async register(url: string, options?: RegistrationOptions) {
		this.registered.push([url, options]);
		return this.registration;
	}
	takeOver() {
		this.controller = {};
		this.dispatchEvent(new Event('controllerchange'));
	}
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the update prompt', () => {
	it('registers the worker under the base path', async () => {
		const container = new FakeContainer(null);
		watchForUpdates(container, '/runboard/service-worker.js', '/runboard/', vi.fn(), vi.fn());
		await flush();
		expect(container.registered).toEqual([
			['/runboard/service-worker.js', { scope: '/runboard/', type: 'classic' }]
		]);
	});

	it('offers a version that installs while the tab runs an older one, and switches only when asked', async () => {
		const container = new FakeContainer({});
		const onWaiting = vi.fn();
		const reload = vi.fn();
		const watch = watchForUpdates(container, '/sw.js', '/', onWaiting, reload);
		await flush();
		expect(onWaiting).not.toHaveBeenCalled();
		const next = container.registration.install();
		expect(onWaiting).toHaveBeenCalledTimes(1);
		expect(next.messages).toEqual([]); // nothing happens until the user clicks Reload
		expect(reload).not.toHaveBeenCalled();
		watch.apply();
		expect(next.messages).toEqual([{ type: 'skip-waiting' }]);
		container.takeOver();
		expect(reload).toHaveBeenCalledTimes(1);
	});

	it('offers a version already waiting when the tab opens', async () => {
		const container = new FakeContainer({});
		container.registration.waiting = new FakeWorker();
		const onWaiting = vi.fn();
		watchForUpdates(container, '/sw.js', '/', onWaiting, vi.fn());
		await flush();
		expect(onWaiting).toHaveBeenCalledTimes(1);
	});

	it('reloads a tab when another tab accepted the update', async () => {
		const container = new FakeContainer({});
		const reload = vi.fn();
		watchForUpdates(container, '/sw.js', '/', vi.fn(), reload);
		await flush();
		container.takeOver();
		expect(reload).toHaveBeenCalledTimes(1);
	});

	it('neither offers nor reloads on the first install, which takes a tab that had no worker', async () => {
		const container = new FakeContainer(null);
		const onWaiting = vi.fn();
		const reload = vi.fn();
		watchForUpdates(container, '/sw.js', '/', onWaiting, reload);
		await flush();
		container.registration.waiting = null;
		container.takeOver(); // clients.claim() on activate
		expect(onWaiting).not.toHaveBeenCalled();
		expect(reload).not.toHaveBeenCalled();
	});

	it('looks for a new version when asked, and not after the page went away', async () => {
		const container = new FakeContainer({});
		const watch = watchForUpdates(container, '/sw.js', '/', vi.fn(), vi.fn());
		await flush();
		watch.check();
		expect(container.registration.update).toHaveBeenCalledTimes(1);
		container.registration.update.mockRejectedValueOnce(new Error('offline'));
		watch.check(); // offline: no unhandled rejection
		await flush();
		watch.stop();
		watch.check();
		expect(container.registration.update).toHaveBeenCalledTimes(2);
	});

	it('stops listening when the page goes away', async () => {
		const container = new FakeContainer({});
		const reload = vi.fn();
		watchForUpdates(container, '/sw.js', '/', vi.fn(), reload).stop();
		await flush();
		container.takeOver();
		expect(reload).not.toHaveBeenCalled();
	});

	it('keeps the page working when registration fails', async () => {
		const container = new FakeContainer(null);
		container.register = () => Promise.reject(new Error('insecure context'));
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const watch = watchForUpdates(container, '/sw.js', '/', vi.fn(), vi.fn());
		await flush();
		expect(warn).toHaveBeenCalledOnce();
		expect(() => watch.apply()).not.toThrow();
		warn.mockRestore();
	});
});
