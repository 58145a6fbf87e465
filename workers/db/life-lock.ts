// The database worker holds a Web Lock of its own for as long as it lives: the browser frees it when the worker's
// context goes, whatever ended it (a crash, running out of memory, terminate()), and the page, queued for the same
// lock, is granted it at that moment (src/lib/client/tabs/worker-life.ts). A heartbeat could not tell a dead
// worker from one busy with a long call (a call runs on the worker's only thread, so it answers nothing meanwhile).

/** Takes this worker's life lock; resolves with its name once held, or undefined without Web Locks. */
export async function holdLifeLock(): Promise<string | undefined> {
	if (typeof navigator === 'undefined' || !navigator.locks) return undefined;
	const name = `runboard-db-life-${crypto.randomUUID()}`;
	await new Promise<void>((held) => {
		void navigator.locks.request(name, () => {
			held();
			return new Promise<never>(() => undefined);
		});
	});
	return name;
}
