// A chart's view of a long series from its block summaries. From the coarsest level down, every block in the
// visible range at most one pixel column wide (in steps) is taken whole and wider blocks are replaced by their four
// children; where even 16 consecutive points span more than a column, those points are read themselves. The
// pieces, in series order, are grouped by the pixel column of their first point and each group keeps its first,
// last, smallest and largest point and its first NaN/±Infinity: M4 with column edges moved to the nearest block
// edge (less than a column away), reading a few thousand blocks instead of every point.
import type { Conn } from '../sql';
import * as B from './blocks';
import { BucketCombiner } from './combine';
import { readColumns } from '../series-read';
import { readBlocks } from './store';

/** Blocks fetched for one level: consecutive block numbers from `first`. */
interface Fetched {
	first: number;
	records: Float64Array;
}

/** Consecutive sparse level-0 blocks (`from`…`to`), their steps clipped to the range, and their points. */
interface Sparse {
	from: number;
	to: number;
	lo: number;
	hi: number;
	steps?: Float64Array;
	values?: Float64Array;
}

const enum Kind {
	Outside,
	Leaf,
	Wide,
	Sparse
}

/** The coarsest level that has more than one block (coarser levels hold one block covering everything). */
function topLevel(points: number): number {
	let level = B.LEVELS - 1;
	while (level > 0 && points <= B.blockWidth(level)) level--;
	return level;
}

/** Every block of the level the walk starts at, and the series' first and last step. */
export interface TopBlocks {
	level: number;
	records: Float64Array;
	x0: number;
	x1: number;
}

/**
 * Reads the level the walk starts at. A zoom starts at the top, so the walk only descends inside its range. The
 * whole series is all in range: it starts one level above the blocks that fit ~one column if points were spread
 * evenly, skipping the coarser levels (a query each) that would all be split anyway.
 */
export function readTop(conn: Conn, runPk: number, keyId: number, points: number, width?: number): TopBlocks {
	let level = topLevel(points);
	if (width) {
		let fits = 0;
		while (fits + 1 < B.LEVELS && B.blockWidth(fits + 1) <= points / width) fits++;
		level = Math.min(level, fits + 1);
	}
	const records = readBlocks(conn, runPk, keyId, level, 0, Math.ceil(points / B.blockWidth(level)) - 1);
	const x0 = records[B.FIRST_STEP] as number;
	const x1 = records[records.length - B.FIELDS + B.LAST_STEP] as number;
	return { level, records, x0, x1 };
}

/** Streams the pieces of [a, b] into a combiner with `width` columns (see the header). */
export function combineRange(
	conn: Conn,
	runPk: number,
	keyId: number,
	topBlocks: TopBlocks,
	range: { a: number; b: number; width: number }
): BucketCombiner {
	const { a, b } = range;
	const combiner = new BucketCombiner(a, b, range.width);
	const column = (b - a) / Math.max(1, Math.floor(range.width));
	const kindOf = (r: Float64Array, o: number, level: number): Kind => {
		if (r[o + B.N] === 0) return Kind.Outside;
		const lo = r[o + B.FIRST_STEP] as number;
		const hi = r[o + B.LAST_STEP] as number;
		if (hi < a || lo > b) return Kind.Outside;
		if (hi - lo <= column) return Kind.Leaf;
		return level > 0 ? Kind.Wide : Kind.Sparse;
	};
	// 1. Fetch, level by level: the children of consecutive wide blocks as one range read.
	const top = topBlocks.level;
	const fetched: Fetched[][] = Array.from({ length: B.LEVELS }, () => []);
	fetched[top] = [{ first: 0, records: topBlocks.records }];
	const sparse: Sparse[] = [];
	for (let level = top; level >= 0; level--) {
		const wide: number[] = [];
		for (const { first, records } of fetched[level] as Fetched[]) {
			for (let o = 0; o < records.length; o += B.FIELDS) {
				const kind = kindOf(records, o, level);
				const block = first + o / B.FIELDS;
				if (kind === Kind.Wide) wide.push(block);
				else if (kind === Kind.Sparse) {
					const last = sparse[sparse.length - 1];
					const hi = Math.min(records[o + B.LAST_STEP] as number, b);
					if (last && last.to === block - 1) Object.assign(last, { to: block, hi });
					else
						sparse.push({ from: block, to: block, lo: Math.max(records[o + B.FIRST_STEP] as number, a), hi });
				}
			}
		}
		for (let i = 0; i < wide.length;) {
			let j = i;
			while (j + 1 < wide.length && wide[j + 1] === (wide[j] as number) + 1) j++;
			const from = (wide[i] as number) * 4;
			const to = (wide[j] as number) * 4 + 3;
			(fetched[level - 1] as Fetched[]).push({
				first: from,
				records: readBlocks(conn, runPk, keyId, level - 1, from, to)
			});
			i = j + 1;
		}
	}
	// Sparse points only within [a, b]: the nearest ones outside are added as neighbours (view.ts).
	for (const s of sparse) [s.steps, s.values] = readColumns(conn, runPk, keyId, 'step, value', [s.lo, s.hi]);
	// 2. Walk the tree in order. Blocks of a level are met in increasing order, so one cursor per level finds them.
	const cursor = new Int32Array(B.LEVELS);
	let sparseAt = 0;
	const visit = (level: number, block: number): void => {
		const ranges = fetched[level] as Fetched[];
		let c = cursor[level] as number;
		while (
			c < ranges.length &&
			(ranges[c] as Fetched).first + (ranges[c] as Fetched).records.length / B.FIELDS <= block
		)
			c++;
		cursor[level] = c;
		const range = ranges[c];
		if (!range || block < range.first) return; // not fetched: outside the range
		const o = (block - range.first) * B.FIELDS;
		const kind = kindOf(range.records, o, level);
		if (kind === Kind.Leaf) combiner.addBlock(range.records, o);
		else if (kind === Kind.Wide)
			for (let child = block * 4; child < block * 4 + 4; child++) visit(level - 1, child);
		else if (kind === Kind.Sparse) {
			while (sparseAt < sparse.length && (sparse[sparseAt] as Sparse).to < block) sparseAt++;
			const s = sparse[sparseAt];
			if (s && s.from === block) combiner.addPoints(s.steps as Float64Array, s.values as Float64Array);
		}
	};
	for (let block = 0; block < topBlocks.records.length / B.FIELDS; block++) visit(top, block);
	return combiner;
}
