// TFRecord framing (docs/formats.md §5.2), read as a stream: each record is an 8-byte length, its masked CRC-32C,
// the data and the data's masked CRC. A record whose data CRC is wrong is skipped (its length was sound, so the
// next record is found); a length whose CRC is wrong means the framing is lost, and the reader scans forward for
// the next 12 bytes that frame a record. A file that ends inside a record is a file still being written.
import type { SourceFile } from '../types';
import { maskedCrc32c } from './crc32c';

/** No real event is this large (graphs are the largest, a few MB); a larger length is corruption. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;
/** How far past a lost frame the reader looks for the next one before giving up on the file. */
const MAX_RESYNC_BYTES = 64 * 1024 * 1024;

export type RecordProblem =
	| { kind: 'data-crc'; offset: number }
	| { kind: 'length-crc'; offset: number; resumedAt: number | null }
	| { kind: 'truncated'; offset: number };

export interface TfRecord {
	offset: number;
	data: Uint8Array;
}

/** Bytes of a stream with a read position: what has arrived is kept until read. */
class StreamBuffer {
	private buf = new Uint8Array(0);
	private pos = 0;
	/** File offset of buf[0]. */
	private base = 0;
	private done = false;
	constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

	get offset(): number {
		return this.base + this.pos;
	}

	get available(): number {
		return this.buf.length - this.pos;
	}

	/** Reads until `n` bytes are available; false when the stream ends first. Chunks are joined once per call. */
	async fill(n: number): Promise<boolean> {
		if (this.available >= n || this.done) return this.available >= n;
		const parts: Uint8Array[] = [this.buf.subarray(this.pos)];
		let have = this.available;
		while (have < n) {
			const { value, done } = await this.reader.read();
			if (done) {
				this.done = true;
				break;
			}
			parts.push(value);
			have += value.length;
		}
		const next = new Uint8Array(have);
		let at = 0;
		for (const part of parts) {
			next.set(part, at);
			at += part.length;
		}
		this.base += this.pos;
		this.buf = next;
		this.pos = 0;
		return have >= n;
	}

	peek(n: number, from = 0): Uint8Array {
		return this.buf.subarray(this.pos + from, this.pos + from + n);
	}

	skip(n: number): void {
		this.pos += n;
	}
}

const u32 = (b: Uint8Array, at: number) =>
	((b[at] as number) |
		((b[at + 1] as number) << 8) |
		((b[at + 2] as number) << 16) |
		((b[at + 3] as number) << 24)) >>>
	0;

/** The length a record header announces, if its CRC holds; null otherwise. */
function framedLength(header: Uint8Array): number | null {
	if (maskedCrc32c(header.subarray(0, 8)) !== u32(header, 8)) return null;
	const low = u32(header, 0);
	const high = u32(header, 4);
	return high === 0 ? low : Number.MAX_SAFE_INTEGER;
}

/**
 * Every sound record of the file, in order; problems go to `onProblem` (each with the byte offset of the record)
 * and the reading goes on where it can.
 */
export async function* readRecords(
	file: SourceFile,
	onProblem: (problem: RecordProblem) => void
): AsyncGenerator<TfRecord> {
	const reader = file.stream().getReader();
	const input = new StreamBuffer(reader);
	try {
		while (await input.fill(1)) {
			const offset = input.offset;
			if (!(await input.fill(12))) {
				onProblem({ kind: 'truncated', offset });
				return;
			}
			const length = framedLength(input.peek(12));
			if (length === null || length > MAX_RECORD_BYTES) {
				const resumedAt = await resync(input);
				onProblem({ kind: 'length-crc', offset, resumedAt });
				if (resumedAt === null) return;
				continue;
			}
			if (!(await input.fill(12 + length + 4))) {
				onProblem({ kind: 'truncated', offset });
				return;
			}
			const data = input.peek(length, 12).slice();
			const crc = u32(input.peek(4, 12 + length), 0);
			input.skip(12 + length + 4);
			if (maskedCrc32c(data) !== crc) onProblem({ kind: 'data-crc', offset });
			else yield { offset, data };
		}
	} finally {
		reader.releaseLock();
	}
}

/** Moves past a lost frame to the next 12 bytes that frame a record; its offset, or null when none follows. */
async function resync(input: StreamBuffer): Promise<number | null> {
	input.skip(1);
	for (let scanned = 0; scanned < MAX_RESYNC_BYTES; scanned++) {
		if (!(await input.fill(12))) return null;
		const length = framedLength(input.peek(12));
		if (length !== null && length <= MAX_RECORD_BYTES) return input.offset;
		input.skip(1);
	}
	return null;
}
