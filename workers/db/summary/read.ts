// A chart's view of a long series from its block summaries: from the coarsest level down, every block in the
// visible range that is at most one pixel column wide (in steps) is taken whole, wider blocks are replaced by their
// four children. The blocks are then grouped by the pixel column of their first point and each group keeps its
// first, last, smallest and largest point and its first NaN/±Infinity — M4 with column edges moved to the nearest
// block edge (less than a column away), reading a few thousand blocks instead of every point.
import type { Conn } from '../sql';
import * as B from './blocks';
import { readBlocks } from './store';

interface Leaf {
	/** Position of the block's first point in the series (orders leaves of different levels). */
	position: number;
	records: Float64Array;
	offset: number;
}

/** Consecutive level-0 blocks (`from`…`to`) whose points are read themselves, and their steps. */
interface SparseRange {
	lo: number;
	hi: number;
	from: number;
	to: number;
}

/** The points of sparse ranges as one-point records, positioned within their blocks for ordering. */
function pointLeaves(conn: Conn, runPk: number, keyId: number, ranges: SparseRange[]): Leaf[] {
	const out: Leaf[] = [];
	for (const { lo, hi, from, to } of ranges) {
		const rows = conn.db.exec({
			sql: `SELECT step, value FROM metrics WHERE run_pk = ? AND key_id = ? AND step BETWEEN ? AND ?
				ORDER BY step, timestamp, seq`,
			bind: [runPk, keyId, lo, hi],
			rowMode: 'array',
			returnValue: 'resultRows'
		}) as [number, number | null][];
		const records = new Float64Array(rows.length * B.FIELDS);
		const span = (to - from + 1) * 16;
		rows.forEach(([step, value], i) => {
			B.clearBlock(records, i * B.FIELDS);
			B.addPoint(records, i * B.FIELDS, step, value ?? NaN);
			out.push({ position: from * 16 + (i * span) / rows.length, records, offset: i * B.FIELDS });
		});
	}
	return out;
}

/**
 * Blocks covering [a, b] (plus those straddling its ends), each at most `column` steps wide, in series order.
 * Where even 16 consecutive points span more than a column, those points themselves are the leaves (one-point
 * records): they are read from the metrics table, a range of steps at a time. (A range can also hold points of
 * the neighbouring blocks at its first or last step; drawing a real point twice changes nothing.)
 */
export function leavesInRange(
	conn: Conn,
	runPk: number,
	keyId: number,
	points: number,
	range: { a: number; b: number; column: number }
): Leaf[] {
	const { a, b, column } = range;
	let level = B.LEVELS - 1;
	let pending = [
		{
			first: 0,
			records: readBlocks(conn, runPk, keyId, level, 0, Math.ceil(points / B.blockWidth(level)) - 1)
		}
	];
	const out: Leaf[] = [];
	const sparse: SparseRange[] = [];
	for (; level >= 0 && pending.length; level--) {
		const wide: number[] = [];
		for (const { first, records } of pending) {
			for (let o = 0; o < records.length; o += B.FIELDS) {
				if (records[o + B.N] === 0) continue;
				const lo = records[o + B.FIRST_STEP] as number;
				const hi = records[o + B.LAST_STEP] as number;
				if (hi < a || lo > b) continue;
				const block = first + o / B.FIELDS;
				if (hi - lo <= column) out.push({ position: block * B.blockWidth(level), records, offset: o });
				else if (level > 0) wide.push(block);
				else {
					// Consecutive sparse blocks are read as one range.
					const last = sparse[sparse.length - 1];
					// Only points within [a, b]: the nearest ones outside are added as neighbours (view.ts).
					if (last && last.to === block - 1) Object.assign(last, { hi: Math.min(hi, b), to: block });
					else sparse.push({ lo: Math.max(lo, a), hi: Math.min(hi, b), from: block, to: block });
				}
			}
		}
		// The children of consecutive wide blocks are read as one range.
		pending = [];
		for (let i = 0; i < wide.length;) {
			let j = i;
			while (j + 1 < wide.length && wide[j + 1] === (wide[j] as number) + 1) j++;
			const from = (wide[i] as number) * 4;
			const to = (wide[j] as number) * 4 + 3;
			pending.push({ first: from, records: readBlocks(conn, runPk, keyId, level - 1, from, to) });
			i = j + 1;
		}
	}
	out.push(...pointLeaves(conn, runPk, keyId, sparse));
	return out.sort((p, q) => p.position - q.position);
}

/** The first and last step of a summarised series (from its top-level blocks). */
export function seriesExtent(conn: Conn, runPk: number, keyId: number, points: number): [number, number] {
	const level = B.LEVELS - 1;
	const last = Math.ceil(points / B.blockWidth(level)) - 1;
	const head = readBlocks(conn, runPk, keyId, level, 0, 0);
	const tail = last === 0 ? head : readBlocks(conn, runPk, keyId, level, last, last);
	return [head[B.FIRST_STEP] as number, tail[B.LAST_STEP] as number];
}

/**
 * One bucket per pixel column over [a, b] (blocks starting before a, or after b, form a bucket of their own),
 * each keeping its first, last, min, max and first non-finite points, in step order.
 */
export function combineLeaves(
	leaves: Leaf[],
	a: number,
	b: number,
	width: number
): { x: Float64Array; y: Float64Array } {
	const columns = Math.max(1, Math.floor(width));
	const span = b - a;
	const bucketOf = (step: number) =>
		step < a
			? -1
			: step > b
				? columns
				: span > 0
					? Math.min(columns - 1, Math.floor(((step - a) / span) * columns))
					: 0;
	const xs: number[] = [];
	const ys: number[] = [];
	const acc = new Float64Array(B.FIELDS);
	for (let i = 0; i < leaves.length;) {
		const bucket = bucketOf(leaves[i]!.records[leaves[i]!.offset + B.FIRST_STEP] as number);
		B.clearBlock(acc, 0);
		let j = i;
		for (; j < leaves.length; j++) {
			const leaf = leaves[j] as Leaf;
			if (bucketOf(leaf.records[leaf.offset + B.FIRST_STEP] as number) !== bucket) break;
			B.mergeBlock(acc, 0, leaf.records, leaf.offset);
		}
		emitBucket(acc, xs, ys);
		i = j;
	}
	return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}

/** A bucket's kept points in step order (first first, last last), each distinct point once. */
function emitBucket(r: Float64Array, xs: number[], ys: number[]): void {
	const inner: [number, number][] = [];
	if (r[B.MIN_STEP] === r[B.MIN_STEP]) {
		inner.push([r[B.MIN_STEP] as number, r[B.MIN_VALUE] as number]);
		inner.push([r[B.MAX_STEP] as number, r[B.MAX_VALUE] as number]);
	}
	if (r[B.NAN_STEP] === r[B.NAN_STEP]) inner.push([r[B.NAN_STEP] as number, NaN]);
	if (r[B.POS_INF_STEP] === r[B.POS_INF_STEP]) inner.push([r[B.POS_INF_STEP] as number, Infinity]);
	if (r[B.NEG_INF_STEP] === r[B.NEG_INF_STEP]) inner.push([r[B.NEG_INF_STEP] as number, -Infinity]);
	inner.sort((p, q) => p[0] - q[0]);
	const points: [number, number][] = [[r[B.FIRST_STEP] as number, r[B.FIRST_VALUE] as number], ...inner];
	points.push([r[B.LAST_STEP] as number, r[B.LAST_VALUE] as number]);
	const start = xs.length;
	for (const [x, y] of points) {
		let seen = false;
		for (let k = start; k < xs.length && !seen; k++) seen = xs[k] === x && Object.is(ys[k], y);
		if (!seen) {
			xs.push(x);
			ys.push(y);
		}
	}
}
