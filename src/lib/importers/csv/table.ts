// A CSV (or TSV, or `;`-separated) log read into a header and rows with a real parser (papaparse), the separator
// sniffed from the header line, and the cells people's tools write for numbers: `nan`, `inf`, `NA`, empty.
import Papa from 'papaparse';
import type { SourceFile } from '../types';

/**
 * Past this a file is refused with a clear message: its rows are held as strings until its runs are built, and a
 * browser tab has a few GB at most.
 */
export const MAX_CSV_BYTES = 1024 * 1024 * 1024;
/**
 * Files up to this are decoded into one string and parsed at once (the fast path); larger ones are parsed in
 * chunks (chunked.ts), since V8 cannot hold a string of more than 2^29 - 24 characters (~512 MB).
 */
export const WHOLE_STRING_BYTES = 256 * 1024 * 1024;
/** A header longer than this is not a log's. */
export const MAX_COLUMNS = 10_000;

export interface CsvTable {
	header: string[];
	rows: string[][];
}

export function sniffDelimiter(firstLine: string): string {
	const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length - 1] as const);
	return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

export function parseCsv(text: string): CsvTable {
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const firstLine = body.slice(0, body.indexOf('\n') >= 0 ? body.indexOf('\n') : body.length);
	const [header = [], ...rows] = parseRows(body, sniffDelimiter(firstLine));
	return { header: header.slice(0, MAX_COLUMNS).map((h) => h.trim()), rows };
}

/** Rows of CSV text with a known separator (a whole file, or a chunk of whole records of one). */
export function parseRows(text: string, delimiter: string): string[][] {
	return Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true }).data;
}

/** The first line of a file (its header), read from the file's start only. */
export async function headerOf(file: SourceFile): Promise<string[] | null> {
	const reader = file.stream().getReader();
	try {
		const { value } = await reader.read();
		if (!value) return null;
		const text = new TextDecoder().decode(value.subarray(0, 64 * 1024));
		const end = text.indexOf('\n');
		if (end < 0 && value.length >= 64 * 1024) return null;
		const line = (end >= 0 ? text.slice(0, end) : text).replace(/\r$/, '').replace(/^\ufeff/, '');
		if (line.includes('\0')) return null;
		return parseCsv(line).header;
	} catch {
		return null;
	} finally {
		void reader.cancel().catch(() => undefined);
	}
}

/** A cell as a number: undefined for missing (empty, NA, None, null), NaN and ±Infinity in their usual spellings. */
export function cellNumber(cell: string | undefined): number | undefined | 'text' {
	const t = (cell ?? '').trim();
	if (t === '' || t === 'NA' || t === 'N/A' || t === 'None' || t === 'null') return undefined;
	const lower = t.toLowerCase();
	if (lower === 'nan' || lower === '-nan') return NaN;
	if (lower === 'inf' || lower === 'infinity' || lower === '+inf') return Infinity;
	if (lower === '-inf' || lower === '-infinity') return -Infinity;
	const n = Number(t);
	return Number.isNaN(n) ? 'text' : n;
}
