// A zip entry deflated by the browser's CompressionStream instead of fflate (fast-paths.ts says why). fflate's Zip
// still writes the headers: the entry is told the file's own bytes (for the CRC-32 and size the zip records) and
// handed the deflated bytes separately. The bytes stream through, so a big file is never held whole here.
import { ZipPassThrough } from 'fflate';
import { nativeDeflateStream } from './fast-paths';

/** A zip entry whose data is deflated elsewhere: push() takes the file's bytes, emit() the deflated ones. */
export class DeflatedElsewhere extends ZipPassThrough {
	constructor(path: string) {
		super(path);
		this.compression = 8;
	}

	/** The file's own bytes only feed the CRC and size (ZipPassThrough.push); nothing of them is written. */
	protected override process(): void {}

	emit(chunk: Uint8Array, final: boolean): void {
		this.ondata(null, chunk as Uint8Array<ArrayBuffer>, final);
	}
}

/**
 * Deflates `pieces` into `entry`: each piece is counted (and shown to `seen`) before it goes to the compressor,
 * while the compressed output is read concurrently (a CompressionStream stalls when nobody reads it).
 */
export async function pumpThroughNativeDeflate(
	entry: DeflatedElsewhere,
	pieces: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
	seen?: (piece: Uint8Array) => void
): Promise<void> {
	const deflate = nativeDeflateStream();
	const writer = deflate.writable.getWriter();
	const drained = (async () => {
		const reader = deflate.readable.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			if (value.length > 0) entry.emit(value, false);
		}
	})();
	try {
		for await (const piece of pieces) {
			seen?.(piece);
			entry.push(piece);
			await writer.write(piece);
		}
		await writer.close();
	} catch (error) {
		await writer.abort(error).catch(() => undefined);
		await drained.catch(() => undefined);
		throw error;
	}
	await drained;
	entry.push(new Uint8Array(0), true);
	entry.emit(new Uint8Array(0), true);
}
