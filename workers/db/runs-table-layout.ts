// What the table's rows are, in order, once nesting or grouping applies: a flat sequence the page scrolls through
// (its length is the table's total), built from the sorted order by runs-table-tree.ts or runs-table-groups.ts
// and kept in the order cache, and the window of it as rows.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type {
	DetachedReason,
	MetricStats,
	RunsTableEntry,
	RunsTableGroupRow,
	RunsTableRow
} from '$lib/api/db-api';
import { groupRuns, loadGroupValues, loadMetricValues, metricStats } from './runs-table-groups';
import { cached, loadTableRows, type TableScope } from './runs-table';
import { buildRunTree, DETACHED_LOOP, loadParents, visibleRuns } from './runs-table-tree';
import { all } from './sql';

/** A row of the sequence: a run (by run_pk, with its nesting) or a group header (by index). */
export interface TableLayout<Row> {
	length: number;
	/** How many runs the rows stand for (some hidden under collapsed parents or groups). */
	runs: number;
	window(db: Database, start: number, end: number, columns: string[]): Row[];
}

/** Run ids → run_pks (those that exist). */
export function pksOf(db: Database, runIds: string[]): Set<number> {
	return new Set(
		all<{ run_pk: number }>(
			db,
			'SELECT run_pk FROM runs WHERE run_uuid IN (SELECT value FROM json_each(?))',
			[JSON.stringify(runIds)]
		).map((r) => r.run_pk)
	);
}

/** The order as it is (no nesting, no grouping). */
export function flatLayout(pks: Int32Array): TableLayout<RunsTableRow> {
	return {
		length: pks.length,
		runs: pks.length,
		window: (db, start, end, columns) => loadTableRows(db, pks.subarray(start, end), columns)
	};
}

/** The order nested: children after their parents, only the expanded parents' children shown. */
export function nestedLayout(
	db: Database,
	pks: Int32Array,
	orderKey: string,
	pinned: Set<number>,
	isOpen: (pk: number) => boolean,
	scope: TableScope
): TableLayout<RunsTableRow> {
	const tree = cached(db, `tree ${orderKey}`, () =>
		buildRunTree(
			pks,
			cached(db, 'parents', (size) => loadParents(db, size)),
			pinned
		)
	);
	const shown = visibleRuns(tree, isOpen);
	return {
		length: shown.length,
		runs: pks.length,
		window(db, start, end, columns) {
			const at = shown.subarray(start, end);
			const rows = loadTableRows(
				db,
				Array.from(at, (k) => tree.pks[k] as number),
				columns
			);
			const reasons = detachedReasons(db, rows, scope);
			rows.forEach((row, i) => {
				const k = at[i] as number;
				row.depth = tree.depth[k] as number;
				row.childCount = tree.descendants[k] as number;
				if (row.childCount > 0) row.expanded = isOpen(tree.pks[k] as number);
				if (tree.detached[k] === DETACHED_LOOP) row.detached = 'loop';
				else if (tree.detached[k]) row.detached = reasons.get(row.parentRunId ?? '') ?? 'missing';
			});
			return rows;
		}
	};
}

/** Where each named parent of the window's rows is, for the rows shown at top level: one query per window. */
function detachedReasons(
	db: Database,
	rows: { parentRunId: string | null }[],
	scope: TableScope
): Map<string, DetachedReason> {
	const parents = rows.map((r) => r.parentRunId).filter((p): p is string => !!p);
	const found = all<{ run_uuid: string; experiment_id: number; lifecycle_stage: string }>(
		db,
		'SELECT run_uuid, experiment_id, lifecycle_stage FROM runs WHERE run_uuid IN (SELECT value FROM json_each(?))',
		[JSON.stringify(parents)]
	);
	return new Map(
		found.map((p): [string, DetachedReason] => [
			p.run_uuid,
			!scope.experimentIds.includes(p.experiment_id)
				? 'other-experiment'
				: scope.lifecycle === 'active' && p.lifecycle_stage === 'deleted'
					? 'deleted'
					: 'filtered'
		])
	);
}

/** The order grouped by a param or tag: each group's header, then its runs when it is open. */
export function groupedLayout(
	db: Database,
	pks: Int32Array,
	orderKey: string,
	groupBy: string,
	isOpen: (value: string | null) => boolean,
	metricColumns: string[]
): TableLayout<RunsTableEntry> {
	const groups = cached(db, `groups ${orderKey} ${groupBy}`, () =>
		groupRuns(
			pks,
			cached(db, `values ${groupBy}`, () => loadGroupValues(db, groupBy))
		)
	);
	// Every group's stats at once, kept: the values are read once per column, not per window.
	const stats = cached(db, `stats ${orderKey} ${groupBy} ${JSON.stringify(metricColumns)}`, (size) => {
		const out = groups.map(() => ({}) as Record<string, MetricStats>);
		for (const m of metricColumns) {
			const values = loadMetricValues(db, m, size);
			groups.forEach((g, i) => {
				const s = metricStats(g.pks, values);
				if (s) (out[i] as Record<string, MetricStats>)[m] = s;
			});
		}
		return out;
	});
	// The sequence: -(g + 1) for group g's header, else a run_pk.
	let length = 0;
	for (const g of groups) length += 1 + (isOpen(g.value) ? g.pks.length : 0);
	const sequence = new Int32Array(length);
	let at = 0;
	groups.forEach((g, i) => {
		sequence[at++] = -(i + 1);
		if (isOpen(g.value)) {
			sequence.set(g.pks, at);
			at += g.pks.length;
		}
	});
	return {
		length,
		runs: pks.length,
		window(db, start, end, columns) {
			const part = sequence.subarray(start, end);
			const runs = loadTableRows(
				db,
				part.filter((x) => x >= 0),
				columns
			);
			let r = 0;
			return Array.from(part, (x): RunsTableEntry => {
				if (x >= 0) return runs[r++] as RunsTableEntry;
				const g = groups[-x - 1] as (typeof groups)[number];
				const row: RunsTableGroupRow = {
					kind: 'group',
					value: g.value,
					count: g.pks.length,
					expanded: isOpen(g.value),
					stats: stats[-x - 1] ?? {}
				};
				return row;
			});
		}
	};
}
