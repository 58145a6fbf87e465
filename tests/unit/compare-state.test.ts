import { describe, expect, it } from 'vitest';
import { decodeState, defaultState, encodeState, type CompareState } from '$lib/compare/state';
import { decodeUrl } from '$lib/compare/url';

const ids = (n: number) => Array.from({ length: n }, (_, i) => i.toString(16).padStart(32, 'a'));

describe('compare URL state', () => {
	it('a default view is only the run list', () => {
		const params = encodeState(defaultState(ids(3)));
		expect([...params.keys()]).toEqual(['runs']);
		expect(decodeState(params)).toEqual(defaultState(ids(3)));
	});

	it('round-trips every setting', () => {
		const state: CompareState = {
			runs: ids(5),
			baseline: ids(5)[2],
			diffOnly: true,
			line: {
				view: {
					xAxis: { kind: 'metric', key: 'epoch' },
					yScale: 'log',
					smoothing: 0.6,
					ignoreOutliers: true,
					xRange: [10, 250.5],
					aggregate: 'std'
				},
				groupBy: 'p:optimizer'
			},
			parallel: {
				axes: ['p:alpha', 'p:l1_ratio', 'm:rmse'],
				logAxes: ['p:alpha'],
				brushes: { 'm:rmse': { range: [50, 60] }, 'p:l1_ratio': { values: ['0.1', '0.5'] } },
				colorBy: 'm:r2'
			},
			charts: [
				{ type: 'scatter', x: 'p:alpha', y: 'm:rmse', color: 'p:l1_ratio' },
				{ type: 'contour', x: 'p:alpha', y: 'p:l1_ratio', z: 'm:rmse' },
				{ type: 'bar', metric: 'm:mae' },
				{ type: 'box', metric: 'm:rmse', groupBy: 'p:alpha' }
			]
		};
		const url = `https://example.test/compare/?${encodeState(state).toString()}`;
		const back = decodeState(new URL(url).searchParams);
		expect(back).toEqual(state);
		// An empty chart list (all removed) is not the same as "default charts".
		expect(decodeState(encodeState({ ...state, charts: [] })).charts).toEqual([]);
	});

	it('100 runs with a full view fit a short URL', () => {
		const state = defaultState(ids(100));
		state.charts = [{ type: 'scatter', x: 'p:alpha', y: 'm:rmse' }];
		state.parallel.brushes = { 'm:rmse': { range: [1, 2] } };
		const query = encodeState(state).toString();
		expect(query.length).toBeLessThan(3_700);
	});

	it('damaged or hostile input falls back to defaults without throwing', () => {
		expect(decodeState(new URLSearchParams('runs=abc,<script>,def&v=%%%'))).toEqual(
			defaultState(['abc', 'def'])
		);
		expect(decodeState(new URLSearchParams('v=' + 'A'.repeat(30_000))).charts).toBeNull();
		// JSON that is valid but has the wrong shapes: ignored field by field.
		const weird = encodeState({
			...defaultState(['r1']),
			charts: [{ type: 'bar', metric: 'm:x' }]
		});
		const tampered = new URLSearchParams(weird);
		expect(decodeState(tampered).charts).toEqual([{ type: 'bar', metric: 'm:x' }]);
	});

	it('a param named __proto__ stays data in the brushes', () => {
		const state = defaultState(['r1']);
		state.parallel.brushes = JSON.parse('{"p:__proto__": {"values": ["x"]}, "__proto__": {"range": [1, 2]}}');
		const back = decodeState(encodeState(state));
		expect(Object.keys(back.parallel.brushes).sort()).toEqual(['__proto__', 'p:__proto__']);
		expect(({} as Record<string, unknown>).range).toBeUndefined();
	});

	it('each chart entry is read by its kind: unknown kinds, missing fields and extra keys are dropped', () => {
		const entries = [
			{ type: 'scatter', x: 'p:a' },
			{ type: '__proto__', metric: 'm:x' },
			{ type: 'bar', metric: 'm:x', extra: 1 },
			{ type: 'scatter', x: 'p:a', y: 'm:b', color: 5 },
			{ type: 'box', metric: 'm:x', groupBy: null },
			'bar'
		];
		const params = encodeState({
			...defaultState(['r1']),
			charts: entries as unknown as CompareState['charts']
		});
		expect(decodeState(params).charts).toEqual([
			{ type: 'bar', metric: 'm:x' },
			{ type: 'scatter', x: 'p:a', y: 'm:b' }
		]);
		// The format alone (no kinds, no Svelte) reads everything but the charts.
		expect(decodeUrl(params)).toEqual({ ...defaultState(['r1']), charts: null });
	});
});
