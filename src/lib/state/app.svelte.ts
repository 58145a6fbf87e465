// App-wide reactive state: the database connection and a data version that bumps after every write, so open
// views re-query (live refresh when runs are logged through window.runboard on the same page).
import { untrack } from 'svelte';
import type { ConnectionState } from '$lib/client/connection';
import { connection } from '$lib/client';
import { toRunboardError, type RunboardError } from '$lib/api/errors';

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

	/**
	 * The one way a view loads data: call it from an `$effect` (inputs read first) and return what it returns, the
	 * effect's cleanup. `fetch` runs untracked; its answer reaches `apply` (or its error `fail`) only while the
	 * effect has not run again or gone: a slow answer to an old question (the previous filter, run or file) is
	 * dropped instead of overwriting the newer one. The load counts for the idle hook like `track`.
	 */
	latest<T>(
		fetch: () => Promise<T>,
		apply: (value: T) => void,
		fail: (error: RunboardError) => void = () => undefined
	): () => void {
		let current = true;
		void this.track(
			untrack(fetch).then(
				(value) => {
					if (current) apply(value);
				},
				(error: unknown) => {
					if (current) fail(toRunboardError(error));
				}
			)
		);
		return () => {
			current = false;
		};
	}

	get idle(): boolean {
		return this.pending === 0 && this.connection.kind !== 'starting';
	}
}

export const app = new AppState();
