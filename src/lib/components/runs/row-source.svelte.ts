// The runs table's rows, fetched from the database worker a page at a time as they scroll into view. One source
// per question (experiment, filter, sort, columns): a new question makes a new source, so an answer to an old one
// can never land in the new table.
import type { RunGroupsResponse, RunsTableEntry } from '$lib/api/db-api';
import { SvelteMap } from 'svelte/reactivity';

export const PAGE_ROWS = 100;

/** A window of the table: runs, or (grouped) group rows and runs; RunsTableResponse is one too. */
export type FetchWindow = (offset: number, limit: number) => Promise<RunGroupsResponse>;

export class RowSource {
	/** Rows in the table (runs shown and group rows). */
	total = $state(0);
	/** Runs matching (some may be under collapsed parents or groups). */
	runs = $state(0);
	error = $state('');
	readonly rows = new SvelteMap<number, RunsTableEntry>();
	// Bookkeeping only, never shown: a plain Set on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#pending = new Set<number>();
	#closed = false;

	constructor(
		private readonly fetchWindow: FetchWindow,
		first?: RunGroupsResponse
	) {
		if (first) this.#take(first);
	}

	#take(answer: RunGroupsResponse): void {
		this.total = answer.total;
		this.runs = answer.runs;
		answer.rows.forEach((row, i) => this.rows.set(answer.offset + i, row));
	}

	/** Fetches the pages covering rows [start, end) that are neither here nor on their way. */
	ensure(start: number, end: number): void {
		for (let page = Math.floor(start / PAGE_ROWS); page * PAGE_ROWS < end; page++) {
			const offset = page * PAGE_ROWS;
			if (this.#closed || this.#pending.has(page) || this.rows.has(offset) || offset >= this.total) continue;
			this.#pending.add(page);
			this.fetchWindow(offset, PAGE_ROWS).then(
				(answer) => {
					this.#pending.delete(page);
					if (!this.#closed) this.#take(answer);
				},
				(e: { message?: string }) => {
					this.#pending.delete(page);
					if (!this.#closed) this.error = e.message ?? String(e);
				}
			);
		}
	}

	/** Stops taking answers: the page asked a new question. */
	close(): void {
		this.#closed = true;
	}
}
