// SHA-256 by the browser's crypto.subtle where it can, else by the pure-JS Sha256 (sha256.ts): the bundle writer
// and reader hash every byte of a bundle, and the native code is 10–20× faster. crypto.subtle exists only in
// secure contexts (Runboard also runs from a plain-http page, docs/architecture.md §5) and is not incremental, so
// it takes only parts small enough to hold whole (HOLD_BYTES); bigger ones stream through Sha256.
import { Sha256, toHex } from './sha256';

/** Parts up to this size may be hashed whole by crypto.subtle; bigger ones go piece by piece through Sha256. */
export const HOLD_BYTES = 64 * 1024 * 1024;

function subtle(): SubtleCrypto | undefined {
	return globalThis.isSecureContext !== false ? globalThis.crypto?.subtle : undefined;
}

/** True when crypto.subtle can hash a part of this size whole (else stream it through Sha256). */
export function canDigestWhole(size: number): boolean {
	return size <= HOLD_BYTES && subtle() !== undefined;
}

/** The SHA-256 of bytes held whole, as hex: by crypto.subtle when it exists here, else in JS. */
export async function digestHex(bytes: Uint8Array): Promise<string> {
	const native = subtle();
	if (native && bytes.length <= HOLD_BYTES)
		return toHex(new Uint8Array(await native.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
	return toHex(new Sha256().update(bytes).digest());
}
