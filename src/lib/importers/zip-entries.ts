// Reading zip entries on demand: the archive is read in 4 MiB chunks (a few kept, most recent first) and each
// entry is inflated only when an importer asks for it. Memory holds a few chunks and the entries being read,
// never the expanded archive; big entries stream through an inflater instead of being expanded whole.
import { Inflate, inflateSync } from 'fflate';
import { clipPath } from './limits';
import { fromPending } from './source-files';
import type { SourceFile } from './types';
import { ZipFormatError, type RangeReader, type ZipEntry } from './zip-directory';

const CHUNK_BYTES = 4 * 1024 * 1024;
const CACHED_CHUNKS = 8;
/** Entries expanding beyond this are streamed: inflated piece by piece as the reader consumes them. */
const WHOLE_ENTRY_BYTES = 16 * 1024 * 1024;
const STREAM_PIECE_BYTES = 1024 * 1024;
const LOCAL_HEADER = 0x04034b50;

export class ZipReader {
	/** Insertion-ordered: the first key is the least recently used chunk. */
	private readonly chunks = new Map<number, Promise<Uint8Array>>();

	constructor(
		private readonly read: RangeReader,
		private readonly fileSize: number
	) {}

	/**
	 * A SourceFile for the entry: nothing is read or inflated until bytes() or stream() is called, and nothing is
	 * kept afterwards (the tree of files lives for the whole import; its bytes must not).
	 */
	file(path: string, entry: ZipEntry): SourceFile {
		const big = entry.originalSize > WHOLE_ENTRY_BYTES;
		return {
			path,
			size: entry.originalSize,
			bytes: () => this.bytes(entry),
			stream: () =>
				big ? this.stream(entry) : fromPending(path, entry.originalSize, this.bytes(entry)).stream()
		};
	}

	async bytes(entry: ZipEntry): Promise<Uint8Array> {
		const raw = await this.range(...(await this.dataRange(entry)));
		if (entry.compression === 0) return raw;
		let out: Uint8Array;
		try {
			out = inflateSync(raw, { out: new Uint8Array(entry.originalSize) });
		} catch (error) {
			throw damaged(entry, error);
		}
		if (out.length !== entry.originalSize)
			throw new ZipFormatError(
				`${entry.name}: damaged in the zip (expands to ${out.length} of ${entry.originalSize} bytes)`
			);
		return out;
	}

	private stream(entry: ZipEntry): ReadableStream<Uint8Array> {
		let position = -1;
		let end = 0;
		let produced = 0;
		let inflater: Inflate | undefined;
		return new ReadableStream<Uint8Array>({
			pull: async (controller) => {
				if (position < 0) [position, end] = await this.dataRange(entry);
				const pieceEnd = Math.min(end, position + STREAM_PIECE_BYTES);
				const piece = await this.read(position, pieceEnd);
				position = pieceEnd;
				const last = position >= end;
				if (entry.compression === 0) controller.enqueue(piece);
				else {
					inflater ??= new Inflate((chunk) => {
						produced += chunk.length;
						// A directory that lies about the size does not get to expand further than it said.
						if (produced > entry.originalSize)
							throw new ZipFormatError(
								`${entry.name}: expands beyond its declared ${entry.originalSize} bytes`
							);
						if (chunk.length > 0) controller.enqueue(chunk);
					});
					try {
						inflater.push(piece, last);
					} catch (error) {
						throw damaged(entry, error);
					}
				}
				if (last) controller.close();
			}
		});
	}

	/** Where the entry's compressed bytes are, from its local header (whose name and extra lengths may differ). */
	private async dataRange(entry: ZipEntry): Promise<[number, number]> {
		const header = await this.range(entry.headerOffset, Math.min(this.fileSize, entry.headerOffset + 30));
		const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
		if (header.length < 30 || view.getUint32(0, true) !== LOCAL_HEADER)
			throw new ZipFormatError(
				`${entry.name}: damaged in the zip (no local header where the directory says)`
			);
		const start = entry.headerOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
		const end = start + entry.size;
		if (end > this.fileSize) throw new ZipFormatError(`${entry.name}: its data lies past the end of the zip`);
		return [start, end];
	}

	private async range(start: number, end: number): Promise<Uint8Array> {
		if (end <= start) return new Uint8Array(0);
		if (end - start > CHUNK_BYTES) return this.read(start, end);
		const first = Math.floor(start / CHUNK_BYTES);
		const last = Math.floor((end - 1) / CHUNK_BYTES);
		const head = await this.chunk(first);
		const from = start - first * CHUNK_BYTES;
		if (first === last) return head.subarray(from, end - first * CHUNK_BYTES);
		const tail = await this.chunk(last);
		const out = new Uint8Array(end - start);
		out.set(head.subarray(from));
		out.set(tail.subarray(0, end - last * CHUNK_BYTES), head.length - from);
		return out;
	}

	private chunk(index: number): Promise<Uint8Array> {
		let chunk = this.chunks.get(index);
		if (chunk) this.chunks.delete(index);
		else {
			const start = index * CHUNK_BYTES;
			chunk = this.read(start, Math.min(this.fileSize, start + CHUNK_BYTES));
			chunk.catch(() => this.chunks.delete(index));
		}
		this.chunks.set(index, chunk);
		if (this.chunks.size > CACHED_CHUNKS) this.chunks.delete(this.chunks.keys().next().value as number);
		return chunk;
	}
}

/** fflate's own words ("invalid distance", "unexpected EOF") about an entry, as a coded error naming it. */
function damaged(entry: ZipEntry, error: unknown): ZipFormatError {
	if (error instanceof ZipFormatError) return error;
	const why = error instanceof Error ? error.message : String(error);
	return new ZipFormatError(`${clipPath(entry.name)}: damaged in the zip (${why})`);
}
