// SourceFile builders for what the browser hands us (File/Blob) and for bytes already in memory (zip entries,
// downloads, tests), and grouped reads of many small files. Browser-safe: no Node APIs here.
import type { SourceFile } from './types';

/** Chunk size of streams over in-memory bytes: small enough that line readers see chunk boundaries. */
const CHUNK_BYTES = 64 * 1024;

/** The Blob behind each SourceFile made by fromBlob, so groups of them can be read with one request. */
const blobs = new WeakMap<SourceFile, Blob>();

/** A SourceFile over bytes already in memory. The bytes are shared, not copied. */
export function fromBytes(path: string, bytes: Uint8Array): SourceFile {
	return {
		path,
		size: bytes.byteLength,
		bytes: async () => bytes,
		stream: () => chunkedStream(bytes)
	};
}

/** A SourceFile whose bytes are on their way: stream() and bytes() wait for them. */
export function fromPending(path: string, size: number, pending: Promise<Uint8Array>): SourceFile {
	pending.catch(() => undefined); // a read error surfaces when the file is used, not as an unhandled rejection
	return {
		path,
		size,
		bytes: () => pending,
		stream: () =>
			new ReadableStream<Uint8Array>({
				async pull(controller) {
					try {
						controller.enqueue(await pending);
						controller.close();
					} catch (error) {
						controller.error(error);
					}
				}
			})
	};
}

/** True for files read from the browser's blob store (where reading many of them together pays). */
export function isBlobBacked(file: SourceFile): boolean {
	return blobs.has(file);
}

/** A SourceFile over a File or Blob: nothing is read until bytes() or stream() is called. */
export function fromBlob(path: string, blob: Blob): SourceFile {
	const file: SourceFile = {
		path,
		size: blob.size,
		bytes: async () => new Uint8Array(await blob.arrayBuffer()),
		stream: () => blob.stream() as ReadableStream<Uint8Array>
	};
	blobs.set(file, blob);
	return file;
}

/**
 * The bytes of every file, in order. Files from the browser are read as ONE Blob made of them all: each read of
 * a dropped File is a round trip to the browser's blob store, and 27,000 of them one by one took seconds. If the
 * grouped read fails (a file changed or vanished since it was picked), each file is read alone, so only the
 * broken one fails.
 */
export function readTogether(files: SourceFile[]): Promise<Uint8Array>[] {
	const parts = files.map((f) => blobs.get(f));
	if (files.length < 2 || parts.some((b) => b === undefined)) return files.map((f) => f.bytes());
	const total = files.reduce((sum, f) => sum + f.size, 0);
	const whole = new Blob(parts as Blob[]).arrayBuffer().then(
		(buffer) => (buffer.byteLength === total ? buffer : undefined),
		() => undefined
	);
	let offset = 0;
	return files.map((file) => {
		const start = offset;
		offset += file.size;
		return whole.then((buffer) => (buffer ? new Uint8Array(buffer, start, file.size) : file.bytes()));
	});
}

/** Reads byte ranges of a file: slices of its Blob when it has one (nothing else is loaded), else its bytes. */
export function rangeReader(file: SourceFile): (start: number, end: number) => Promise<Uint8Array> {
	const blob = blobs.get(file);
	if (blob) return async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer());
	let whole: Promise<Uint8Array> | undefined;
	return async (start, end) => (await (whole ??= file.bytes())).subarray(start, end);
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
