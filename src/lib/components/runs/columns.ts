// Runs-table columns and sorting. Pure: tested in tests/unit/runs-table.test.ts.
import type { Run } from '$lib/model/types';

export type Column =
	| { kind: 'attr'; id: 'runName' | 'status' | 'startTime' | 'duration'; label: string }
	| { kind: 'param'; key: string; label: string }
	| { kind: 'metric'; key: string; label: string };

export type CellValue = string | number | null;

export interface SortState {
	column: string;
	descending: boolean;
}

export function columnId(c: Column): string {
	return c.kind === 'attr' ? c.id : `${c.kind}:${c.key}`;
}

export function buildColumns(runs: Run[]): Column[] {
	const params = new Set<string>();
	const metrics = new Set<string>();
	for (const r of runs) {
		for (const p of r.data.params) params.add(p.key);
		for (const m of r.data.metrics) metrics.add(m.key);
	}
	const byName = (a: string, b: string) => a.localeCompare(b);
	return [
		{ kind: 'attr', id: 'runName', label: 'Run name' },
		{ kind: 'attr', id: 'status', label: 'Status' },
		{ kind: 'attr', id: 'startTime', label: 'Started' },
		{ kind: 'attr', id: 'duration', label: 'Duration' },
		...[...params].sort(byName).map((key): Column => ({ kind: 'param', key, label: key })),
		...[...metrics].sort(byName).map((key): Column => ({ kind: 'metric', key, label: key }))
	];
}

export function cellValue(run: Run, column: Column): CellValue {
	switch (column.kind) {
		case 'param':
			return run.data.params.find((p) => p.key === column.key)?.value ?? null;
		case 'metric':
			return run.data.metrics.find((m) => m.key === column.key)?.value ?? null;
		case 'attr':
			if (column.id === 'runName') return run.info.runName;
			if (column.id === 'status') return run.info.status;
			if (column.id === 'startTime') return run.info.startTime;
			return run.info.startTime !== null && run.info.endTime !== null
				? run.info.endTime - run.info.startTime
				: null;
	}
}

/** Numbers compare numerically (numeric-looking params too); missing values always sort last, NaN just before. */
function compare(a: CellValue, b: CellValue): number {
	const na =
		typeof a === 'number' ? a : a !== null && a.trim() !== '' && !isNaN(Number(a)) ? Number(a) : null;
	const nb =
		typeof b === 'number' ? b : b !== null && b.trim() !== '' && !isNaN(Number(b)) ? Number(b) : null;
	if (na !== null && nb !== null) return na < nb ? -1 : na > nb ? 1 : 0;
	return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function rank(v: CellValue): number {
	if (v === null) return 2;
	if (typeof v === 'number' && Number.isNaN(v)) return 1;
	return 0;
}

export function sortRuns(runs: Run[], columns: Column[], sort: SortState | null): Run[] {
	if (!sort) return runs;
	const column = columns.find((c) => columnId(c) === sort.column);
	if (!column) return runs;
	const keyed = runs.map((run) => ({ run, value: cellValue(run, column) }));
	keyed.sort((x, y) => {
		const rx = rank(x.value);
		const ry = rank(y.value);
		if (rx !== ry || rx !== 0) return rx - ry;
		const c = compare(x.value, y.value);
		return sort.descending ? -c : c;
	});
	return keyed.map((k) => k.run);
}
