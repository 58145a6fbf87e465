import { describe, expect, it } from 'vitest';
import { fakeRun } from './fake-run';
import { buildColumns, columnId, sortRuns } from '$lib/components/runs/columns';
import type { Run } from '$lib/model/types';

function run(id: string, rmse: number | undefined, alpha: string | undefined, start: number | null): Run {
	return fakeRun({
		runId: id.padEnd(32, '0'),
		runName: id,
		startTime: start,
		endTime: start === null ? null : start + 10,
		params: alpha === undefined ? {} : { alpha },
		metrics: rmse === undefined ? {} : { rmse }
	});
}

const runs = [
	run('a', 3, '0.5', 3),
	run('b', undefined, '10', 1),
	run('c', NaN, '2', null),
	run('d', 1, undefined, 2)
];
const columns = buildColumns(runs);
const names = (sorted: Run[]) => sorted.map((r) => r.info.runName);

describe('runs table sorting', () => {
	it('has a column per param and per metric after the attributes', () => {
		expect(columns.map(columnId)).toEqual([
			'runName',
			'status',
			'startTime',
			'duration',
			'param:alpha',
			'metric:rmse'
		]);
	});

	it('sorts numbers numerically both ways with missing values (and NaN) last', () => {
		expect(names(sortRuns(runs, columns, { column: 'metric:rmse', descending: false }))).toEqual([
			'd',
			'a',
			'c',
			'b'
		]);
		expect(names(sortRuns(runs, columns, { column: 'metric:rmse', descending: true }))).toEqual([
			'a',
			'd',
			'c',
			'b'
		]);
	});

	it('sorts numeric-looking params as numbers, missing last', () => {
		expect(names(sortRuns(runs, columns, { column: 'param:alpha', descending: false }))).toEqual([
			'a',
			'c',
			'b',
			'd'
		]);
		expect(names(sortRuns(runs, columns, { column: 'param:alpha', descending: true }))).toEqual([
			'b',
			'c',
			'a',
			'd'
		]);
	});

	it('sorts by start time with runs that never started last', () => {
		expect(names(sortRuns(runs, columns, { column: 'startTime', descending: true }))).toEqual([
			'a',
			'd',
			'b',
			'c'
		]);
	});
});
