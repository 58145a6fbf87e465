import { describe, expect, it } from 'vitest';
import { DEFAULT_SORT, tableSearch } from '$lib/components/runs/table-view';
import {
	ALL_VISIBLE,
	hidesAny,
	isVisible,
	showOnly,
	toggleVisible,
	visibilityFromUrl,
	visibleRuns
} from '$lib/components/runs/visibility';

const id = (n: number) => n.toString(16).padStart(32, '0');
const url = (visibility: Parameters<typeof tableSearch>[0]['visibility'], charts = false) =>
	new URLSearchParams(tableSearch({ filter: '', sort: DEFAULT_SORT, columns: null, visibility, charts }));

describe('shown and hidden runs', () => {
	it('hidden runs live in the URL as repeated hide=, beside the rest of the view', () => {
		const hidden = { mode: 'hide' as const, ids: [id(1), id(2)] };
		const params = new URLSearchParams(
			tableSearch({ filter: 'x', sort: DEFAULT_SORT, columns: null, pinned: [id(3)], visibility: hidden })
		);
		expect(params.getAll('hide')).toEqual([id(1), id(2)]);
		expect(params.getAll('pin')).toEqual([id(3)]);
		expect(visibilityFromUrl(params)).toEqual(hidden);
		expect(tableSearch({ filter: '', sort: DEFAULT_SORT, columns: null, visibility: ALL_VISIBLE })).toBe('');
	});

	it('"show only selected" is only=, an empty choice too; the chart view is view=charts', () => {
		const only = showOnly([id(5), id(6)]);
		expect(url(only).getAll('only')).toEqual([id(5), id(6)]);
		expect(visibilityFromUrl(url(only))).toEqual(only);
		const none = showOnly([]);
		expect(visibilityFromUrl(url(none))).toEqual({ mode: 'only', ids: [] });
		expect(url(ALL_VISIBLE, true).get('view')).toBe('charts');
	});

	it('ignores what is not a run id, repeats, and more than 1,000 ids', () => {
		const params = new URLSearchParams();
		for (const v of [
			id(1),
			id(1),
			'<script>',
			'',
			'ABC',
			...Array.from({ length: 1200 }, (_, i) => id(i + 2))
		])
			params.append('hide', v);
		const visibility = visibilityFromUrl(params);
		expect(visibility.ids[0]).toBe(id(1));
		expect(visibility.ids).toHaveLength(1000);
		expect(new Set(visibility.ids).size).toBe(1000);
	});

	it('the eye toggle hides a shown run and shows a hidden one, in either form', () => {
		const hidden = toggleVisible(ALL_VISIBLE, id(1));
		expect(isVisible(hidden, id(1))).toBe(false);
		expect(isVisible(hidden, id(2))).toBe(true);
		expect(hidesAny(hidden)).toBe(true);
		expect(toggleVisible(hidden, id(1))).toEqual(ALL_VISIBLE);
		expect(hidesAny(ALL_VISIBLE)).toBe(false);

		const only = showOnly([id(1)]);
		expect(isVisible(only, id(1))).toBe(true);
		expect(isVisible(only, id(2))).toBe(false);
		expect(isVisible(toggleVisible(only, id(2)), id(2))).toBe(true);
		expect(isVisible(toggleVisible(only, id(1)), id(1))).toBe(false);
	});

	it('keeps the visible runs in order, up to a limit', () => {
		const rows = [1, 2, 3, 4, 5].map((n) => ({ runId: id(n) }));
		const visibility = { mode: 'hide' as const, ids: [id(2), id(4)] };
		expect(visibleRuns(visibility, rows, 10).map((r) => r.runId)).toEqual([id(1), id(3), id(5)]);
		expect(visibleRuns(visibility, rows, 2).map((r) => r.runId)).toEqual([id(1), id(3)]);
	});
});
