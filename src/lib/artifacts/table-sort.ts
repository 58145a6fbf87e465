// Sorting a table preview's rows: apart from table.ts so that the table view does not pull in the CSV parser
// (papaparse), which preview.ts loads only when a CSV/TSV/JSON file is opened.

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
