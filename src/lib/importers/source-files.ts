// SourceFile builders for what the browser hands us (File/Blob) and for bytes already in memory (zip entries,
// downloads, tests). Browser-safe: no Node APIs here.
import type { SourceFile } from './types';

/** Chunk size of streams over in-memory bytes: small enough that line readers see chunk boundaries. */
const CHUNK_BYTES = 64 * 1024;

/** A SourceFile over bytes already in memory. The bytes are shared, not copied. */
export function fromBytes(path: string, bytes: Uint8Array): SourceFile {
	return {
		path,
		size: bytes.byteLength,
		bytes: async () => bytes,
		stream: () => chunkedStream(bytes)
	};
}

/** A SourceFile over a File or Blob: nothing is read until bytes() or stream() is called. */
export function fromBlob(path: string, blob: Blob): SourceFile {
	return {
		path,
		size: blob.size,
		bytes: async () => new Uint8Array(await blob.arrayBuffer()),
		stream: () => blob.stream() as ReadableStream<Uint8Array>
	};
}

function chunkedStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
	let offset = 0;
	return new ReadableStream<Uint8Array>({
		pull(controller) {
			if (offset >= bytes.byteLength) {
				controller.close();
				return;
			}
			const end = Math.min(offset + CHUNK_BYTES, bytes.byteLength);
			controller.enqueue(bytes.subarray(offset, end));
			offset = end;
		}
	});
}
