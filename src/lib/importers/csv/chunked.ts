// A CSV file parsed from its bytes in chunks, so that no string ever holds the whole file (V8's strings stop at
// ~512 MB). The bytes are decoded as they stream (TextDecoder keeps a character split across chunks); each chunk
// of text is parsed row by row and its last row — perhaps cut short, perhaps a quoted cell still open — is put back
// in front of the next chunk, as papaparse's own streaming does. The separator and the line break are settled from
// the file's first megabyte, exactly as the whole-string parse settles them, so both give the same table.
import Papa from 'papaparse';
import type { SourceFile } from '../types';
import { MAX_COLUMNS, parseCsv, sniffDelimiter, WHOLE_STRING_BYTES, type CsvTable } from './table';

/** Text gathered before it is parsed; small chunks of a stream are joined up to this. */
const CHUNK_CHARS = 8 * 1024 * 1024;
/** papaparse guesses the line break from this much of the text (guessLineEndings). */
const GUESS_CHARS = 1024 * 1024;

type Config = { delimiter: string; newline: '\r' | '\n' | '\r\n' };

/** A file as a table: whole when small enough to be one string, else in chunks. The sizes are parameters for tests. */
export async function readTable(
	file: SourceFile,
	wholeLimit = WHOLE_STRING_BYTES,
	chunkChars = CHUNK_CHARS
): Promise<CsvTable> {
	if (file.size <= wholeLimit) return parseCsv(new TextDecoder().decode(await file.bytes()));
	return parseCsvChunked(file, chunkChars);
}

/** The rows of `text` and where the complete ones end; with `final` false the last row is held back. */
function rowsOf(text: string, config: Config, final: boolean) {
	const rows: string[][] = [];
	const ends: number[] = [];
	Papa.parse<string[]>(text, {
		...config,
		skipEmptyLines: true,
		step: (result) => {
			rows.push(result.data);
			ends.push(result.meta.cursor);
		}
	});
	if (final || rows.length === 0) return { rows, rest: final ? '' : text };
	rows.pop();
	ends.pop();
	return { rows, rest: text.slice(ends[ends.length - 1] ?? 0) };
}

export async function parseCsvChunked(file: SourceFile, chunkChars = CHUNK_CHARS): Promise<CsvTable> {
	const decoder = new TextDecoder();
	const reader = file.stream().getReader();
	let config: Config | null = null;
	let header: string[] | null = null;
	const rows: string[][] = [];
	let pending = '';
	const take = (final: boolean) => {
		if (!config) {
			pending = pending.charCodeAt(0) === 0xfeff ? pending.slice(1) : pending;
			const firstLine = pending.slice(0, pending.indexOf('\n') >= 0 ? pending.indexOf('\n') : pending.length);
			const delimiter = sniffDelimiter(firstLine);
			const guessed = Papa.parse(pending.slice(0, GUESS_CHARS), { delimiter, preview: 1 }).meta.linebreak;
			const newline = guessed === '\r' || guessed === '\r\n' ? guessed : '\n';
			config = { delimiter, newline };
		}
		const read = rowsOf(pending, config, final);
		pending = read.rest;
		for (const row of read.rows) {
			if (header === null) header = row.slice(0, MAX_COLUMNS).map((h) => h.trim());
			else rows.push(row);
		}
	};
	for (;;) {
		const { value, done } = await reader.read();
		pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
		if (done) break;
		// The first parse waits for the megabyte the line break is guessed from.
		if (pending.length >= Math.max(chunkChars, config ? 0 : GUESS_CHARS)) take(false);
	}
	take(true);
	return { header: header ?? [], rows };
}
