// The page's side of the service worker (src/service-worker.ts): registers it, notices a new version waiting, and
// switches every tab to it only when the user asks. A waiting worker never takes over by itself, so an open tab
// never mixes its files with a newer version's.

/** The parts of `navigator.serviceWorker` used here (a fake in the unit tests). */
export interface WorkerContainer extends EventTarget {
	readonly controller: unknown;
	register(url: string, options?: RegistrationOptions): Promise<WorkerRegistration>;
}
export interface WorkerRegistration extends EventTarget {
	readonly waiting: { postMessage(message: unknown): void } | null;
	readonly installing: (EventTarget & { readonly state: string }) | null;
	update(): Promise<unknown>;
}

export interface UpdateWatch {
	/** Tells the waiting worker to take over; every tab reloads when it does (the `controllerchange` below). */
	apply(): void;
	/** Asks the server for a newer worker now (a tab left open across a deploy finds it without a reload). */
	check(): void;
	stop(): void;
}

/**
 * Registers the worker at `url` and calls `onWaiting` when a new version is installed and waiting while this tab
 * runs an older one. Any tab that was controlled reloads when the controller changes (the user accepted the update
 * here or in another tab); the very first install, which takes tabs that had no worker, reloads nothing.
 */
export function watchForUpdates(
	container: WorkerContainer,
	url: string,
	scope: string,
	onWaiting: () => void,
	reload: () => void
): UpdateWatch {
	let registration: WorkerRegistration | undefined;
	let stopped = false;
	const hadController = container.controller !== null && container.controller !== undefined;

	const onControllerChange = () => {
		if (hadController && !stopped) reload();
	};
	container.addEventListener('controllerchange', onControllerChange);

	const noticeWaiting = (reg: WorkerRegistration) => {
		// Only an update: with no controller, the installed worker is the first one and activates by itself.
		if (reg.waiting && container.controller && !stopped) onWaiting();
	};

	void container
		.register(url, { scope, type: 'classic' })
		.then((reg) => {
			registration = reg;
			noticeWaiting(reg);
			reg.addEventListener('updatefound', () => {
				const installing = reg.installing;
				installing?.addEventListener('statechange', () => {
					if (installing.state === 'installed') noticeWaiting(reg);
				});
			});
		})
		.catch((error: unknown) => console.warn('Runboard works online only: the service worker failed', error));

	return {
		apply() {
			registration?.waiting?.postMessage({ type: 'skip-waiting' });
		},
		check() {
			if (!stopped) registration?.update().catch(() => undefined); // offline: the next check will do
		},
		stop() {
			stopped = true;
			container.removeEventListener('controllerchange', onControllerChange);
		}
	};
}
