// CSV tables of no known shape (shapes.ts) whose columns a person names: which is the step, which names the run,
// which is the wall time, which are metrics and which params. The importer stays pure: a table it cannot read
// without that choice makes the import fail with a "columns needed" request (the header and a few rows) in the
// error's details; the Import page asks and imports again with the choice in a column-map file beside the CSVs
// (`runboard-csv-columns.json`, keyed by a hash of the header). People may write that file by hand too.
import { MetricPacker } from '../metric-packer';
import type { SourceFile } from '../types';
import { cellNumber, parseCsv, type CsvTable } from './table';
import { columnMapOf, type ColumnMap, type ColumnsRequest } from './column-map';

export { COLUMN_MAP_FILE, columnMapFile, type ColumnMap, type ColumnsRequest } from './column-map';
import type { Tag } from '../../model/types';

const PREVIEW_ROWS = 5;
const HEAD_BYTES = 64 * 1024;

/** Two FNV-1a passes over the header's cells: a stable key for "the same header", not a secret. */
export function headerHash(header: string[]): string {
	const text = header.map((h) => h.trim()).join('\u001f');
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ text.length;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		b = Math.imul(b ^ c, 0x5bd1e995);
	}
	return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The header and the first rows of a file, from its first 64 KB (never the whole file). */
export async function headAndPreview(file: SourceFile): Promise<CsvTable | null> {
	const reader = file.stream().getReader();
	try {
		const chunks: Uint8Array[] = [];
		let size = 0;
		while (size < HEAD_BYTES) {
			const { value, done } = await reader.read();
			if (done || !value) break;
			chunks.push(value);
			size += value.length;
		}
		const bytes = new Uint8Array(Math.min(size, HEAD_BYTES));
		let at = 0;
		for (const c of chunks) {
			const part = c.subarray(0, bytes.length - at);
			bytes.set(part, at);
			at += part.length;
		}
		const text = new TextDecoder().decode(bytes);
		if (text.includes('\0')) return null;
		// A cut last line is left out (unless the file ended within the head).
		const whole = size <= HEAD_BYTES ? text : text.slice(0, text.lastIndexOf('\n') + 1);
		const table = parseCsv(whole);
		return { header: table.header, rows: table.rows.slice(0, PREVIEW_ROWS) };
	} catch {
		return null;
	} finally {
		void reader.cancel().catch(() => undefined);
	}
}

/**
 * Whether a table of no known shape is worth asking about: named .csv/.tsv, two or more named columns, a header
 * that is not itself numbers, and a column of numbers in the first rows. Anything else is not a log (conservative:
 * a stray CSV of text never opens a dialog).
 */
export function askable(path: string, head: CsvTable): boolean {
	if (!/\.(csv|tsv)$/i.test(path)) return false;
	const named = head.header.filter((h) => h !== '');
	if (named.length < 2 || named.length !== head.header.length) return false;
	if (head.header.some((h) => typeof cellNumber(h) === 'number')) return false;
	if (head.rows.length === 0) return false;
	return head.header.some((_, i) =>
		head.rows.every((row) => typeof cellNumber(row[i]) === 'number' && Number.isFinite(cellNumber(row[i])))
	);
}

export function columnsRequest(path: string, head: CsvTable): ColumnsRequest {
	return {
		file: path,
		header: head.header,
		headerHash: headerHash(head.header),
		preview: head.rows.map((r) => r.slice(0, head.header.length))
	};
}

/** The maps of a column-map file by header hash; a broken file gives none (the dialog then asks again). */
export function columnMapsOf(text: string): Map<string, ColumnMap> {
	const out = new Map<string, ColumnMap>();
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return out;
	}
	const maps = (data as { maps?: unknown } | null)?.maps;
	if (typeof maps !== 'object' || maps === null) return out;
	for (const [hash, value] of Object.entries(maps)) {
		const map = columnMapOf(value);
		if (map && /^[0-9a-f]{16}$/.test(hash)) out.set(hash, map);
	}
	return out;
}

/** Whether every column a map names is in the header (a map made for another header is not applied). */
export function fits(map: ColumnMap, header: string[]): boolean {
	return [map.step, map.run, map.time, ...map.metrics, ...map.params].every(
		(c) => c === null || header.includes(c)
	);
}

export interface MappedRun {
	part: string;
	packer: MetricPacker;
	params: Tag[];
}

/** A run per value of the run column (one run without it); a row without a number step is skipped (counted). */
export function mappedRuns(table: CsvTable, map: ColumnMap): { runs: MappedRun[]; problems: string[] } {
	const at = (name: string | null) => (name === null ? -1 : table.header.indexOf(name));
	const [step, run, time] = [at(map.step), at(map.run), at(map.time)];
	const metrics = map.metrics.map((m) => ({ name: m, i: at(m) })).filter((m) => m.i >= 0);
	const params = map.params.map(at).filter((i) => i >= 0);
	const runs = new Map<string, MappedRun>();
	let badSteps = 0;
	let textCells = 0;
	for (const row of table.rows) {
		const s = cellNumber(row[step]);
		if (typeof s !== 'number' || !Number.isFinite(s)) {
			badSteps++;
			continue;
		}
		const part = run >= 0 ? (row[run] ?? '').trim() : '';
		let r = runs.get(part);
		if (!r) runs.set(part, (r = { part, packer: new MetricPacker(), params: [] }));
		// Once every param has its value, later rows are not looked at for params (a param is set once per run).
		if (r.params.length < params.length)
			for (const i of params) {
				const key = table.header[i] ?? '';
				const value = (row[i] ?? '').trim();
				if (value !== '' && !r.params.some((p) => p.key === key)) r.params.push({ key, value });
			}
		const t = time >= 0 ? cellNumber(row[time]) : undefined;
		const timestamp = typeof t === 'number' && Number.isFinite(t) ? Math.round(t < 1e11 ? t * 1000 : t) : 0;
		for (const m of metrics) {
			const v = cellNumber(row[m.i]);
			if (v === 'text') textCells++;
			else if (v !== undefined) r.packer.push(r.packer.keyId(m.name), v, Math.floor(s), timestamp);
		}
	}
	const problems: string[] = [];
	if (badSteps > 0) problems.push(`${badSteps} row(s) without a number in the step column skipped`);
	if (textCells > 0) problems.push(`${textCells} cell(s) that are not numbers skipped`);
	return { runs: [...runs.values()].filter((r) => r.packer.size > 0 || r.params.length > 0), problems };
}
