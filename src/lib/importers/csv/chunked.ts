// A CSV file parsed from its bytes in chunks, so that no string ever holds the whole file (V8's strings stop at
// ~512 MB): the bytes are decoded as they stream (TextDecoder keeps a character split across chunks), each chunk
// is cut after its last record end — a newline outside quotes, found by counting quotes, since a quoted cell may
// hold newlines — and the whole records are parsed; the rest waits for the next chunk.
import type { SourceFile } from '../types';
import { parseCsv, parseRows, sniffDelimiter, WHOLE_STRING_BYTES, type CsvTable } from './table';

/** Text gathered before a cut is looked for; small chunks of a stream are joined up to this. */
const CHUNK_CHARS = 8 * 1024 * 1024;

/** Where the last record of `text` (which starts at a record's start) ends, just past its newline; -1: none. */
function lastRecordEnd(text: string): number {
	let quotes = 0;
	let end = -1;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) quotes++;
		else if (c === 10 && quotes % 2 === 0) end = i + 1;
	}
	return end;
}

/** A file as a table: whole when small enough to be one string, else in chunks. The sizes are parameters for tests. */
export async function readTable(
	file: SourceFile,
	wholeLimit = WHOLE_STRING_BYTES,
	chunkChars = CHUNK_CHARS
): Promise<CsvTable> {
	if (file.size <= wholeLimit) return parseCsv(new TextDecoder().decode(await file.bytes()));
	return parseCsvChunked(file, chunkChars);
}

export async function parseCsvChunked(file: SourceFile, chunkChars = CHUNK_CHARS): Promise<CsvTable> {
	const decoder = new TextDecoder();
	const reader = file.stream().getReader();
	let header: string[] | null = null;
	let delimiter = ',';
	const rows: string[][] = [];
	let pending = '';
	const take = (text: string) => {
		if (header === null) {
			// The first records carry the header: parsed as a table, which sniffs the separator as the whole path does.
			const table = parseCsv(text);
			header = table.header;
			const firstLine = text.replace(/^\ufeff/, '').split('\n', 1)[0] ?? '';
			delimiter = sniffDelimiter(firstLine);
			for (const row of table.rows) rows.push(row);
		} else for (const row of parseRows(text, delimiter)) rows.push(row);
	};
	for (;;) {
		const { value, done } = await reader.read();
		pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
		if (done) break;
		if (pending.length < chunkChars) continue;
		// `pending` always starts at a record's start (outside quotes): quotes are counted from there.
		const end = lastRecordEnd(pending);
		if (end <= 0) continue;
		take(pending.slice(0, end));
		pending = pending.slice(end);
	}
	if (pending.trim() !== '' || header === null) take(pending);
	return { header: header ?? [], rows };
}
