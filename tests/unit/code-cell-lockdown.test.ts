// The sandbox's sweep of a worker's global scope (src/lib/code-cell/lockdown.ts) on an object shaped like one:
// own properties, a DedicatedWorkerGlobalScope-like prototype, an EventTarget-like one above it. Only allowed names
// survive, wherever along the chain they were defined, and a property that cannot be deleted is reported (the
// worker then refuses to run anything). The real worker is tested by tests/e2e/code-cell.spec.ts.
import { describe, expect, it } from 'vitest';
import { lockDown, MUST_BE_GONE } from '$lib/code-cell/lockdown';

function fakeWorkerGlobal() {
	const eventTarget = { addEventListener() {}, dispatchEvent() {} };
	const scope = Object.create(eventTarget, {
		postMessage: { value() {}, configurable: true, writable: true },
		close: { value() {}, configurable: true, writable: true },
		navigator: { get: () => ({ storage: {} }), configurable: true }
	});
	class WorkerNavigator {}
	Object.defineProperty(WorkerNavigator.prototype, 'storage', { get: () => ({}), configurable: true });
	Object.defineProperty(WorkerNavigator.prototype, 'locks', { get: () => ({}), configurable: true });
	Object.defineProperty(WorkerNavigator.prototype, 'userAgent', { get: () => 'x', configurable: true });
	const global = Object.assign(Object.create(scope), {
		fetch() {},
		indexedDB: {},
		caches: {},
		WebSocket: class {},
		someFutureNetworkApi: {},
		WorkerNavigator,
		Math,
		JSON,
		Array,
		setTimeout: (fn: () => void) => (fn(), 1),
		setInterval: () => 2,
		self: undefined as unknown
	});
	global.self = global;
	return { global, WorkerNavigator };
}

describe('code cell sandbox sweep', () => {
	it('keeps only allowed names, removing them along the whole prototype chain', () => {
		const { global, WorkerNavigator } = fakeWorkerGlobal();
		expect(lockDown(global as unknown as typeof globalThis)).toEqual([]);
		for (const name of [
			'fetch',
			'indexedDB',
			'caches',
			'WebSocket',
			'someFutureNetworkApi',
			'postMessage',
			'close',
			'navigator',
			'addEventListener',
			'dispatchEvent'
		])
			expect(name in global, name).toBe(false);
		expect(global.Math).toBe(Math);
		expect(global.JSON).toBe(JSON);
		expect(global.self).toBe(global);
		// navigator.storage and .locks are gone from WorkerNavigator.prototype too; harmless members stay.
		expect(Object.getOwnPropertyNames(WorkerNavigator.prototype).sort()).toEqual([
			'constructor',
			'userAgent'
		]);
	});

	it('lets timers take functions only', () => {
		const { global } = fakeWorkerGlobal();
		lockDown(global as unknown as typeof globalThis);
		let ran = false;
		(global.setTimeout as (fn: () => void) => number)(() => (ran = true));
		expect(ran).toBe(true);
		expect(() => (global.setTimeout as (code: string) => number)('ran = true')).toThrow(/takes a function/);
		expect(() => (global.setInterval as (code: string) => number)('1')).toThrow(/takes a function/);
	});

	it('reports a dangerous name it could not delete, so the worker refuses to run', () => {
		const { global } = fakeWorkerGlobal();
		Object.defineProperty(global, 'fetch', { value() {}, configurable: false });
		expect(lockDown(global as unknown as typeof globalThis)).toEqual(['fetch']);
		expect(MUST_BE_GONE).toEqual(
			expect.arrayContaining(['indexedDB', 'caches', 'navigator', 'fetch', 'postMessage'])
		);
	});
});
