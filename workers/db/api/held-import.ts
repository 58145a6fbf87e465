// While an import holds its batch (batch.ts: a run bundle written while it is still being verified), the API's
// other calls wait until that batch is committed or rolled back: a write would otherwise commit runs not yet
// known sound, and a read would show runs that may yet vanish. The hold lasts as long as the verification.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { DbApi } from '$lib/api/db-api';
import { heldBatchSettled } from '../batch';

/** Calls that never wait: the imports (one at a time, they refuse a second themselves) and cancelling one. */
const NEVER_WAIT = new Set(['importFiles', 'importFromPort', 'importMlflowServer', 'cancelImport']);

export function waitingForHeldBatch(db: Database, api: DbApi): DbApi {
	const out: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(api)) {
		if (typeof value !== 'function' || NEVER_WAIT.has(name)) {
			out[name] = value;
			continue;
		}
		const call = value as (...args: unknown[]) => unknown;
		out[name] = (...args: unknown[]) => {
			const held = heldBatchSettled(db);
			// Unchanged when nothing is held (the usual case): the call runs at once.
			return held ? afterHeld(db, held).then(() => call(...args)) : call(...args);
		};
	}
	return out as unknown as DbApi;
}

async function afterHeld(db: Database, held: Promise<void>): Promise<void> {
	for (let next: Promise<void> | undefined = held; next; next = heldBatchSettled(db)) await next;
}
