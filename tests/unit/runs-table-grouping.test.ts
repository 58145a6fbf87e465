// The runs table's grouping and nesting in the URL: group column, open groups (the "(none)" group and values that
// look like the markers), expanded parents, "all but", toggles, and the request parts they make.
import { describe, expect, it } from 'vitest';
import {
	expandedFromUrl,
	groupFromUrl,
	groupingRequest,
	isOpenIn,
	nestingRequest,
	openGroupsFromUrl,
	toggleOpen
} from '$lib/components/runs/table-grouping';
import { DEFAULT_SORT, tableSearch } from '$lib/components/runs/table-view';

const RUN = 'a'.repeat(32);
const url = (search: string) => new URLSearchParams(search);
const base = { filter: '', sort: DEFAULT_SORT, columns: null };

describe('grouping in the URL', () => {
	it('round-trips the group column and open groups, (none) and marker-like values included', () => {
		const openGroups = { all: false, list: ['0.1', null, '*', '-', '\\x', 'a&b=c'] };
		const search = tableSearch({ ...base, groupBy: 'param:lr', openGroups });
		expect(search).toContain('group=param%3Alr');
		expect(groupFromUrl(url(search))).toBe('param:lr');
		expect(openGroupsFromUrl(url(search))).toEqual(openGroups);
	});

	it('writes "all but" as * followed by the exceptions', () => {
		const search = tableSearch({ ...base, groupBy: 'tag:team', openGroups: { all: true, list: ['x'] } });
		expect(search).toBe('?group=tag%3Ateam&open=*&open=x');
		const set = openGroupsFromUrl(url(search));
		expect([isOpenIn(set, 'x'), isOpenIn(set, 'y'), isOpenIn(set, null)]).toEqual([false, true, true]);
	});

	it('keeps expanded parents (run ids only) when not grouping; all open by default', () => {
		const search = tableSearch({ ...base, expanded: { all: false, list: [RUN] } });
		expect(search).toBe(`?expand=${RUN}`);
		expect(expandedFromUrl(url(`${search}&expand=<script>&expand=${RUN}`))).toEqual({
			all: false,
			list: [RUN]
		});
		// Parents start open: no `expand` is all open, and all closed is written as `none`.
		expect(expandedFromUrl(url(''))).toEqual({ all: true, list: [] });
		expect(expandedFromUrl(url('expand=*'))).toEqual({ all: true, list: [] });
		expect(tableSearch({ ...base, expanded: { all: true, list: [] } })).toBe('');
		expect(tableSearch({ ...base, expanded: { all: false, list: [] } })).toBe('?expand=none');
		expect(expandedFromUrl(url('expand=none'))).toEqual({ all: false, list: [] });
		expect(tableSearch({ ...base, expanded: { all: true, list: [RUN] } })).toBe(`?expand=*&expand=${RUN}`);
	});

	it('accepts only param and tag columns to group by', () => {
		expect(groupFromUrl(url('group=metric:loss'))).toBeNull();
		expect(groupFromUrl(url('group=dataset:training'))).toBe('dataset:training');
		expect(groupFromUrl(url('group=dataset:'))).toBe('dataset:');
		expect(groupFromUrl(url('group=param:'))).toBeNull();
		expect(groupFromUrl(url('group=tag:a b'))).toBe('tag:a b');
	});

	it('toggles one key, and makes the request parts', () => {
		expect(toggleOpen({ all: true, list: ['a'] }, 'a')).toEqual({ all: true, list: [] });
		expect(toggleOpen({ all: false, list: [] }, null)).toEqual({ all: false, list: [null] });
		expect(nestingRequest({ all: true, list: [RUN] })).toEqual({
			nested: true,
			expanded: 'all',
			collapsed: [RUN]
		});
		expect(groupingRequest('param:x', { all: false, list: [null] })).toEqual({
			groupBy: 'param:x',
			expandedGroups: [null]
		});
	});
});
