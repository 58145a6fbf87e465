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

/**
 * The parse worker is kept from one import to the next (starting one fetches and compiles the SQLite wasm again:
 * 0.1–0.2 s, and 860 KB where the host does not let it be cached) unless its WASM heap has grown past this. A
 * fresh worker's heap is 8 MiB (measured in Chromium) and stays so for zips, mlruns folders (their bytes live in
 * JS, not in the heap) and small databases (the 1.1 MB test mlflow.db fits in it); a larger mlflow.db is copied
 * into the heap whole and grows it by its size for as long as the worker lives. 64 MiB keeps the worker after any
 * import but a large mlflow.db, and bounds what an idle tab holds.
 */
export const PARSER_HEAP_LIMIT = 64 * 1024 * 1024;

/** Calls `onHeap` with the parse worker's WASM heap size after each of its imports (parse.worker.ts reports it). */
export function watchParserHeap(worker: Worker, onHeap: (bytes: number) => void): void {
	worker.addEventListener('message', (event: MessageEvent<{ type?: string; bytes?: number }>) => {
		if (event.data?.type === 'runboard:heap' && typeof event.data.bytes === 'number')
			onHeap(event.data.bytes);
	});
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
