// The column map of a CSV table of no known shape, as the Import page's dialog makes it and the importer reads it
// (mapping.ts). Kept apart from the parser so the page can build the map file without loading papaparse.

/** Column names as in the header; the step is required, the run and the time are not. */
export interface ColumnMap {
	step: string;
	run: string | null;
	time: string | null;
	metrics: string[];
	params: string[];
}

/** What the page needs to ask: the file, its header (and its hash, the memory's key) and the first rows. */
export interface ColumnsRequest {
	file: string;
	header: string[];
	headerHash: string;
	preview: string[][];
}

/** The file the page adds to a drop with the chosen maps; people may write one by hand too. */
export const COLUMN_MAP_FILE = 'runboard-csv-columns.json';

const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 1000;
const names = (v: unknown): string[] | null =>
	Array.isArray(v) && v.length <= 10_000 && v.every(isName) ? v : null;

/** One map, checked (it comes from a file anyone may write): null when any part is of the wrong type. */
export function columnMapOf(value: unknown): ColumnMap | null {
	if (typeof value !== 'object' || value === null) return null;
	const v = value as Record<string, unknown>;
	const metrics = names(v.metrics);
	const params = names(v.params ?? []);
	if (!isName(v.step) || !metrics || !params) return null;
	const run = v.run ?? null;
	const time = v.time ?? null;
	if ((run !== null && !isName(run)) || (time !== null && !isName(time))) return null;
	return { step: v.step, run, time, metrics, params };
}

/** A request as it came back in an error's details (across a worker): null unless it has the right shape. */
export function columnsRequestOf(value: unknown): ColumnsRequest | null {
	if (typeof value !== 'object' || value === null) return null;
	const v = value as Record<string, unknown>;
	const rows =
		Array.isArray(v.preview) &&
		v.preview.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'));
	if (typeof v.file !== 'string' || typeof v.headerHash !== 'string' || !names(v.header) || !rows)
		return null;
	return v as unknown as ColumnsRequest;
}

export function columnMapFile(maps: Record<string, ColumnMap>): string {
	return JSON.stringify({ runboardCsvColumns: 1, maps });
}
