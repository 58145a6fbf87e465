// Blocks of one summary level, read from storage once and then served from the series cache (zooming in reads
// blocks of a range inside the previous one, and the warm-up reads whole levels ahead of the zooms), and the level
// a view starts from.
import type { Conn } from '../../sql';
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

/** The coarsest level that has more than one block (coarser levels hold one block covering everything). */
export function topLevel(points: number): number {
	let level = B.LEVELS - 1;
	while (level > 0 && points <= B.blockWidth(level)) level--;
	return level;
}

/** Every block of the level the walk starts at, and the series' first and last step. */
export interface TopBlocks {
	level: number;
	points: number;
	records: Float64Array;
	x0: number;
	x1: number;
}

/**
 * Reads the level the walk starts at. A zoom starts at the top, so the walk only descends inside its range. The
 * whole series is all in range: it starts at the coarsest blocks that fit one column if points were spread evenly,
 * skipping the coarser levels that would all be split anyway (blocks of an unevenly spaced series that turn out
 * wider than a column are split as usual).
 */
export function readTop(conn: Conn, runPk: number, keyId: number, points: number, width?: number): TopBlocks {
	let level = topLevel(points);
	if (width) {
		let fits = 0;
		while (fits + 1 < B.LEVELS && B.blockWidth(fits + 1) <= points / width) fits++;
		level = Math.min(level, fits);
	}
	const count = Math.ceil(points / B.blockWidth(level));
	const records = blocksOf(conn, runPk, keyId, level, 0, count - 1, count);
	const x0 = records[B.FIRST_STEP] as number;
	const x1 = records[records.length - B.FIELDS + B.LAST_STEP] as number;
	return { level, points, records, x0, x1 };
}
