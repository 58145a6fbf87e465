// The browser's own deflate for the bundle writer (zip-sink.ts), and the test that spares already-compressed files
// from deflate. fflate's deflate is 3–5× slower than the browser's zlib, and an export deflates every record it
// writes; CompressionStream may lack "deflate-raw" (older browsers), and then fflate does it. (Hashing has the
// same split, native where it can: src/lib/importers/digest.ts.)

/** Whether this CompressionStream takes "deflate-raw", checked once for each (a test may take it away). */
let checked: { for: unknown; supported: boolean } | undefined;

/** True when CompressionStream('deflate-raw') exists here. */
export function hasNativeDeflate(): boolean {
	const native = globalThis.CompressionStream as unknown;
	if (checked && checked.for === native) return checked.supported;
	let supported = false;
	try {
		new CompressionStream('deflate-raw');
		supported = true;
	} catch {
		// absent, or without "deflate-raw": fflate deflates
	}
	checked = { for: native, supported };
	return supported;
}

/** A raw deflate stream (no zlib header: what a zip entry holds) by the browser's zlib. */
export function nativeDeflateStream(): TransformStream<Uint8Array, Uint8Array> {
	return new CompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>;
}

/** Bytes looked at to tell whether a file is already compressed. */
export const SAMPLE_BYTES = 16 * 1024;

/**
 * Whether the sample's bytes are spread almost evenly over all 256 values (over 7.5 bits of entropy a byte): then
 * the file is compressed or encrypted already (weights, images, archives), and deflate would spend time for
 * nothing — fflate needs ~75 ms a MiB on such bytes. Text, JSON and raw arrays sit far below.
 */
export function looksCompressed(sample: Uint8Array): boolean {
	if (sample.length < 1024) return false;
	const counts = new Uint32Array(256);
	for (let i = 0; i < sample.length; i++) {
		const b = sample[i] as number;
		counts[b] = (counts[b] as number) + 1;
	}
	let bits = 0;
	for (const c of counts) if (c > 0) bits -= (c / sample.length) * Math.log2(c / sample.length);
	return bits > 7.5;
}
