// Many dots (10,000 runs in Compare) are drawn as one path per colour instead of a <circle> each, and hover finds
// the nearest dot; few dots stay circles (see the goldens).
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import ScatterChart from '$lib/charts/scatter/ScatterChart.svelte';
import ContourChart from '$lib/charts/contour/ContourChart.svelte';
import { DENSE_DOTS, dotPaths, nearestDot, type Dot } from '$lib/charts/common/dots';
import type { RunPoint } from '$lib/charts/common/types';

const point = (i: number): RunPoint => ({
	runId: i.toString(16).padStart(32, '0'),
	label: `run ${i}`,
	color: '#123456',
	x: i % 100,
	y: Math.floor(i / 100),
	z: i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b' : 'c'
});

describe('dense dots', () => {
	it('draws 2,500 scatter dots as one path per colour, every dot in it', () => {
		const points = Array.from({ length: 2_500 }, (_, i) => point(i));
		const { body } = render(ScatterChart, {
			props: { points, xLabel: 'x', yLabel: 'y', colorLabel: 'z' }
		});
		expect(body).not.toContain('<circle');
		const paths = [...body.matchAll(/<path class="dots[^"]*" d="([^"]*)" fill="([^"]*)"/g)];
		expect(paths).toHaveLength(3); // one per category colour
		expect(paths.reduce((n, m) => n + (m[1]!.match(/M/g)?.length ?? 0), 0)).toBe(2_500);
		expect(body).toContain('data-points="2500"');
	});

	it('keeps circles up to the threshold, for the contour chart too', () => {
		const few = Array.from({ length: DENSE_DOTS }, (_, i) => ({ ...point(i), z: i % 7 }));
		const { body } = render(ContourChart, { props: { points: few, xLabel: 'x', yLabel: 'y', zLabel: 'z' } });
		expect(body.match(/<circle/g)).toHaveLength(DENSE_DOTS);
		const many = Array.from({ length: DENSE_DOTS + 1 }, (_, i) => ({ ...point(i), z: i % 7 }));
		const dense = render(ContourChart, {
			props: { points: many, xLabel: 'x', yLabel: 'y', zLabel: 'z' }
		}).body;
		expect(dense).not.toContain('<circle');
	});

	it('finds the nearest dot within reach, and none beyond it', () => {
		const dots: Dot[] = [0, 10, 20].map((cx, i) => ({ cx, cy: 0, fill: '#000', p: point(i) }));
		expect(nearestDot(dots, 11, 1, 5)?.p.label).toBe('run 1');
		expect(nearestDot(dots, 15, 0, 4)).toBeNull();
		expect(dotPaths(dots, 2)).toEqual([
			{
				fill: '#000',
				d: 'M-2,0a2,2 0 1,0 4,0a2,2 0 1,0 -4,0M8,0a2,2 0 1,0 4,0a2,2 0 1,0 -4,0M18,0a2,2 0 1,0 4,0a2,2 0 1,0 -4,0'
			}
		]);
	});
});
