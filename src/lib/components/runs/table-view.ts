// What the runs table shows, as plain data: the columns (attributes, then param/metric/tag columns by id), the
// sort keys, and how both live in the URL (`?sort=-metric:loss&sort=param:lr&col=…`) and in localStorage per
// experiment. Pure: tested in tests/unit/runs-table-view.test.ts.
import type { RunColumns } from '$lib/api/db-api';
import { writeGrouping, type OpenSet } from './table-grouping';
import { writeVisibility, type Visibility } from './visibility';

export interface SortTerm {
	column: string;
	descending: boolean;
}

export type ColumnKind = 'attr' | 'param' | 'metric' | 'tag' | 'dataset';

/** The attribute columns a person may show; the run name is always shown (and sticky). */
export const ATTRIBUTES: readonly { id: string; label: string }[] = [
	{ id: 'status', label: 'Status' },
	{ id: 'startTime', label: 'Started' },
	{ id: 'endTime', label: 'Ended' },
	{ id: 'duration', label: 'Duration' }
];
const DEFAULT_ATTRIBUTES = ['status', 'startTime', 'duration'];
export const DEFAULT_SORT: SortTerm[] = [{ column: 'startTime', descending: true }];
/** Past this many params, metrics come first and each group shows only its first few by default. */
const MANY = 12;

export function columnKind(id: string): ColumnKind {
	const kind = id.slice(0, id.indexOf(':'));
	return kind === 'param' || kind === 'metric' || kind === 'tag' || kind === 'dataset' ? kind : 'attr';
}

/** A dataset column is named after its inputs' context; `dataset:` holds the inputs logged without one. */
export const datasetLabel = (context: string): string => context || 'no context';

export function columnLabel(id: string): string {
	if (columnKind(id) === 'dataset') return datasetLabel(id.slice(id.indexOf(':') + 1));
	if (columnKind(id) !== 'attr') return id.slice(id.indexOf(':') + 1);
	if (id === 'experiment') return 'Experiment';
	return id === 'runName' ? 'Run name' : (ATTRIBUTES.find((a) => a.id === id)?.label ?? id);
}

/**
 * The columns shown before anyone chooses: a few attributes, then params and metrics. With many params the
 * metrics come first (they are what runs are compared by) and each group is cut to its first MANY keys.
 */
export function defaultColumns(keys: RunColumns): string[] {
	const params = keys.params.map((k) => `param:${k.key}`);
	const metrics = keys.metrics.map((k) => `metric:${k.key}`);
	// The runs' datasets (a column per input context: a handful) say what each run was trained and tested on.
	const first = [...DEFAULT_ATTRIBUTES, ...keys.datasets.map((k) => `dataset:${k.key}`)];
	if (params.length <= MANY) return [...first, ...params, ...metrics.slice(0, 4 * MANY)];
	return [...first, ...metrics.slice(0, MANY), ...params.slice(0, MANY)];
}

/** Click: sort by the column alone (again: flip it). Shift-click: add it as the next key (again: flip it). */
export function toggleSort(terms: SortTerm[], column: string, add: boolean): SortTerm[] {
	const found = terms.find((t) => t.column === column);
	if (add) {
		return found
			? terms.map((t) => (t === found ? { column, descending: !t.descending } : t))
			: [...terms, { column, descending: false }];
	}
	return [{ column, descending: found && terms.length === 1 ? !found.descending : false }];
}

export const encodeSort = (terms: SortTerm[]): string[] =>
	terms.map((t) => `${t.descending ? '-' : ''}${t.column}`);

export function decodeSort(values: string[]): SortTerm[] {
	const terms = values
		.filter((v) => v !== '' && v !== '-')
		.map((v) =>
			v.startsWith('-') ? { column: v.slice(1), descending: true } : { column: v, descending: false }
		);
	return terms.length > 0 ? terms.slice(0, 8) : DEFAULT_SORT;
}

/** The table's part of a URL: filter, sort (when not the default), columns (when chosen), grouping, nesting. */
export function tableSearch(view: {
	filter: string;
	sort: SortTerm[];
	columns: string[] | null;
	lifecycle?: Lifecycle;
	pinned?: string[];
	groupBy?: string | null;
	openGroups?: OpenSet<string | null>;
	expanded?: OpenSet<string>;
	/** Runs hidden from the charts (`hide=`), or the only ones shown (`only=`): visibility.ts. */
	visibility?: Visibility;
	/** The chart view beside the table (`view=charts`). */
	charts?: boolean;
}): string {
	const params = new URLSearchParams();
	if (view.filter) params.set('filter', view.filter);
	if (view.lifecycle && view.lifecycle !== 'active') params.set('runs', view.lifecycle);
	if (JSON.stringify(view.sort) !== JSON.stringify(DEFAULT_SORT)) {
		for (const s of encodeSort(view.sort)) params.append('sort', s);
	}
	if (view.columns) {
		params.set('cols', '1');
		for (const c of view.columns) params.append('col', c);
	}
	for (const id of view.pinned ?? []) params.append('pin', id);
	writeGrouping(params, view);
	writeVisibility(params, view.visibility);
	if (view.charts) params.set('view', 'charts');
	const text = params.toString();
	return text ? `?${text}` : '';
}

/** MLflow's run view type as the table asks for it: `?runs=deleted` or `?runs=all` (active when absent). */
export type Lifecycle = 'active' | 'deleted' | 'all';

export function lifecycleFromUrl(params: URLSearchParams): Lifecycle {
	const value = params.get('runs');
	return value === 'deleted' || value === 'all' ? value : 'active';
}

/** Pinned runs (`?pin=<run id>`, repeated): shown first, in the table's order among themselves. */
export function pinsFromUrl(params: URLSearchParams): string[] {
	return [...new Set(params.getAll('pin').filter((id) => /^[0-9a-f]{32}$/.test(id)))].slice(0, 1000);
}

/** The pins with `runId` added, or taken away if it was there. */
export const togglePin = (pins: string[], runId: string): string[] =>
	pins.includes(runId) ? pins.filter((id) => id !== runId) : [...pins, runId];

/** Columns chosen in the URL (`cols=1` marks a choice, so "none" survives), or null. */
export function columnsFromUrl(params: URLSearchParams): string[] | null {
	return params.has('cols') ? params.getAll('col').filter((c) => c !== '' && c !== 'runName') : null;
}

const storageKey = (experimentId: string) => `runboard.columns.${experimentId}`;

export function loadStoredColumns(experimentId: string, storage: Pick<Storage, 'getItem'>): string[] | null {
	try {
		const parsed: unknown = JSON.parse(storage.getItem(storageKey(experimentId)) ?? 'null');
		return Array.isArray(parsed) && parsed.every((c) => typeof c === 'string') ? parsed : null;
	} catch {
		return null;
	}
}

export function storeColumns(
	experimentId: string,
	columns: string[] | null,
	storage: Pick<Storage, 'setItem' | 'removeItem'>
): void {
	try {
		if (columns === null) storage.removeItem(storageKey(experimentId));
		else storage.setItem(storageKey(experimentId), JSON.stringify(columns));
	} catch {
		// Storage full or refused (private windows): the URL still carries the choice.
	}
}
