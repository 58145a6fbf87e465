// Block summaries of a metric series (pure: no SQLite). A series sorted by (step, timestamp, seq) is cut into
// blocks of 16 · 2^level consecutive points; each block keeps its first and last point, its smallest and largest
// finite value (earliest on ties) and where its first NaN, +Infinity and -Infinity are. A chart of a long series
// then reads a few thousand blocks instead of every point, and still draws every block's extremes.
//
// Blocks are by position, not by step, so sparse or huge steps cost nothing extra; the price is that points must
// be appended in order (after the series' last point) for stored blocks to stay valid — which is how training
// loops log. Anything else marks the series for a rebuild (see store.ts).

/** Doubles per block record. */
export const FIELDS = 12;
export const N = 0;
export const FIRST_STEP = 1;
export const FIRST_VALUE = 2;
export const LAST_STEP = 3;
export const LAST_VALUE = 4;
export const MIN_STEP = 5; // NaN when the block has no finite value
export const MIN_VALUE = 6;
export const MAX_STEP = 7;
export const MAX_VALUE = 8;
export const NAN_STEP = 9; // NaN when absent (as are the two below)
export const POS_INF_STEP = 10;
export const NEG_INF_STEP = 11;

/**
 * Each block of a level holds FANOUT blocks of the level below. Two rather than four: a view then finds blocks
 * between one and two (not four) per pixel column, so a zoom by two combines half as many records (storage: 12
 * bytes per point instead of 8).
 */
export const FANOUT = 2;
/** Levels kept: block widths 16, 32, …, 16 · 2^16 = 1,048,576 points. */
export const LEVELS = 17;
export const blockWidth = (level: number): number => 16 * FANOUT ** level;

/** Series shorter than this are never summarised: reading them whole is cheap enough. */
export const SUMMARY_MIN_POINTS = 8192;

const EMPTY = [0, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN];

export function clearBlock(out: Float64Array, o: number): void {
	for (let f = 0; f < FIELDS; f++) out[o + f] = EMPTY[f] as number;
}

/** Adds one point after every point already in the block at `o`. */
export function addPoint(b: Float64Array, o: number, step: number, value: number): void {
	if (b[o + N] === 0) {
		b[o + FIRST_STEP] = step;
		b[o + FIRST_VALUE] = value;
	}
	b[o + N] = (b[o + N] as number) + 1;
	b[o + LAST_STEP] = step;
	b[o + LAST_VALUE] = value;
	if (value !== value) {
		if (b[o + NAN_STEP] !== b[o + NAN_STEP]) b[o + NAN_STEP] = step;
	} else if (value === Infinity) {
		if (b[o + POS_INF_STEP] !== b[o + POS_INF_STEP]) b[o + POS_INF_STEP] = step;
	} else if (value === -Infinity) {
		if (b[o + NEG_INF_STEP] !== b[o + NEG_INF_STEP]) b[o + NEG_INF_STEP] = step;
	} else {
		const noFinite = b[o + MIN_STEP] !== b[o + MIN_STEP];
		if (noFinite || value < (b[o + MIN_VALUE] as number)) {
			b[o + MIN_STEP] = step;
			b[o + MIN_VALUE] = value;
		}
		if (noFinite || value > (b[o + MAX_VALUE] as number)) {
			b[o + MAX_STEP] = step;
			b[o + MAX_VALUE] = value;
		}
	}
}

/** Merges block `later` (points that all come after `acc`'s) into `acc`. Ties keep the earlier point. */
export function mergeBlock(acc: Float64Array, a: number, later: Float64Array, l: number): void {
	if (later[l + N] === 0) return;
	if (acc[a + N] === 0) {
		for (let f = 0; f < FIELDS; f++) acc[a + f] = later[l + f] as number;
		return;
	}
	acc[a + N] = (acc[a + N] as number) + (later[l + N] as number);
	acc[a + LAST_STEP] = later[l + LAST_STEP] as number;
	acc[a + LAST_VALUE] = later[l + LAST_VALUE] as number;
	const laterHasFinite = later[l + MIN_STEP] === later[l + MIN_STEP];
	const accHasFinite = acc[a + MIN_STEP] === acc[a + MIN_STEP];
	if (laterHasFinite) {
		if (!accHasFinite || (later[l + MIN_VALUE] as number) < (acc[a + MIN_VALUE] as number)) {
			acc[a + MIN_STEP] = later[l + MIN_STEP] as number;
			acc[a + MIN_VALUE] = later[l + MIN_VALUE] as number;
		}
		if (!accHasFinite || (later[l + MAX_VALUE] as number) > (acc[a + MAX_VALUE] as number)) {
			acc[a + MAX_STEP] = later[l + MAX_STEP] as number;
			acc[a + MAX_VALUE] = later[l + MAX_VALUE] as number;
		}
	}
	// Written out rather than looped over a list of fields: this runs for every block a chart reads.
	if (acc[a + NAN_STEP] !== acc[a + NAN_STEP]) acc[a + NAN_STEP] = later[l + NAN_STEP] as number;
	if (acc[a + POS_INF_STEP] !== acc[a + POS_INF_STEP])
		acc[a + POS_INF_STEP] = later[l + POS_INF_STEP] as number;
	if (acc[a + NEG_INF_STEP] !== acc[a + NEG_INF_STEP])
		acc[a + NEG_INF_STEP] = later[l + NEG_INF_STEP] as number;
}

/** Blocks of one level touched by new points: block numbers and their records (FIELDS doubles each). */
export interface LevelBlocks {
	blocks: number[];
	records: Float64Array;
}

/**
 * The summaries of points appended at positions `start`, `start + 1`, … of a series: for every level, one record
 * per block those points fall in, covering only the new points (merge the stored part of a partly filled first
 * block into it). Level 0 is built from the points, each coarser level from the level below.
 */
export function appendedBlocks(
	start: number,
	steps: ArrayLike<number>,
	values: ArrayLike<number>
): LevelBlocks[] {
	const count = steps.length;
	const levels: LevelBlocks[] = [];
	if (count === 0) return levels;
	const firstBlock = Math.floor(start / 16);
	const blocks0 = Math.floor((start + count - 1) / 16) - firstBlock + 1;
	const records0 = new Float64Array(blocks0 * FIELDS);
	for (let b = 0; b < blocks0; b++) clearBlock(records0, b * FIELDS);
	for (let i = 0; i < count; i++) {
		const b = Math.floor((start + i) / 16) - firstBlock;
		addPoint(records0, b * FIELDS, steps[i] as number, values[i] as number);
	}
	levels.push({ blocks: Array.from({ length: blocks0 }, (_, b) => firstBlock + b), records: records0 });
	for (let level = 1; level < LEVELS; level++) {
		const below = levels[level - 1] as LevelBlocks;
		const first = Math.floor((below.blocks[0] as number) / FANOUT);
		const last = Math.floor((below.blocks[below.blocks.length - 1] as number) / FANOUT);
		const records = new Float64Array((last - first + 1) * FIELDS);
		for (let b = 0; b <= last - first; b++) clearBlock(records, b * FIELDS);
		below.blocks.forEach((child, i) => {
			mergeBlock(records, (Math.floor(child / FANOUT) - first) * FIELDS, below.records, i * FIELDS);
		});
		levels.push({ blocks: Array.from({ length: last - first + 1 }, (_, b) => first + b), records });
	}
	return levels;
}
