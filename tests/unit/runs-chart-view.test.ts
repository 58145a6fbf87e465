import { expect, it } from 'vitest';
import { CHART_RUNS, chartPlan, chartRunsWindow, DEFAULT_METRICS } from '$lib/components/runs/chart-view';

const shapes = Array.from({ length: 20 }, (_, i) => ({
	key: `m${String(i).padStart(2, '0')}`,
	runs: 3,
	maxPoints: i % 2 === 0 ? 100 : 1
}));

it('draws histories as line charts and single values as bar charts, the first metrics unless picked', () => {
	const plan = chartPlan(shapes, null);
	expect(plan).toHaveLength(DEFAULT_METRICS);
	expect(plan.slice(0, 2)).toEqual([
		{ key: 'm00', kind: 'line' },
		{ key: 'm01', kind: 'bar' }
	]);
	expect(chartPlan(shapes, ['m19', 'nope', 'm02'])).toEqual([
		{ key: 'm02', kind: 'line' },
		{ key: 'm19', kind: 'bar' }
	]);
	expect(chartPlan(shapes, [])).toEqual([]);
});

it('asks for enough rows to skip the hidden runs, or pins the only ones shown', () => {
	expect(chartRunsWindow({ mode: 'hide', ids: ['a', 'b'] }, ['p'])).toEqual({
		pinned: ['p'],
		offset: 0,
		limit: CHART_RUNS + 2
	});
	expect(chartRunsWindow({ mode: 'hide', ids: Array.from({ length: 1000 }, String) }, []).limit).toBe(1000);
	expect(chartRunsWindow({ mode: 'only', ids: ['x'] }, ['p'])).toEqual({
		pinned: ['x'],
		offset: 0,
		limit: CHART_RUNS
	});
});
