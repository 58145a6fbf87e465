// A chart's view of a long series from its block summaries. From the coarsest level down, every block in the
// visible range at most one pixel column wide (in steps) is taken whole and wider blocks are replaced by their two
// children; where even 16 consecutive points span more than a column, those points are read themselves. The
// pieces, in series order, are grouped by the pixel column of their first point and each group keeps its first,
// last, smallest and largest point and its first NaN/±Infinity: M4 with column edges moved to the nearest block
// edge (less than a column away), reading a few thousand blocks instead of every point.
import type { Conn } from '../../sql';
import * as B from './blocks';
import { BucketCombiner } from './combine';
import { readColumns } from '../series-read';
import { blocksOf, readTop, topLevel, type TopBlocks } from './block-cache';
import { combineOneLevel } from './one-level';
import type { PointColumns } from './point-columns';

/** Zooms with fewer points per pixel column than this read the points themselves (blocks hold 16 at least). */
export const DEEP_ZOOM_POINTS_PER_COLUMN = 16;

/** Blocks fetched for one level: consecutive block numbers from `first`, each with its kind (classified once). */
interface Fetched {
	first: number;
	records: Float64Array;
	kinds: Uint8Array;
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

/**
 * Reads the blocks of a series into the cache, each level whole except the finest (the warm-up after a whole-series
 * chart): a zoom drawn from them then reads nothing from storage, which in the browser means no page reads from the
 * origin's files. The finest level is half of all blocks (~600 KB per 100,000 points in memory) and only views of
 * 16–32 points per column draw from it: those read it for their range, or find it read ahead after a zoom.
 */
export function warmBlocks(conn: Conn, runPk: number, keyId: number, points: number): void {
	for (let level = topLevel(points); level >= 1; level--) {
		const count = Math.ceil(points / B.blockWidth(level));
		blocksOf(conn, runPk, keyId, level, 0, count - 1, count);
	}
}

/**
 * Reads into the cache the blocks a zoom by two anywhere inside a view (`range`, or the whole series) will read:
 * the same walk at twice the width, its output dropped. A zoom in by up to two then reads nothing from storage,
 * and its code has run once (the first zoom after a page load is otherwise the slowest).
 */
export function warmZoomBlocks(
	conn: Conn,
	runPk: number,
	keyId: number,
	points: number,
	width: number,
	range?: [number, number]
): void {
	if (!(width > 0)) return;
	const top = readTop(conn, runPk, keyId, points);
	const [a, b] = range ?? [top.x0, top.x1];
	// A zoom that deep reads the points of its range (warmed next), not blocks.
	if ((points * (b - a)) / ((top.x1 - top.x0) * 2 * width) < DEEP_ZOOM_POINTS_PER_COLUMN) return;
	combineRange(conn, runPk, keyId, top, { a, b, width: 2 * width });
}

/**
 * Streams the pieces of [a, b] into a combiner with `width` columns, writing to `out` if given: from one level's
 * blocks when they allow it (one-level.ts, the usual evenly logged series), else by the walk below.
 */
export function combineRange(...view: RangeView): BucketCombiner {
	return combineOneLevel(...view) ?? walkRange(...view);
}

/** A view of one series to combine: from the blocks read at the top, [a, b] over `width` columns into `out`. */
export type RangeView = [
	conn: Conn,
	runPk: number,
	keyId: number,
	topBlocks: TopBlocks,
	range: { a: number; b: number; width: number },
	out?: PointColumns
];

/** The walk of the header over any series (exported for tests, which check one-level.ts against it). */
export function walkRange(...[conn, runPk, keyId, topBlocks, range, out]: RangeView): BucketCombiner {
	const { a, b } = range;
	const combiner = new BucketCombiner(a, b, range.width, out);
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
	const sparse: Sparse[] = [];
	/** Wide blocks of the level being classified, in order (their children are fetched next). */
	let wide: number[] = [];
	// Classifies each fetched block once, collecting the wide ones and the sparse stretches on the way.
	const fetch = (level: number, first: number, records: Float64Array) => {
		const kinds = new Uint8Array(records.length / B.FIELDS);
		for (let i = 0, o = 0; i < kinds.length; i++, o += B.FIELDS) {
			const kind = kindOf(records, o, level);
			kinds[i] = kind;
			if (kind === Kind.Wide) wide.push(first + i);
			else if (kind === Kind.Sparse) {
				const block = first + i;
				const last = sparse[sparse.length - 1];
				const hi = Math.min(records[o + B.LAST_STEP] as number, b);
				if (last && last.to === block - 1) Object.assign(last, { to: block, hi });
				else
					sparse.push({ from: block, to: block, lo: Math.max(records[o + B.FIRST_STEP] as number, a), hi });
			}
		}
		(fetched[level] as Fetched[]).push({ first, records, kinds });
	};
	fetch(top, 0, topBlocks.records);
	for (let level = top; level > 0 && wide.length; level--) {
		const parents = wide;
		wide = [];
		for (let i = 0; i < parents.length;) {
			let j = i;
			while (j + 1 < parents.length && parents[j + 1] === (parents[j] as number) + 1) j++;
			const from = (parents[i] as number) * B.FANOUT;
			const to = (parents[j] as number) * B.FANOUT + B.FANOUT - 1;
			fetch(level - 1, from, blocksOf(conn, runPk, keyId, level - 1, from, to));
			i = j + 1;
		}
	}
	// Sparse points only within [a, b]: the nearest ones outside are added as neighbours (view.ts).
	for (const s of sparse) [s.steps, s.values] = readColumns(conn, runPk, keyId, 'step, value', [s.lo, s.hi]);
	// 2. Walk the tree in order. The children of a wide block were fetched together, and the wide blocks of a level
	// are met in increasing order, so one cursor per level finds the range holding them.
	const cursor = new Int32Array(B.LEVELS);
	let sparseAt = 0;
	/** Set by childrenOf: where in the returned range the children start. */
	let childAt = 0;
	const childrenOf = (level: number, block: number): Fetched | undefined => {
		const ranges = fetched[level] as Fetched[];
		let c = cursor[level] as number;
		while (c < ranges.length && (ranges[c] as Fetched).first + (ranges[c] as Fetched).kinds.length <= block)
			c++;
		cursor[level] = c;
		const range = ranges[c];
		if (!range || block < range.first) return undefined;
		childAt = block - range.first;
		return range;
	};
	const visit = (level: number, range: Fetched, from: number, to: number): void => {
		const { records, kinds } = range;
		for (let i = from; i < to; i++) {
			const kind = kinds[i];
			if (kind === Kind.Leaf) {
				// Consecutive leaves in one call: most of a zoom's blocks.
				let j = i + 1;
				while (j < to && kinds[j] === Kind.Leaf) j++;
				combiner.addBlocks(records, i * B.FIELDS, j * B.FIELDS);
				i = j - 1;
			} else if (kind === Kind.Wide) {
				// The children of consecutive wide blocks are consecutive (and were fetched together): one visit.
				let j = i + 1;
				while (j < to && kinds[j] === Kind.Wide) j++;
				const children = childrenOf(level - 1, (range.first + i) * B.FANOUT);
				if (children)
					visit(level - 1, children, childAt, Math.min(childAt + (j - i) * B.FANOUT, children.kinds.length));
				i = j - 1;
			} else if (kind === Kind.Sparse) {
				const block = range.first + i;
				while (sparseAt < sparse.length && (sparse[sparseAt] as Sparse).to < block) sparseAt++;
				const s = sparse[sparseAt];
				if (s && s.from === block) combiner.addPoints(s.steps as Float64Array, s.values as Float64Array);
			}
		}
	};
	const root = (fetched[top] as Fetched[])[0] as Fetched;
	visit(top, root, 0, root.kinds.length);
	return combiner;
}
