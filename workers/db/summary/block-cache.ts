// Blocks of one summary level, read from storage once and then served from the series cache: zooming in reads
// blocks of a range inside the previous one, and the warm-up reads whole levels ahead of the zooms.
import type { Conn } from '../sql';
import { cachedById, remember } from '../series-read';
import * as B from './blocks';
import { readBlocks } from './store';

/** Blocks of one level kept from an earlier read: consecutive block numbers from `first`. */
interface CachedBlocks {
	first: number;
	records: Float64Array;
	/** The read went to the level's last block: blocks asked for past it do not exist. */
	toEnd: boolean;
}

/**
 * Blocks [from, to] of one level, from memory when an earlier read of this series and level covered them. One
 * range per series and level is kept; the records are shared, never written to. `count` is the level's number of
 * blocks when known: blocks past it are not returned (the walk asks for both children of the last wide block,
 * which may have fewer).
 */
export function blocksOf(
	conn: Conn,
	runPk: number,
	keyId: number,
	level: number,
	from: number,
	to: number,
	count?: number
): Float64Array {
	const id = `${runPk}|${keyId}|blocks|${level}`;
	const hit = cachedById<CachedBlocks>(conn, id);
	if (hit && hit.first <= from) {
		const end = hit.first + hit.records.length / B.FIELDS; // one past the last kept block
		const last = hit.toEnd ? Math.min(to, end - 1) : to;
		if (last < end && from <= last) {
			return hit.records.subarray((from - hit.first) * B.FIELDS, (last - hit.first + 1) * B.FIELDS);
		}
	}
	const upTo = count === undefined ? to : Math.min(to, count - 1);
	const records = readBlocks(conn, runPk, keyId, level, from, upTo);
	// Counted as the points of the same memory (16 bytes each).
	const toEnd = count !== undefined && upTo === count - 1;
	remember(id, { first: from, records, toEnd } satisfies CachedBlocks, records.byteLength / 16);
	return records;
}
