// Follows a listing's next_page_token, but not forever: a token the server sent before (a loop) and the page
// cap each end the listing with a warning, and an answer of the wrong shape is reported by endpoint and field.
import { RunboardError } from '../../api/errors';
import { describe, isObject, type Warn } from './shapes';

/** An answer that is not what the endpoint sends: IMPORT_CORRUPT naming the endpoint and the field. */
export class WrongShape extends RunboardError {
	constructor(message: string) {
		super('IMPORT_CORRUPT', message);
	}
}

export interface Listing {
	/** e.g. "runs/search", for messages. */
	endpoint: string;
	/** The answer's list field: "experiments", "runs", "metrics". */
	field: string;
	maxPages: number;
	/**
	 * Strict listings (one metric's history) throw on any wrong-shaped page: half a history is not imported. Others
	 * throw only on the first page (nothing usable yet) and otherwise keep what they read, with a warning.
	 */
	strict: boolean;
	warn: Warn;
	runId?: string;
	/** Asked before each page: a reason to stop here (a cap shared with other listings), or undefined. */
	stopBefore?: () => string | undefined;
}

/** The items of every page, in order. Throws WrongShape as `Listing` says. */
export async function* pages(
	listing: Listing,
	fetchPage: (token?: string) => Promise<unknown>
): AsyncGenerator<unknown> {
	const seen = new Set<string>();
	let token: string | undefined;
	for (let page = 0; ; page++) {
		if (page === listing.maxPages) {
			stop(listing, `it has more than ${listing.maxPages} pages (the cap); later pages were not read`);
			return;
		}
		const reason = listing.stopBefore?.();
		if (reason) {
			stop(listing, reason);
			return;
		}
		const answer = await fetchPage(token);
		const items = isObject(answer) ? answer[listing.field] : undefined;
		const next = isObject(answer) ? answer.next_page_token : undefined;
		const problem = !isObject(answer)
			? `answered ${describe(answer)}, not a JSON object`
			: items !== undefined && items !== null && !Array.isArray(items)
				? `answered "${listing.field}" as ${describe(items)}, not a list`
				: next !== undefined && next !== null && typeof next !== 'string'
					? `answered "next_page_token" as ${describe(next)}, not a string`
					: undefined;
		if (problem) {
			if (listing.strict || page === 0) {
				throw new WrongShape(`${listing.endpoint} ${problem}: is this an MLflow server?`);
			}
			stop(listing, `page ${page + 1} ${problem}; later pages were not read`);
			return;
		}
		yield* (items as unknown[] | undefined) ?? [];
		if (typeof next !== 'string' || next === '') return;
		if (seen.has(next)) {
			stop(
				listing,
				`the server sent page token "${next.slice(0, 40)}" again after ${page + 1} pages; paging stopped`
			);
			return;
		}
		seen.add(next);
		token = next;
	}
}

function stop(listing: Listing, why: string): void {
	const message = `${listing.endpoint}: ${why}.`;
	listing.warn({ kind: 'paging-stopped', message, runId: listing.runId });
}
