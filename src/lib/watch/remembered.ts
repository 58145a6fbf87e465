// The watched folder's handle, kept in IndexedDB (a handle survives there, and only there, across reloads) so a
// reload offers "Resume watching <name>": the browser then asks once for read permission again.
import type { WatchedDirectory } from './scan';

const DB = 'runboard-watch';
const STORE = 'handles';
const KEY = 'folder';

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DB, 1);
		request.onupgradeneeded = () => request.result.createObjectStore(STORE);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

async function transact<T>(
	mode: IDBTransactionMode,
	act: (store: IDBObjectStore) => IDBRequest<T>
): Promise<T> {
	const db = await open();
	try {
		return await new Promise<T>((resolve, reject) => {
			const request = act(db.transaction(STORE, mode).objectStore(STORE));
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
	} finally {
		db.close();
	}
}

export async function rememberFolder(handle: WatchedDirectory): Promise<void> {
	await transact('readwrite', (store) => store.put(handle, KEY));
}

/** The remembered handle, or undefined (none, or IndexedDB unavailable: then there is nothing to resume). */
export async function rememberedFolder(): Promise<WatchedDirectory | undefined> {
	if (typeof indexedDB === 'undefined') return undefined;
	const found = await transact('readonly', (store) => store.get(KEY) as IDBRequest<unknown>).catch(
		() => undefined
	);
	return isDirectory(found) ? found : undefined;
}

export async function forgetFolder(): Promise<void> {
	await transact('readwrite', (store) => store.delete(KEY)).catch(() => undefined);
}

function isDirectory(value: unknown): value is WatchedDirectory {
	return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'directory';
}
