// Views of evenly logged series from the blocks of one level (workers/db/charts/summary/one-level.ts): the same points as
// the tree walk it skips, and no answer at all where the blocks are not like that (the walk then draws the view).
import { describe, expect, it } from 'vitest';
import type { Conn } from '../../workers/db/sql';
import { combineOneLevel } from '../../workers/db/charts/summary/one-level';
import { readTop } from '../../workers/db/charts/summary/block-cache';
import { walkRange } from '../../workers/db/charts/summary/read';
import { log, rng, setup } from './summary-fixtures';

/** 2^16 points (every block of every level full) at steps first, first + stride, …, with spikes and markers. */
function evenSeries(first: number, stride: number, seed: number, n = 65_536) {
	const r = rng(seed);
	const steps = Array.from({ length: n }, (_, i) => first + i * stride);
	const values = steps.map((_, i) => {
		const u = r();
		if (u < 0.001) return [NaN, Infinity, -Infinity][i % 3]!;
		return u < 0.003 ? 100 * (r() - 0.5) : Math.sin(i / 500) + r() * 0.1;
	});
	return { steps, values };
}

const both = (conn: Conn, range: { a: number; b: number; width: number }, zoomed: boolean) => {
	const top = readTop(conn, 1, 1, 65_536, zoomed ? undefined : range.width);
	const one = combineOneLevel(conn, 1, 1, top, range)?.finish();
	const quick = one && { x: Array.from(one.x), y: Array.from(one.y) };
	const walked = walkRange(conn, 1, 1, top, range).finish();
	return { quick, walk: { x: Array.from(walked.x), y: Array.from(walked.y) } };
};

describe('views of evenly logged series from one level of blocks', () => {
	it('keep the same points as the tree walk, whole and zoomed, at any stride and first step', async () => {
		for (const [first, stride, seed] of [
			[0, 1, 1],
			[1000, 3, 2],
			[-50, 7, 3]
		] as const) {
			const { api, conn, runId } = await setup();
			const raw = evenSeries(first, stride, seed);
			await log(api, runId, raw.steps, raw.values);
			const last = raw.steps[raw.steps.length - 1]!;
			const span = last - first;
			for (const [a, b, width] of [
				[first, last, 800],
				[first, last, 333],
				[first + span * 0.25, first + span * 0.75, 600],
				[first + span * 0.4, first + span * 0.45, 100],
				[first + span * 0.9, last + 10 * stride, 211],
				[first - 5 * stride, first + span * 0.2, 300]
			] as const) {
				const zoomed = a !== first || b !== last;
				const { quick, walk } = both(conn, { a, b, width }, zoomed);
				expect(quick, `${first}/${stride}: [${a}, ${b}] over ${width}`).toBeDefined();
				expect(quick).toEqual(walk);
				expect(walk.x.length).toBeGreaterThan(width); // a real view, not an empty one
			}
		}
	});

	it('leave uneven series, gaps and views deeper than the finest blocks to the walk', async () => {
		const { api, conn, runId } = await setup();
		const raw = evenSeries(0, 1, 4);
		// A gap of 30,000 steps inside a block of every level (not at a block edge): blocks over it are too wide.
		const steps = raw.steps.map((s, i) => (i < 32_805 ? s : s + 30_000));
		await log(api, runId, steps, raw.values);
		const last = steps[steps.length - 1]!;
		const cases: [number, number, number][] = [
			[0, last, 800], // holds the gap
			[32_000, 63_000, 1000], // zoomed onto it
			[70_000, 70_300, 100] // 3 points per column: below the finest blocks
		];
		for (const [a, b, width] of cases) {
			const { quick, walk } = both(conn, { a, b, width }, a !== 0 || b !== last);
			expect(quick, `[${a}, ${b}] over ${width}`).toBeUndefined();
			expect(walk.x.length).toBeGreaterThan(0);
		}
		// Away from the gap the blocks are even, but not where even steps over the whole series would put them:
		// one level answers only when the blocks it found hold the range, and then as the walk does.
		for (const [a, b] of [
			[2_000, 20_000],
			[70_000, 90_000]
		] as const) {
			const { quick, walk } = both(conn, { a, b, width: 500 }, true);
			if (quick) expect(quick).toEqual(walk);
		}
	});

	it('leave a series with a missing block to the walk', async () => {
		const { api, conn, runId } = await setup();
		const raw = evenSeries(0, 1, 5);
		await log(api, runId, raw.steps, raw.values);
		const range = { a: 10_000, b: 30_000, width: 400 };
		expect(both(conn, range, true).quick).toBeDefined();
		// The level a 50-points-per-column view reads is level 1 (32 points a block, 8 blocks a row).
		conn.db.exec('DELETE FROM metric_blocks WHERE level = 1 AND chunk = 70');
		expect(both(conn, range, true).quick).toBeUndefined();
	});
});
