// Delimited text (CSV/TSV) and MLflow's log_table JSON ({columns, data}) as a table for the preview: parsed by a
// real CSV parser (quotes, embedded newlines), the first rows kept, every row counted.
import Papa from 'papaparse';

export const TABLE_ROWS = 500;

export interface TablePreview {
	columns: string[];
	rows: string[][];
	/** Data rows in the whole text (the header not counted). */
	totalRows: number;
	/** Parser complaints (ragged rows, unclosed quotes), first few only. */
	problems: string[];
}

export function parseDelimited(text: string, delimiter?: ',' | '\t', maxRows = TABLE_ROWS): TablePreview {
	const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true });
	const [header = [], ...data] = result.data;
	const problems = result.errors.slice(0, 3).map((e) => `row ${(e.row ?? 0) + 1}: ${e.message}`);
	return { columns: header, rows: data.slice(0, maxRows), totalRows: data.length, problems };
}

/** MLflow's log_table JSON (pandas "split" orient): `{"columns": [...], "data": [[...], ...]}`, else null. */
export function tableFromJson(value: unknown, maxRows = TABLE_ROWS): TablePreview | null {
	if (typeof value !== 'object' || value === null) return null;
	const { columns, data } = value as { columns?: unknown; data?: unknown };
	if (!Array.isArray(columns) || !Array.isArray(data) || !data.every(Array.isArray)) return null;
	const cell = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
	return {
		columns: columns.map(cell),
		rows: (data as unknown[][]).slice(0, maxRows).map((row) => row.map(cell)),
		totalRows: data.length,
		problems: []
	};
}

// Sorting lives apart (TableView imports it without the CSV parser); re-exported for callers of this module.
export { compareCells, sortRows } from './table-sort';
