// The runs table's view as data: default columns, sort toggling, the URL form, stored choices, and which rows and
// columns a scroll position puts in the DOM.
import { describe, expect, it } from 'vitest';
import type { RunColumns } from '$lib/api/db-api';
import {
	columnLabel,
	columnsFromUrl,
	decodeSort,
	DEFAULT_SORT,
	defaultColumns,
	encodeSort,
	loadStoredColumns,
	storeColumns,
	tableSearch,
	toggleSort
} from '$lib/components/runs/table-view';
import { columnWindow, rowWindow } from '$lib/components/runs/virtual-window';

const keys = (params: number, metrics: number): RunColumns => ({
	runs: 1,
	params: Array.from({ length: params }, (_, i) => ({ key: `p${i}`, count: -1 })),
	metrics: Array.from({ length: metrics }, (_, i) => ({ key: `m${i}`, count: -1 })),
	tags: [{ key: 'team', count: -1 }],
	datasets: []
});

describe('default columns', () => {
	it('shows params then metrics when there are few params', () => {
		expect(defaultColumns(keys(2, 2))).toEqual([
			'status',
			'startTime',
			'duration',
			'param:p0',
			'param:p1',
			'metric:m0',
			'metric:m1'
		]);
	});
	it('shows a column per dataset context after the attributes', () => {
		const withInputs = {
			...keys(1, 1),
			datasets: [
				{ key: '', count: -1 },
				{ key: 'train', count: -1 }
			]
		};
		expect(defaultColumns(withInputs)).toEqual([
			'status',
			'startTime',
			'duration',
			'dataset:',
			'dataset:train',
			'param:p0',
			'metric:m0'
		]);
		expect(columnLabel('dataset:')).toBe('no context');
		expect(columnLabel('dataset:train')).toBe('train');
	});
	it('puts metrics first and cuts both groups when there are many params', () => {
		const columns = defaultColumns(keys(2_000, 30));
		expect(columns.slice(3, 5)).toEqual(['metric:m0', 'metric:m1']);
		expect(columns.filter((c) => c.startsWith('metric:'))).toHaveLength(12);
		expect(columns.filter((c) => c.startsWith('param:'))).toHaveLength(12);
		expect(columns.indexOf('metric:m11')).toBeLessThan(columns.indexOf('param:p0'));
	});
});

describe('sort', () => {
	it('click sorts by one column and flips it; shift-click adds and flips a next key', () => {
		let s = toggleSort(DEFAULT_SORT, 'metric:loss', false);
		expect(s).toEqual([{ column: 'metric:loss', descending: false }]);
		s = toggleSort(s, 'metric:loss', false);
		expect(s).toEqual([{ column: 'metric:loss', descending: true }]);
		s = toggleSort(s, 'param:lr', true);
		expect(s).toEqual([
			{ column: 'metric:loss', descending: true },
			{ column: 'param:lr', descending: false }
		]);
		s = toggleSort(s, 'param:lr', true);
		expect(s[1]).toEqual({ column: 'param:lr', descending: true });
		expect(toggleSort(s, 'param:lr', false)).toEqual([{ column: 'param:lr', descending: false }]);
	});
	it('round-trips through the URL, keys with colons and spaces included', () => {
		const terms = [
			{ column: 'metric:val: loss', descending: true },
			{ column: 'param:a b', descending: false }
		];
		const search = tableSearch({ filter: "params.a = 'x'", sort: terms, columns: null });
		const params = new URLSearchParams(search);
		expect(params.get('filter')).toBe("params.a = 'x'");
		expect(decodeSort(params.getAll('sort'))).toEqual(terms);
		expect(encodeSort(terms)).toEqual(['-metric:val: loss', 'param:a b']);
		expect(decodeSort([])).toEqual(DEFAULT_SORT);
		expect(tableSearch({ filter: '', sort: DEFAULT_SORT, columns: null })).toBe('');
	});
});

describe('chosen columns', () => {
	it('live in the URL, an empty choice too', () => {
		const columns = ['metric:loss', 'tag:team'];
		expect(
			columnsFromUrl(new URLSearchParams(tableSearch({ filter: '', sort: DEFAULT_SORT, columns })))
		).toEqual(columns);
		expect(columnsFromUrl(new URLSearchParams('cols=1'))).toEqual([]);
		expect(columnsFromUrl(new URLSearchParams('filter=x'))).toBeNull();
	});
	it('are remembered per experiment; bad stored data is ignored', () => {
		const store = new Map<string, string>();
		const storage = {
			getItem: (k: string) => store.get(k) ?? null,
			setItem: (k: string, v: string) => void store.set(k, v),
			removeItem: (k: string) => void store.delete(k)
		};
		storeColumns('4', ['metric:loss'], storage);
		expect(loadStoredColumns('4', storage)).toEqual(['metric:loss']);
		expect(loadStoredColumns('5', storage)).toBeNull();
		store.set('runboard.columns.6', '{not json');
		expect(loadStoredColumns('6', storage)).toBeNull();
		store.set('runboard.columns.7', '[1,2]');
		expect(loadStoredColumns('7', storage)).toBeNull();
		storeColumns('4', null, storage);
		expect(loadStoredColumns('4', storage)).toBeNull();
	});
});

describe('virtual windows', () => {
	it('renders the rows in view plus a margin, never past the ends', () => {
		expect(rowWindow(0, 340, 34, 100_000, 10)).toEqual({ start: 0, end: 20 });
		expect(rowWindow(34 * 5_000, 340, 34, 100_000, 10)).toEqual({ start: 4_990, end: 5_020 });
		expect(rowWindow(34 * 99_999, 340, 34, 100_000, 10)).toEqual({ start: 99_989, end: 100_000 });
		expect(rowWindow(0, 340, 34, 3, 10)).toEqual({ start: 0, end: 3 });
		expect(rowWindow(500, 340, 34, 0, 10)).toEqual({ start: 0, end: 0 });
	});
	it('renders the columns in view of 2,000, with spacers for the rest', () => {
		const widths = Array.from({ length: 2_000 }, () => 100);
		const w = columnWindow(widths, 50_000, 1_000, 400);
		expect(w.start).toBe(496);
		expect(w.end).toBe(514);
		expect(w.before).toBe(49_600);
		expect(w.before + (w.end - w.start) * 100 + w.after).toBe(200_000);
		expect(columnWindow(widths, 0, 1_000, 400)).toMatchObject({ start: 0, before: 0 });
		expect(columnWindow([], 0, 1_000)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
	});
});
