// Golden tests: each Compare chart kind of the registry (src/lib/compare/kinds/index.ts) rendered the way its
// card renders it (the kind's view of fixed runs, through Svelte's server renderer, no browser), normalised, and
// compared with the SVG committed as tests/goldens/compare/<kind>.svg. A kind without a fixture here or without
// a golden file fails. After an intended change to a chart (or for a new kind):
// `UPDATE_GOLDENS=1 npx vitest run tests/unit/chart-goldens.test.ts`, then look at the new SVGs before committing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { fakeRun } from './fake-run';
import type { Run } from '$lib/model/types';
import { runColor } from '$lib/charts/palette';
import { FieldTable } from '$lib/compare/fields';
import { CHART_KINDS, chartKind, type ChartSpec, type ChartType } from '$lib/compare/kinds';
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

function run(k: number, name: string, params: Record<string, string>, metrics: Record<string, number>): Run {
	return fakeRun({ runId: `run${String(k).padStart(2, '0')}`, runName: name, params, metrics });
}

// A deterministic sweep: alpha × l1_ratio → rmse, with one run (k = 5) lacking rmse and a categorical solver.
const ALPHAS = [0.01, 0.1, 0.5, 1];
const RATIOS = [0.1, 0.5, 0.9];
const rmse = (alpha: number, ratio: number) =>
	Number((50 + 20 * alpha + 5 * ratio - 3 * alpha * ratio).toFixed(3));
const sweep = (override: (k: number) => number | null = () => null): Run[] =>
	ALPHAS.flatMap((alpha, i) =>
		RATIOS.map((ratio, j) => {
			const k = i * RATIOS.length + j;
			const value = override(k) ?? rmse(alpha, ratio);
			const params = { alpha: String(alpha), l1_ratio: String(ratio), solver: j % 2 === 0 ? 'adam' : 'sgd' };
			return run(k, `alpha=${alpha} l1=${ratio}`, params, k === 5 ? {} : { rmse: value });
		})
	);

/** Runs grouped by alpha, each group's rmse values as listed (in this order). */
function grouped(groups: [alpha: string, values: number[]][]): Run[] {
	return groups
		.flatMap(([alpha, values]) => values.map((v) => ({ alpha, v })))
		.map(({ alpha, v }, k) => run(k, `run ${k}`, { alpha }, { rmse: v }));
}

interface Fixture<S extends ChartSpec> {
	what: string;
	spec: S;
	runs: Run[];
	/** What the SVG must show besides matching its golden. */
	check(svg: string): void;
}

// Every kind needs an entry (the type says so, and the test below fails at run time for one without).
const FIXTURES: { [T in ChartType]: Fixture<Extract<ChartSpec, { type: T }>> } = {
	scatter: {
		what: 'numeric axes, coloured by a category',
		spec: { type: 'scatter', x: 'p:alpha', y: 'm:rmse', color: 'p:solver' },
		runs: sweep(),
		// The run without rmse has no dot.
		check: (svg) => expect(svg.match(/<circle/g)).toHaveLength(11)
	},
	contour: {
		what: 'isobands of z over x × y with the runs on top',
		spec: { type: 'contour', x: 'p:alpha', y: 'p:l1_ratio', z: 'm:rmse' },
		runs: sweep(),
		check(svg) {
			expect(svg.match(/class="band"/g)).toHaveLength(8);
			expect(svg.match(/class="dot"/g)).toHaveLength(11);
		}
	},
	bar: {
		what: 'one bar per run with a finite value, labelled with its value',
		spec: { type: 'bar', metric: 'm:rmse' },
		runs: sweep((k) => (k === 6 ? NaN : k === 7 ? -4 : null)).slice(0, 8),
		check: (svg) => expect(svg.match(/<rect/g)).toHaveLength(6)
	},
	box: {
		what: 'quartiles, whiskers and outliers per group',
		spec: { type: 'box', metric: 'm:rmse', groupBy: 'p:alpha' },
		runs: grouped([
			['0.5', [1, 2, 3, 4, 5, 6, 7, 8, 30]],
			['0.1', [3, 3.5, 4, 6]],
			['1', [2]]
		]),
		check(svg) {
			expect(svg.match(/class="outlier"/g)).toHaveLength(1);
			// Groups sorted numerically: 0.1, 0.5, 1.
			expect([...svg.matchAll(/data-group="([^"]+)"/g)].map((m) => m[1])).toEqual(['0.1', '0.5', '1']);
		}
	}
};

describe('chart goldens', () => {
	it.each(CHART_KINDS.map((kind) => kind.id))('%s: the kind’s chart of fixed runs', (id) => {
		const fixture: Fixture<ChartSpec> | undefined = FIXTURES[id];
		if (!fixture) throw new Error(`The chart kind "${id}" has no golden fixture in this file.`);
		const view = chartKind(id).view(
			fixture.spec,
			new FieldTable(fixture.runs),
			fixture.runs.map((_, i) => runColor(i))
		);
		expect(view.empty, fixture.what).toBe('');
		const svg = compareGolden(`${id}.svg`, normalise(render(view.component, { props: view.props }).body));
		fixture.check(svg);
	});

	it('parallel coordinates: axes, ticks and every run’s pixel y (the canvas draws exactly these)', () => {
		const table = new FieldTable(sweep());
		const layout = buildLayout(
			[
				{ id: 'p:alpha', label: 'param alpha', values: table.numbers('p:alpha') },
				{ id: 'p:solver', label: 'param solver', values: table.values('p:solver') },
				{ id: 'm:rmse', label: 'metric rmse', values: table.numbers('m:rmse') }
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
