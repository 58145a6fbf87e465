// How the runs table's grouping and nesting live in the URL, so Back and a shared link restore them:
// `group=param:lr` (a param or tag column), `open=<value>` per open group, `expand=<run id>` per expanded parent.
// `open=*` / `expand=*` open every one; listed after it, a value or run id is the exception (kept shut). The runs
// without a value are the group `open=-`; a value that is `*`, `-` or starts with `\` is written after a `\`.
// Groups start closed; nested parents start open (every run stays in view), so no `expand` means all open and
// `expand=none` means all closed.
// Pure: tested in tests/unit/runs-table-grouping.test.ts.
import type { DetachedReason, RunGroupsRequest, RunsTableRequest } from '$lib/api/db-api';

/** Which groups (or parents) are open: those listed, or with `all`, every one but those listed. */
export interface OpenSet<T> {
	all: boolean;
	list: T[];
}

export const NONE_OPEN: OpenSet<never> = { all: false, list: [] };
const MAX_LISTED = 1_000;

export const isOpenIn = <T>(set: OpenSet<T>, key: T): boolean => set.all !== set.list.includes(key);

/** The set with `key` flipped between open and shut. */
export function toggleOpen<T>(set: OpenSet<T>, key: T): OpenSet<T> {
	const list = set.list.includes(key) ? set.list.filter((k) => k !== key) : [...set.list, key];
	return { all: set.all, list };
}

/** The group-by column of the URL: a param or tag column id, or null. */
export function groupFromUrl(params: URLSearchParams): string | null {
	const value = params.get('group') ?? '';
	// A dataset column's key is its context, which may be empty (inputs logged without one).
	return /^(param|tag):./s.test(value) || /^dataset:/.test(value) ? value : null;
}

const encodeValue = (value: string | null): string =>
	value === null ? '-' : value === '*' || value === '-' || value.startsWith('\\') ? `\\${value}` : value;
const decodeValue = (text: string): string | null =>
	text === '-' ? null : text.startsWith('\\') ? text.slice(1) : text;

function readSet<T>(texts: string[], decode: (text: string) => T | undefined): OpenSet<T> {
	const all = texts.includes('*');
	const list: T[] = [];
	for (const text of texts) {
		const key = text === '*' ? undefined : decode(text);
		if (key !== undefined && !list.includes(key)) list.push(key);
	}
	return { all, list: list.slice(0, MAX_LISTED) };
}

function writeSet<T>(
	params: URLSearchParams,
	name: string,
	set: OpenSet<T>,
	encode: (key: T) => string
): void {
	if (set.all) params.append(name, '*');
	for (const key of set.list) params.append(name, encode(key));
}

/** The open groups (`open=`). */
export const openGroupsFromUrl = (params: URLSearchParams): OpenSet<string | null> =>
	readSet(params.getAll('open'), decodeValue);

/** Every parent open: the nested view's default. */
export const ALL_OPEN: OpenSet<never> = { all: true, list: [] };

/** The expanded parents (`expand=`, run ids). */
export function expandedFromUrl(params: URLSearchParams): OpenSet<string> {
	const texts = params.getAll('expand');
	if (texts.length === 0) return ALL_OPEN;
	return readSet(texts, (text) => (/^[0-9a-f]{32}$/.test(text) ? text : undefined));
}

/** Adds the grouping and nesting of a view to a URL's query. */
export function writeGrouping(
	params: URLSearchParams,
	view: { groupBy?: string | null; openGroups?: OpenSet<string | null>; expanded?: OpenSet<string> }
): void {
	if (view.groupBy) {
		params.set('group', view.groupBy);
		if (view.openGroups) writeSet(params, 'open', view.openGroups, encodeValue);
	} else if (view.expanded && (!view.expanded.all || view.expanded.list.length > 0)) {
		if (!view.expanded.all && view.expanded.list.length === 0) params.append('expand', 'none');
		writeSet(params, 'expand', view.expanded, (id) => id);
	}
}

/** The nesting part of a runs table request. */
export const nestingRequest = (
	set: OpenSet<string>
): Pick<RunsTableRequest, 'nested' | 'expanded' | 'collapsed'> =>
	set.all ? { nested: true, expanded: 'all', collapsed: set.list } : { nested: true, expanded: set.list };

/** The grouping part of a grouped request. */
export const groupingRequest = (
	groupBy: string,
	set: OpenSet<string | null>
): Pick<RunGroupsRequest, 'groupBy' | 'expandedGroups' | 'collapsedGroups'> =>
	set.all
		? { groupBy, expandedGroups: 'all', collapsedGroups: set.list }
		: { groupBy, expandedGroups: set.list };

const WHERE_PARENT: Record<DetachedReason, string> = {
	missing: 'it is not in the database',
	deleted: 'it is deleted',
	'other-experiment': 'it is in another experiment',
	filtered: 'it does not match the filter',
	loop: ''
};

/** Why a child run is at top level, for its mark's tooltip. */
export function detachedNote(reason: DetachedReason, parentRunId: string | null): string {
	if (reason === 'loop') return 'Its parent runs form a loop, so it is shown at top level.';
	return `Parent run ${parentRunId ?? ''} not shown: ${WHERE_PARENT[reason]}.`;
}
