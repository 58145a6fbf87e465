// What every area of the database API shares: the one connection, the clock, and the transaction every write is.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import { checkKey, tagLimit, toStringValue } from '$lib/api/validate';
import type { Tag } from '$lib/model/types';
import type { Conn } from '../sql';

export interface ApiContext {
	conn: Conn;
	db: Database;
	now: () => number;
	/** One transaction around fn: a failed call leaves nothing behind. */
	tx: <T>(fn: () => T) => T;
}

/** Tags as a caller sent them, checked: keys, and values within their length limits. */
export function checkTags(what: string, tags: unknown): Tag[] {
	if (tags === undefined) return [];
	if (!Array.isArray(tags))
		throw new RunboardError('INVALID_ARGUMENT', `${what} must be a list of {key, value}.`);
	return tags.map((t: { key?: unknown; value?: unknown }) => {
		const key = checkKey('Tag', t?.key);
		return { key, value: toStringValue('Tag', key, t?.value, tagLimit(key)) };
	});
}
