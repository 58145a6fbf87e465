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

/** Numbers compare as numbers, everything else as text; empty cells last. */
export function compareCells(a: string | undefined, b: string | undefined): number {
	const x = a ?? '';
	const y = b ?? '';
	if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
	const nx = Number(x);
	const ny = Number(y);
	if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
	return x.localeCompare(y);
}

export function sortRows(rows: string[][], column: number, descending: boolean): string[][] {
	const sorted = [...rows].sort((r1, r2) => compareCells(r1[column], r2[column]));
	return descending ? sorted.reverse() : sorted;
}
