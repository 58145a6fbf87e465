// The runs table as CSV: the runs shown (or selected) with the columns shown, as MLflow's UI "Download CSV" gives
// them. Pure: rows in, Blob out (src/lib/exporters/csv.ts writes and guards the cells).
import type { RunsTableRow } from '$lib/api/db-api';
import { csvBlob, type CsvCell } from './csv';
import { safeFileName } from './file-name';

const PREFIX = { param: 'params', metric: 'metrics', tag: 'tags', dataset: 'datasets' } as const;

/**
 * The value columns (param:/metric:/tag:/dataset:) among the table's columns; attributes are always written.
 * `dataset:` alone is a column too: the inputs logged without a context.
 */
export function valueColumns(columns: string[]): string[] {
	return columns.filter((c) => /^(param|metric|tag):./.test(c) || c.startsWith('dataset:'));
}

/**
 * `param:lr` → `params.lr` (the name MLflow's search_runs gives the column); `dataset:train` → `datasets.train`
 * and `dataset:` → `datasets` (each cell "name (digest), …").
 */
function header(column: string): string {
	const colon = column.indexOf(':');
	const prefix = PREFIX[column.slice(0, colon) as keyof typeof PREFIX];
	const key = column.slice(colon + 1);
	return key === '' ? prefix : `${prefix}.${key}`;
}

const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());

export function runsTableCsv(columns: string[], rows: RunsTableRow[]): Blob {
	const values = valueColumns(columns);
	// A table over several experiments shows whose each run is: so does its CSV.
	const experiment = columns.includes('experiment');
	const head = [
		'run_id',
		...(experiment ? ['experiment_id'] : []),
		'run_name',
		'status',
		'start_time',
		'end_time',
		'parent_run_id',
		...values.map(header)
	];
	const body = rows.map((r): CsvCell[] => [
		r.runId,
		...(experiment ? [r.experimentId] : []),
		r.runName,
		r.status,
		iso(r.startTime),
		iso(r.endTime),
		r.parentRunId ?? '',
		...values.map((c) => r.values[c])
	]);
	return csvBlob(head, body);
}

export const runsCsvFileName = (experimentName: string): string =>
	safeFileName(`${experimentName}-runs`, 'csv');
