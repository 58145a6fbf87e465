// Starts the Train page's worker. Vite bundles it on its own (a file under _app/immutable/workers/), fetched only
// when a training starts on this page.
export function startTrainWorker(): Worker {
	return new Worker(new URL('../../lib/train/train.worker.ts', import.meta.url), {
		type: 'module',
		name: 'runboard-train'
	});
}
