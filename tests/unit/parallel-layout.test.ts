import { describe, expect, it } from 'vitest';
import {
	brushToPixels,
	buildLayout,
	highlight,
	nearestRun,
	pixelsToBrush
} from '$lib/charts/parallel/layout';

// 3 runs; alpha numeric, solver categorical, rmse numeric with a gap.
const columns = [
	{ id: 'p:alpha', label: 'alpha', values: [0.01, 0.1, 1] },
	{ id: 'p:solver', label: 'solver', values: ['adam', 'sgd', 'adam'] },
	{ id: 'm:rmse', label: 'rmse', values: [10, null, 30] }
];

describe('parallel coordinates layout', () => {
	const layout = buildLayout(columns, 560, 300, ['p:alpha']);

	it('places axes evenly and every run on every axis once', () => {
		expect(layout.axes.map((a) => a.x)).toEqual([60, 280, 500]);
		expect(layout.axes[0]!.scale.kind === 'numeric' && layout.axes[0]!.scale.log).toBe(true);
		expect(layout.axes[1]!.scale.kind).toBe('category');
		expect(layout.ys).toHaveLength(9);
		// Log axis: 0.1 sits half-way between 0.01 and 1.
		const [y0, y1, y2] = [layout.ys[0]!, layout.ys[3]!, layout.ys[6]!];
		expect(y1).toBeCloseTo((y0 + y2) / 2, 3);
		expect(Number.isNaN(layout.ys[1 * 3 + 2]!)).toBe(true);
	});

	it('highlights the runs inside every brush; a missing value is outside', () => {
		const mask = new Uint8Array(3);
		expect(highlight(layout, [null, null, null], mask)).toBe(3);
		const rmse = layout.axes[2]!;
		const lower = brushToPixels(rmse, { range: [0, 20] })!;
		expect(highlight(layout, [null, null, lower], mask)).toBe(1);
		expect([...mask]).toEqual([1, 0, 0]);
		const adam = brushToPixels(layout.axes[1]!, { values: ['adam'] })!;
		expect(highlight(layout, [null, adam, null], mask)).toBe(2);
		expect([...mask]).toEqual([1, 0, 1]);
	});

	it('pixel brushes and value brushes convert both ways', () => {
		const rmse = layout.axes[2]!;
		const px = brushToPixels(rmse, { range: [12, 25] })!;
		const back = pixelsToBrush(rmse, px);
		expect('range' in back && back.range[0]).toBeCloseTo(12, 6);
		expect('range' in back && back.range[1]).toBeCloseTo(25, 6);
		const solver = layout.axes[1]!;
		expect(pixelsToBrush(solver, brushToPixels(solver, { values: ['sgd'] })!)).toEqual({
			values: ['sgd']
		});
		// A value brush on a categorical axis (stale URL) selects nothing rather than everything.
		expect(brushToPixels(solver, { range: [0, 1] })).toBeNull();
	});

	it('hover finds the line nearest the pointer, between axes too, and skips runs outside the brush', () => {
		const k = 3;
		const y = (run: number, axis: number) => layout.ys[run * k + axis]!;
		expect(nearestRun(layout, null, 60, y(2, 0))).toBe(2);
		// Between the first two axes (x 60 → 280), on run 1's line (runs 1 and 2 cross half-way).
		const t = (100 - 60) / 220;
		const on1 = y(1, 0) + t * (y(1, 1) - y(1, 0));
		expect(nearestRun(layout, null, 100, on1)).toBe(1);
		expect(nearestRun(layout, new Uint8Array([1, 0, 1]), 100, on1)).not.toBe(1);
		// Far from every line: nothing.
		expect(nearestRun(layout, null, 60, -100)).toBeNull();
		// Run 1 has no rmse: it has no line between the last two axes.
		expect(nearestRun(layout, new Uint8Array([0, 1, 0]), 450, y(1, 1))).toBeNull();
	});

	it('10,000 runs × 12 axes: one brush pass stays well inside a frame', () => {
		const n = 10_000;
		const big = Array.from({ length: 12 }, (_, a) => ({
			id: `m:k${a}`,
			label: `k${a}`,
			values: Array.from({ length: n }, (_, r) => Math.sin(r * (a + 1)))
		}));
		const l = buildLayout(big, 1200, 360, []);
		const mask = new Uint8Array(n);
		const extents = l.axes.map((_, a) => (a < 3 ? ([100, 250] as [number, number]) : null));
		const count = highlight(l, extents, mask);
		let expected = 0;
		for (let r = 0; r < n; r++)
			if ([0, 1, 2].every((a) => l.ys[r * 12 + a]! >= 100 && l.ys[r * 12 + a]! <= 250)) expected++;
		expect(count).toBe(expected);
	});
});
