// Golden tests: each compare chart rendered (Svelte's server renderer, no browser) on fixed data, normalised,
// and compared with the SVG committed under tests/goldens/compare/. After an intended change to a chart:
// `UPDATE_GOLDENS=1 npx vitest run tests/unit/chart-goldens.test.ts`, then look at the new SVGs before committing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'svelte/server';
import type { Component } from 'svelte';
import { describe, expect, it } from 'vitest';
import ScatterChart from '$lib/charts/scatter/ScatterChart.svelte';
import BarChart from '$lib/charts/bar/BarChart.svelte';
import BoxChart from '$lib/charts/box/BoxChart.svelte';
import ContourChart from '$lib/charts/contour/ContourChart.svelte';
import type { RunPoint } from '$lib/charts/common/types';
import { runColor } from '$lib/charts/palette';
import { boxStats } from '$lib/compare/stats';
import { buildLayout } from '$lib/charts/parallel/layout';
import { axisTicks } from '$lib/charts/common/scales';

const DIR = join(import.meta.dirname, '..', 'goldens', 'compare');
const UPDATE = process.env.UPDATE_GOLDENS === '1';

/** The chart's <svg> alone, without Svelte's markers and scoped class hashes, one element per line. */
function normalise(html: string): string {
	const svg = html.match(/<svg[\s\S]*<\/svg>/)?.[0];
	if (!svg) throw new Error('no <svg> rendered');
	return (
		svg
			.replace(/<!--[\s\S]*?-->/g, '')
			.replace(/\s*svelte-[a-z0-9]+/g, '')
			.replace(/ class=""/g, '')
			.replace(/<svg /, '<svg xmlns="http://www.w3.org/2000/svg" ')
			.replace(/>\s*</g, '>\n<')
			.trim() + '\n'
	);
}

function golden<P extends Record<string, unknown>>(name: string, component: Component<P>, props: P) {
	return compareGolden(`${name}.svg`, normalise(render(component, { props }).body));
}

function compareGolden(name: string, actual: string): string {
	const file = join(DIR, name);
	if (UPDATE) {
		mkdirSync(DIR, { recursive: true });
		writeFileSync(file, actual);
	}
	if (!existsSync(file)) throw new Error(`No golden ${file}: run with UPDATE_GOLDENS=1 to create it.`);
	expect(actual).toBe(readFileSync(file, 'utf8'));
	return actual;
}

// A deterministic sweep: alpha × l1_ratio → rmse, with one run lacking rmse and a categorical solver.
const ALPHAS = [0.01, 0.1, 0.5, 1];
const RATIOS = [0.1, 0.5, 0.9];
const points: RunPoint[] = ALPHAS.flatMap((alpha, i) =>
	RATIOS.map((ratio, j) => {
		const k = i * RATIOS.length + j;
		return {
			runId: `run${String(k).padStart(2, '0')}`,
			label: `alpha=${alpha} l1=${ratio}`,
			color: runColor(k),
			x: alpha,
			y: k === 5 ? null : Number((50 + 20 * alpha + 5 * ratio - 3 * alpha * ratio).toFixed(3)),
			z: j % 2 === 0 ? 'adam' : 'sgd'
		};
	})
);

describe('chart goldens', () => {
	it('scatter: numeric axes, coloured by a category', () => {
		const svg = golden('scatter', ScatterChart, {
			points,
			xLabel: 'param alpha',
			yLabel: 'metric rmse',
			colorLabel: 'param solver'
		});
		// The run without rmse has no dot.
		expect(svg.match(/<circle/g)).toHaveLength(11);
	});

	it('bar: one bar per run with a finite value, labelled with its value', () => {
		const svg = golden('bar', BarChart, {
			points: [...points.slice(0, 6), { ...points[6]!, y: NaN }, { ...points[7]!, y: -4 }],
			valueLabel: 'metric rmse'
		});
		expect(svg.match(/<rect/g)).toHaveLength(6);
	});

	it('box: quartiles, whiskers and outliers per group', () => {
		const groups = [
			{ label: '0.5', stats: boxStats([1, 2, 3, 4, 5, 6, 7, 8, 30])! },
			{ label: '0.1', stats: boxStats([3, 3.5, 4, 6])! },
			{ label: '1', stats: boxStats([2])! }
		];
		const svg = golden('box', BoxChart, { groups, valueLabel: 'metric rmse', groupLabel: 'param alpha' });
		expect(svg.match(/class="outlier"/g)).toHaveLength(1);
		// Groups sorted numerically: 0.1, 0.5, 1.
		expect([...svg.matchAll(/data-group="([^"]+)"/g)].map((m) => m[1])).toEqual(['0.1', '0.5', '1']);
	});

	it('contour: isobands of z over x × y with the runs on top', () => {
		const svg = golden('contour', ContourChart, {
			points: points.map((p, k) => ({ ...p, y: RATIOS[k % 3]!, z: p.y })),
			xLabel: 'param alpha',
			yLabel: 'param l1_ratio',
			zLabel: 'metric rmse'
		});
		expect(svg.match(/class="band"/g)).toHaveLength(8);
		expect(svg.match(/class="dot"/g)).toHaveLength(11);
	});

	it('parallel coordinates: axes, ticks and every run’s pixel y (the canvas draws exactly these)', () => {
		const layout = buildLayout(
			[
				{ id: 'p:alpha', label: 'param alpha', values: points.map((p) => p.x) },
				{ id: 'p:solver', label: 'param solver', values: points.map((p) => p.z ?? null) },
				{ id: 'm:rmse', label: 'metric rmse', values: points.map((p) => p.y) }
			],
			640,
			360,
			['p:alpha']
		);
		const text = JSON.stringify(
			{
				axes: layout.axes.map((a) => ({
					id: a.id,
					x: a.x,
					ticks: axisTicks(a.scale).map((t) => [Math.round(t.position * 10) / 10, t.label])
				})),
				ys: Array.from(layout.ys, (y) => (Number.isNaN(y) ? null : Math.round(y * 10) / 10))
			},
			null,
			1
		);
		compareGolden('parallel-layout.json', `${text}\n`);
		expect(layout.ys.filter(Number.isNaN)).toHaveLength(1);
	});
});
