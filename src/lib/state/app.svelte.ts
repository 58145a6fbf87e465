// App-wide reactive state: the database connection and a data version that bumps after every write, so open
// views re-query (live refresh when runs are logged through window.runboard on the same page).
import { untrack } from 'svelte';
import type { ConnectionState } from '$lib/client/connection';
import { connection } from '$lib/client';

class AppState {
	connection = $state<ConnectionState>({ kind: 'starting' });
	dataVersion = $state(0);
	/** Outstanding loads, for the e2e idle hook. */
	pending = $state(0);

	start(): void {
		connection.onState((state) => (this.connection = state));
		connection.onChange(() => this.dataVersion++);
		connection.start();
	}

	/** Tracks a load so tests can wait for the app to be idle instead of sleeping. */
	async track<T>(promise: Promise<T>): Promise<T> {
		// untrack: loads start inside effects, which must not come to depend on the counter they change.
		untrack(() => this.pending++);
		try {
			return await promise;
		} finally {
			untrack(() => this.pending--);
		}
	}

	get idle(): boolean {
		return this.pending === 0 && this.connection.kind !== 'starting';
	}
}

export const app = new AppState();
