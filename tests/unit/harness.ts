// The real DB API on sqlite-wasm's node build, in memory: the same code the worker runs, without the worker.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { DbApi } from '$lib/api/db-api';
import { RunboardClient } from '$lib/client/runboard';
import { createDbApi } from '../../workers/db/api';

const sqlite3Promise = sqlite3InitModule();

export async function createTestDb(): Promise<{ api: DbApi; client: RunboardClient; changes: string[] }> {
	const sqlite3 = await sqlite3Promise;
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
	const changes: string[] = [];
	const client = new RunboardClient({
		api: async () => api,
		transfer: (value) => value,
		proxy: (fn) => fn,
		changed: (what) => changes.push(what)
	});
	return { api, client, changes };
}

/** Resolves to the rejection's {code, message}, or fails the test if the promise resolves. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
	try {
		await promise;
	} catch (error) {
		const e = error as { code?: string; message?: string };
		return { code: e.code ?? 'NO_CODE', message: e.message ?? '' };
	}
	throw new Error('expected the call to fail, but it succeeded');
}
