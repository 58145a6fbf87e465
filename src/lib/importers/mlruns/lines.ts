// Line-by-line reading of a file that may be gigabytes: chunks are decoded with a streaming TextDecoder (a chunk
// boundary can split a UTF-8 character) and only the unfinished last line is carried over, so memory holds one
// chunk, never a large file as one string (files up to 4 MB are one chunk: read whole, no stream).
import type { SourceFile } from '../types';

/** Longer lines are not metric lines (a metric line is < 200 chars): they are skipped, not accumulated. */
export const MAX_LINE_CHARS = 64 * 1024;

export interface LineHandler {
	/** One line without its '\n' (a '\r' may remain); lineNo counts from 1. */
	line(text: string, lineNo: number): void;
	/** A line longer than MAX_LINE_CHARS: its text is dropped. */
	overlong(lineNo: number): void;
}

/** Files up to this size are read as one chunk, without a stream (as run.ts already hands them over). */
const WHOLE_FILE_BYTES = 4 * 1024 * 1024;

interface ChunkReader {
	read(): Promise<ReadableStreamReadResult<Uint8Array>>;
	cancel(): Promise<void>;
	releaseLock(): void;
}

/** A small file's bytes as one chunk: a stream per file costs more than the lines of a 7 KB metric file. */
function wholeFile(file: SourceFile): ChunkReader {
	let sent = false;
	return {
		async read() {
			if (sent) return { done: true, value: undefined };
			sent = true;
			return { done: false, value: await file.bytes() };
		},
		cancel: async () => undefined,
		releaseLock: () => undefined
	};
}

/** Feeds every line of the file to the handler; yields the byte count of each chunk consumed, for progress. */
export async function* eachLine(file: SourceFile, handler: LineHandler): AsyncGenerator<number> {
	const reader: ChunkReader = file.size <= WHOLE_FILE_BYTES ? wholeFile(file) : file.stream().getReader();
	const decoder = new TextDecoder('utf-8');
	let carry = '';
	let lineNo = 0;
	let skipping = false;
	let finished = false;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			const buffer = carry + (done ? decoder.decode() : decoder.decode(value, { stream: true }));
			carry = '';
			let start = 0;
			for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n', start)) {
				lineNo++;
				if (skipping) skipping = false;
				else handler.line(buffer.slice(start, nl), lineNo);
				start = nl + 1;
			}
			const rest = buffer.slice(start);
			if (!skipping && rest.length > MAX_LINE_CHARS) {
				skipping = true;
				handler.overlong(lineNo + 1);
			} else if (!skipping) {
				carry = rest;
			}
			if (done) {
				if (carry !== '') handler.line(carry, lineNo + 1);
				finished = true;
				return;
			}
			yield value.byteLength;
		}
	} finally {
		// Stopped early (cancelled import, or a throwing handler): release the file.
		if (!finished) await reader.cancel().catch(() => undefined);
		else reader.releaseLock();
	}
}
