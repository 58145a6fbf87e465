// The page's side of starting the workers it talks to besides the database worker: the tab broker (shared by
// every tab of the origin) and the import's parse worker.

/** This tab's port to the tab broker, or undefined where SharedWorker is missing or fails to start. */
export function connectBroker(create: (() => SharedWorker) | undefined): MessagePort | undefined {
	if (!create || typeof SharedWorker === 'undefined') return undefined;
	try {
		const port = create().port;
		port.start();
		return port;
	} catch {
		return undefined;
	}
}

/** The parse worker once it reports ready; undefined when it cannot start (imports then run in one worker). */
export function startParser(create: (() => Worker) | undefined): Promise<Worker | undefined> {
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
