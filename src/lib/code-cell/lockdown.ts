// Takes away everything of the sandbox worker's global scope that reaches storage, the network or other contexts,
// before the user's code runs. The worker is a file of the app's own origin (docs/security.md, "The code cell"):
// left as it is, code in it could open the app's IndexedDB, OPFS and caches, fetch, and talk to other workers.
// An allow-list, not a deny-list: whatever a browser adds to worker globals later is removed too. Only the
// ECMAScript built-ins and a few inert helpers stay.

// prettier-ignore
const KEPT = new Set([
	// ECMAScript
	'globalThis', 'Infinity', 'NaN', 'undefined', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'decodeURI',
	'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape', 'AggregateError', 'Array',
	'ArrayBuffer', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean', 'DataView', 'Date', 'Error',
	'EvalError', 'FinalizationRegistry', 'Float16Array', 'Float32Array', 'Float64Array', 'Function',
	'Int8Array', 'Int16Array', 'Int32Array', 'Iterator', 'Map', 'Number', 'Object', 'Promise', 'Proxy',
	'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'Set', 'String', 'Symbol', 'SyntaxError', 'TypeError',
	'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'URIError', 'WeakMap', 'WeakRef',
	'WeakSet', 'JSON', 'Math', 'Intl', 'SuppressedError', 'DisposableStack', 'AsyncDisposableStack',
	// Inert web helpers: timers (replaced below by function-only versions), clocks, text, randomness.
	'self', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'structuredClone',
	'performance', 'crypto', 'TextEncoder', 'TextDecoder', 'atob', 'btoa', 'DOMException', 'console'
]);

/** What must be gone, checked by name after the sweep (the sweep removes far more). */
// prettier-ignore
export const MUST_BE_GONE = [
	'indexedDB', 'caches', 'navigator', 'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream',
	'EventSource', 'WebTransport', 'importScripts', 'Worker', 'SharedWorker', 'BroadcastChannel',
	'MessageChannel', 'Request', 'Response', 'postMessage', 'onmessage', 'addEventListener', 'close', 'eval',
	'FileSystemHandle', 'StorageManager', 'CacheStorage', 'IDBFactory', 'LockManager', 'location'
];

/** Removes `name` wherever it is defined along the chain from `object` up (Object.prototype excluded). */
function removeEverywhere(object: object, name: PropertyKey): void {
	for (let o: object | null = object; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
		if (Object.prototype.hasOwnProperty.call(o, name)) Reflect.deleteProperty(o, name);
	}
}

/** Property names along the global's prototype chain (its own, DedicatedWorkerGlobalScope's, …, EventTarget's). */
function chainNames(global: object): Set<PropertyKey> {
	const names = new Set<PropertyKey>();
	for (let o: object | null = global; o && o !== Object.prototype; o = Object.getPrototypeOf(o))
		for (const name of Reflect.ownKeys(o)) if (name !== 'constructor') names.add(name);
	return names;
}

/**
 * Sweeps the global scope. Returns the names of MUST_BE_GONE still reachable (the caller refuses to run code if
 * any is), so a browser that keeps a property non-deletable fails closed instead of running unsandboxed.
 */
export function lockDown(global: typeof globalThis): string[] {
	const g = global as unknown as Record<PropertyKey, unknown>;
	// navigator.storage and friends live on WorkerNavigator.prototype: removed there too, in case a navigator
	// object is reachable some other way.
	const navigatorProto = (g.WorkerNavigator as { prototype?: object } | undefined)?.prototype;
	if (navigatorProto)
		for (const name of ['storage', 'storageBuckets', 'locks', 'serviceWorker', 'usb', 'hid', 'serial', 'gpu'])
			removeEverywhere(navigatorProto, name);
	const timeout = g.setTimeout as (fn: () => void, ms?: number) => number;
	const interval = g.setInterval as (fn: () => void, ms?: number) => number;
	for (const name of chainNames(global))
		if (typeof name !== 'string' || !KEPT.has(name)) removeEverywhere(global, name);
	// Timers take functions only: a string would be compiled as code, which forbidCodeFromStrings shuts off.
	const functionOnly = (native: (fn: () => void, ms?: number) => number, what: string) =>
		function (handler: unknown, ms?: number, ...args: unknown[]): number {
			if (typeof handler !== 'function') throw new TypeError(`${what} takes a function here, not a string.`);
			return native.call(global, () => (handler as (...a: unknown[]) => void)(...args), ms);
		};
	g.setTimeout = functionOnly(timeout, 'setTimeout');
	g.setInterval = functionOnly(interval, 'setInterval');
	return MUST_BE_GONE.filter((name) => name in global);
}

/**
 * After the user's code is compiled: no more code from strings. `import()` inside new code would reach the
 * network (the text of the user's own code is checked for it), so Function and its async and generator siblings
 * are replaced by a constructor that throws, reached however code asks for it.
 */
export function forbidCodeFromStrings(global: typeof globalThis): void {
	const refuse = function () {
		throw new EvalError('Creating code from strings is not available in the code cell.');
	};
	const kinds = [function () {}, async function () {}, function* () {}, async function* () {}].map(
		(f) => Object.getPrototypeOf(f) as { constructor: unknown }
	);
	for (const proto of kinds)
		Object.defineProperty(proto, 'constructor', { value: refuse, writable: false, configurable: false });
	Object.defineProperty(refuse, 'prototype', { value: Function.prototype });
	Object.defineProperty(global, 'Function', { value: refuse, writable: false, configurable: false });
}
