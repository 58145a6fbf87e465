import { describe, expect, it } from 'vitest';
import { fakeRun } from './fake-run';
import type { Run } from '$lib/model/types';
import { FieldTable, asNumber } from '$lib/compare/fields';
import { compareRows, delta, formatDelta, valuesDiffer } from '$lib/compare/table';
import { boxStats, groupBy, groupStats } from '$lib/compare/stats';
import { defaultCharts, newChart } from '$lib/compare/kinds';
import { boxGroups } from '$lib/compare/kinds/box';
import { runPoints } from '$lib/compare/kinds/points';
import { sharedMetricKeys } from '$lib/compare/line-keys';
import { contourBands } from '$lib/charts/contour/interpolate';

function run(
	id: string,
	params: Record<string, string>,
	metrics: Record<string, number>,
	tags: Record<string, string> = {}
): Run {
	return fakeRun({ runId: id, runName: `run-${id}`, params, metrics, tags });
}

const runs = [
	run('a', { alpha: '0.1', solver: 'adam', seed: '1' }, { rmse: 10, r2: 0.5 }, { team: 'x' }),
	run('b', { alpha: '0.5', solver: 'sgd', seed: '1' }, { rmse: 12, r2: 0.5 }, { team: 'x' }),
	run(
		'c',
		{ alpha: '1', solver: 'adam', seed: '1' },
		{ rmse: NaN },
		{ team: 'x', 'mlflow.note.content': 'hi' }
	)
];
const table = new FieldTable(runs);

describe('fields', () => {
	it('indexes params, metrics and tags; numeric when every present value parses', () => {
		expect(table.fields.map((f) => `${f.id}${f.numeric ? '#' : ''}`)).toEqual([
			'p:alpha#',
			'p:seed#',
			'p:solver',
			'm:r2#',
			'm:rmse#',
			't:mlflow.note.content',
			't:team'
		]);
		expect(table.numbers('p:alpha')).toEqual([0.1, 0.5, 1]);
		expect(table.values('m:r2')).toEqual([0.5, 0.5, null]);
		expect(asNumber('1e-3')).toBe(0.001);
		expect(asNumber(' ')).toBeNull();
		expect(asNumber('inf')).toBeNull();
	});
});

describe('compare table', () => {
	it('differences only keeps rows where some run differs, a missing value included', () => {
		const all = compareRows(table, 'p', false).map((r) => r.key);
		expect(all).toEqual(['alpha', 'seed', 'solver']);
		expect(compareRows(table, 'p', true).map((r) => r.key)).toEqual(['alpha', 'solver']);
		// r2 is 0.5, 0.5 and missing: it differs. rmse has a NaN: NaN equals NaN only to itself.
		expect(compareRows(table, 'm', true).map((r) => r.key)).toEqual(['r2', 'rmse']);
		expect(valuesDiffer([NaN, NaN])).toBe(false);
		// The note tag has its own place on the run page.
		expect(compareRows(table, 't', false).map((r) => r.key)).toEqual(['team']);
		expect(compareRows(table, 't', true)).toEqual([]);
	});

	it('deltas against a baseline, absolute and relative', () => {
		expect(delta(12, 10)).toEqual({ absolute: 2, relative: 0.2 });
		expect(delta('0.5', '0.1')?.absolute).toBeCloseTo(0.4);
		expect(delta(3, 0)).toEqual({ absolute: 3, relative: null });
		expect(delta('adam', 'sgd')).toBeNull();
		expect(delta(NaN, 1)).toBeNull();
		expect(delta(null, 1)).toBeNull();
		expect(formatDelta({ absolute: 2, relative: 0.2 })).toBe('+2 (+20.0%)');
		expect(formatDelta({ absolute: -0.5, relative: -0.25 })).toBe('−0.5 (−25.0%)');
		expect(formatDelta({ absolute: 1e-7, relative: null })).toBe('+1.00e-7');
	});
});

describe('statistics', () => {
	it('box plot: quartiles (linear interpolation), whiskers at 1.5 IQR, outliers beyond', () => {
		const s = boxStats([1, 2, 3, 4, 5, 6, 7, 8, 100, NaN, Infinity])!;
		expect(s.n).toBe(9);
		expect([s.q1, s.median, s.q3]).toEqual([3, 5, 7]);
		// Fences: 3 − 6 = −3 and 7 + 6 = 13.
		expect([s.whiskerLow, s.whiskerHigh]).toEqual([1, 8]);
		expect(s.outliers).toEqual([100]);
		expect(boxStats([NaN])).toBeNull();
		const one = boxStats([4])!;
		expect([one.q1, one.median, one.q3, one.whiskerLow, one.whiskerHigh]).toEqual([4, 4, 4, 4, 4]);
	});

	it('group statistics: mean, min, max, population std', () => {
		expect(groupStats([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, min: 2, max: 9, std: 2 });
		expect(groupStats([3])).toEqual({ n: 1, mean: 3, min: 3, max: 3, std: 0 });
		expect(groupStats([NaN, -Infinity])).toBeNull();
		const big = groupStats(Array.from({ length: 300_000 }, (_, i) => i))!;
		expect(big.max).toBe(299_999);
	});

	it('groups by a key in first-seen order, missing keys together', () => {
		const g = groupBy(['a1', 'b1', 'a2', 'x'], (s) => (s === 'x' ? null : s[0]!));
		expect([...g]).toEqual([
			['a', ['a1', 'a2']],
			['b', ['b1']],
			['(none)', ['x']]
		]);
	});

	it('box groups of a metric by a param value', () => {
		const groups = boxGroups(table, 'm:rmse', 'p:solver');
		// run c (adam) has a NaN rmse: it drops out of the adam group.
		expect(groups.map((g) => [g.label, g.stats.n, g.stats.median])).toEqual([
			['adam', 1, 10],
			['sgd', 1, 12]
		]);
	});
});

describe('chart data', () => {
	it('one point per run with numbers for numeric fields and text otherwise', () => {
		const points = runPoints(table, ['red', 'green', 'blue'], { x: 'p:alpha', y: 'm:rmse', z: 'p:solver' });
		expect(points.map((p) => [p.runId, p.x, p.y, p.z, p.color])).toEqual([
			['a', 0.1, 10, 'adam', 'red'],
			['b', 0.5, 12, 'sgd', 'green'],
			['c', 1, NaN, 'adam', 'blue']
		]);
	});

	it('default charts read the sweep: param vs the metric most runs have, bar, box, contour', () => {
		// rmse is logged by 3 runs, r2 by 2: rmse comes first although r2 sorts first.
		expect(defaultCharts(table)).toEqual([
			{ type: 'scatter', x: 'p:alpha', y: 'm:rmse', color: 'p:seed' },
			{ type: 'bar', metric: 'm:rmse' },
			{ type: 'box', metric: 'm:rmse', groupBy: 'p:alpha' },
			{ type: 'contour', x: 'p:alpha', y: 'p:seed', z: 'm:rmse' }
		]);
		expect(defaultCharts(new FieldTable([]))).toEqual([]);
	});

	it('an added chart is the default of its kind, else any fields that fit, else none', () => {
		expect(newChart('contour', table)).toEqual({ type: 'contour', x: 'p:alpha', y: 'p:seed', z: 'm:rmse' });
		const noMetrics = new FieldTable(runs.map((r) => ({ ...r, data: { ...r.data, metrics: [] } })));
		expect(newChart('scatter', noMetrics)).toEqual({ type: 'scatter', x: 'p:alpha', y: 'p:seed' });
		expect(['contour', 'bar', 'box'].map((t) => newChart(t as 'bar', noMetrics))).toEqual([null, null, null]);
	});

	it('shared metric keys: logged by two runs or more', () => {
		expect(sharedMetricKeys(runs)).toEqual(['r2', 'rmse']);
		expect(sharedMetricKeys([runs[2]!])).toEqual(['rmse']);
	});

	it('contours need three spread points; the grid matches the data at the points', () => {
		expect(contourBands([{ x: 0, y: 0, z: 1 }])).toBeNull();
		expect(
			contourBands([
				{ x: 1, y: 0, z: 1 },
				{ x: 1, y: 1, z: 2 },
				{ x: 1, y: 2, z: 3 }
			])
		).toBeNull();
		const result = contourBands([
			{ x: 0, y: 0, z: 0 },
			{ x: 1, y: 0, z: 1 },
			{ x: 0, y: 1, z: 1 },
			{ x: 1, y: 1, z: 2 }
		])!;
		expect(result.zMin).toBe(0);
		expect(result.zMax).toBe(2);
		expect(result.bands).toHaveLength(8);
		// The lowest band covers the whole grid.
		expect(result.bands[0]!.coordinates.length).toBeGreaterThan(0);
	});
});
