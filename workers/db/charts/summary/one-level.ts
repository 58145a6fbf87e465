// The usual view of a long series: logged at evenly spaced steps (as training loops do), every block of one level
// is the same number of steps wide, so the blocks a view needs are those of a single level and their numbers follow
// from the steps. Combining them as they are skips the tree walk of read.ts, which classifies about two blocks for
// every block it keeps (a third of a 100-run zoom's time). Whatever is not like that — uneven steps, gaps, blocks
// not stored — is checked for on the way and left to the walk.
import * as B from './blocks';
import { blocksOf } from './block-cache';
import { BucketCombiner } from './combine';
import type { RangeView } from './read';

/**
 * The pieces of [a, b] combined into `width` columns from one level whose blocks are each at most a column wide,
 * when the series' blocks allow it; undefined otherwise (nothing read counts against the walk: the blocks read here
 * are the ones it would read, and they stay cached).
 */
export function combineOneLevel(
	...[conn, runPk, keyId, top, range, out]: RangeView
): BucketCombiner | undefined {
	const { a, b } = range;
	const column = (b - a) / Math.max(1, Math.floor(range.width));
	// Steps between consecutive points, were they even.
	const stride = (top.x1 - top.x0) / (top.points - 1);
	if (!(stride > 0) || !(column > 0)) return undefined;
	// The coarsest level whose full blocks fit a column (the walk takes the same blocks, see read.ts).
	let level = -1;
	while (level < top.level && (B.blockWidth(level + 1) - 1) * stride <= column) level++;
	if (level < 0) return undefined; // deeper than the finest blocks: the walk reads points
	const steps = B.blockWidth(level) * stride;
	const count = Math.ceil(top.points / B.blockWidth(level));
	// One block more on each side than even steps need, to see where the range starts and ends.
	const first = Math.max(0, Math.floor((a - top.x0) / steps) - 1);
	const last = Math.min(count - 1, Math.floor((b - top.x0) / steps) + 1);
	if (first > last) return undefined;
	const records = blocksOf(conn, runPk, keyId, level, first, last, count);
	const kept = keptBlocks(records, a, b, column);
	if (!kept) return undefined;
	const [from, to] = kept;
	// The blocks just outside must have been seen (or not exist): else the range reaches blocks not read.
	if ((from === 0 && first > 0) || (to === records.length / B.FIELDS && last < count - 1)) return undefined;
	const combiner = new BucketCombiner(a, b, range.width, out);
	combiner.addBlocks(records, from * B.FIELDS, to * B.FIELDS);
	return combiner;
}

/**
 * Blocks [from, to) of `records` that meet [a, b], when all of them are stored, in step order and at most a column
 * wide (what the walk would take whole); undefined when any is not, or none meets the range.
 */
function keptBlocks(
	records: Float64Array,
	a: number,
	b: number,
	column: number
): [number, number] | undefined {
	const n = records.length / B.FIELDS;
	let from = 0;
	let to = n;
	let previous = -Infinity;
	for (let k = 0, o = 0; k < n; k++, o += B.FIELDS) {
		const lo = records[o + B.FIRST_STEP] as number;
		const hi = records[o + B.LAST_STEP] as number;
		// Empty (not stored) or out of order: NaN compares false, so a block without steps fails here too.
		if (records[o + B.N] === 0 || !(lo >= previous && hi >= lo)) return undefined;
		previous = hi;
		if (hi < a) from = k + 1;
		else if (lo > b) {
			to = k;
			break;
		} else if (hi - lo > column) return undefined;
	}
	return from < to ? [from, to] : undefined;
}
