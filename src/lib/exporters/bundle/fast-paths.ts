// The browser's own deflate and SHA-256 where it has them, for the bundle writer (zip-sink.ts). fflate's deflate
// and the pure-JS SHA-256 (src/lib/importers/sha256.ts) are 3–5× slower than the browser's native code, and an
// export deflates and hashes every byte it writes. Both fall back to the JS code: CompressionStream may lack
// "deflate-raw" (older browsers), and crypto.subtle exists only in secure contexts (Runboard also runs from a
// plain-http page, docs/architecture.md §5). crypto.subtle.digest is not incremental, so it is used only for
// parts small enough to hold whole (HOLD_BYTES); bigger ones stream through the JS hash.
import { Sha256, toHex } from '$lib/importers/sha256';

/** Parts up to this size are hashed whole by crypto.subtle; bigger ones piece by piece in JS. */
export const HOLD_BYTES = 64 * 1024 * 1024;

let deflateRawSupported: boolean | undefined;

/** True when CompressionStream('deflate-raw') exists here (checked once). */
export function hasNativeDeflate(): boolean {
	if (deflateRawSupported === undefined) {
		try {
			new CompressionStream('deflate-raw');
			deflateRawSupported = true;
		} catch {
			deflateRawSupported = false;
		}
	}
	return deflateRawSupported;
}

/** A raw deflate stream (no zlib header: what a zip entry holds) by the browser's zlib. */
export function nativeDeflateStream(): TransformStream<Uint8Array, Uint8Array> {
	return new CompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>;
}

function subtle(): SubtleCrypto | undefined {
	return globalThis.isSecureContext !== false ? globalThis.crypto?.subtle : undefined;
}

/** The SHA-256 of bytes held whole, as hex: by crypto.subtle when it exists, else in JS. */
export async function digestHex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
	const native = subtle();
	if (native && bytes.length <= HOLD_BYTES)
		return toHex(new Uint8Array(await native.digest('SHA-256', bytes)));
	return toHex(new Sha256().update(bytes).digest());
}

/** True when crypto.subtle can hash a part of this size (else stream it through Sha256). */
export function canDigestWhole(size: number): boolean {
	return size <= HOLD_BYTES && subtle() !== undefined;
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
	for (const b of sample) counts[b] = (counts[b] as number) + 1;
	let bits = 0;
	for (const c of counts) if (c > 0) bits -= (c / sample.length) * Math.log2(c / sample.length);
	return bits > 7.5;
}
