// A fresh sandbox for each Run: a module worker file emitted by Vite under _app/immutable/workers/, of the app's
// own origin (worker-src 'self'); a static host sends no CSP header with it, so `new Function` works inside.
export function startSandbox(): Worker {
	return new Worker(new URL('./sandbox.worker.ts', import.meta.url), {
		type: 'module',
		name: 'runboard-code-cell'
	});
}
