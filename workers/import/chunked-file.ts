// A file's bytes as 1 MiB chunks: what the parse worker sends and the database worker stores as rows of
// artifact_chunks (workers/db/artifacts.ts), so no buffer the size of a large file is ever needed.
export const CHUNK_BYTES = 1024 * 1024;

/** A file's bytes as chunks of at most CHUNK_BYTES, ready to be written. */
export interface ChunkedFile {
	path: string;
	size: number;
	chunks: Uint8Array[];
}

/** Re-chunks a byte stream into CHUNK_BYTES pieces (the last one shorter). */
export async function readChunks(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
	const chunks: Uint8Array[] = [];
	let current = new Uint8Array(CHUNK_BYTES);
	let filled = 0;
	const reader = stream.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		let offset = 0;
		while (offset < value.byteLength) {
			const n = Math.min(CHUNK_BYTES - filled, value.byteLength - offset);
			current.set(value.subarray(offset, offset + n), filled);
			filled += n;
			offset += n;
			if (filled === CHUNK_BYTES) {
				chunks.push(current);
				current = new Uint8Array(CHUNK_BYTES);
				filled = 0;
			}
		}
	}
	if (filled > 0) chunks.push(current.slice(0, filled));
	return chunks;
}

/** Reads a Blob as CHUNK_BYTES slices: at most one chunk is being decoded at a time. */
export async function blobChunks(blob: Blob): Promise<Uint8Array[]> {
	const chunks: Uint8Array[] = [];
	for (let offset = 0; offset < blob.size; offset += CHUNK_BYTES) {
		chunks.push(new Uint8Array(await blob.slice(offset, offset + CHUNK_BYTES).arrayBuffer()));
	}
	return chunks;
}
