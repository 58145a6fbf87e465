// A fast 64-bit fingerprint of a stream of bytes, for the bulk of a run's content (every metric point and every
// artifact byte). It tells an import whether a run it meets again changed, so it must be cheap on a first import
// (SHA-256 in JavaScript runs at ~60 MB/s here and made a first import of 1M points ~1.3× slower; this runs at
// several hundred MB/s). It is not a cryptographic hash: a crafted input could collide on purpose, and all that
// would buy is an updated run left as it was stored — never a wrong value written. Two independent 32-bit lanes
// (MurmurHash3's and xxHash32's rounds, each with its own constants) over 32-bit little-endian words; the bytes are
// the same whatever chunks they arrive in (a carry holds a word split across chunks).

const M1 = 0xcc9e2d51;
const M2 = 0x1b873593;
const X1 = 0x9e3779b1;
const X2 = 0x85ebca77;

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

/** MurmurHash3's final avalanche: every input bit reaches every output bit. */
function avalanche(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

export class Fingerprint {
	private a = 0x2f1e3d4c;
	private b = 0x6a09e667;
	private length = 0;
	private readonly carry = new Uint8Array(4);
	private carried = 0;

	private word(k: number): void {
		let m = Math.imul(k, M1);
		m = Math.imul(rotl(m, 15), M2);
		this.a = (Math.imul(rotl(this.a ^ m, 13), 5) + 0xe6546b64) | 0;
		this.b = Math.imul(rotl((this.b + Math.imul(k, X2)) | 0, 13), X1);
	}

	update(bytes: Uint8Array): this {
		this.length += bytes.byteLength;
		let i = 0;
		while (this.carried > 0 && this.carried < 4 && i < bytes.byteLength)
			this.carry[this.carried++] = bytes[i++]!;
		if (this.carried === 4) {
			this.word(new DataView(this.carry.buffer).getUint32(0, true));
			this.carried = 0;
		}
		const rest = bytes.byteLength - i;
		const whole = rest - (rest % 4);
		const start = bytes.byteOffset + i;
		// Whole words straight from the buffer when aligned (the usual case: typed array columns), else copied once.
		const words =
			start % 4 === 0
				? new Uint32Array(bytes.buffer, start, whole / 4)
				: new Uint32Array(bytes.slice(i, i + whole).buffer);
		for (let w = 0; w < words.length; w++) this.word(words[w]!);
		for (let t = i + whole; t < bytes.byteLength; t++) this.carry[this.carried++] = bytes[t]!;
		return this;
	}

	/** 16 hex characters; the fingerprint can be updated no further. */
	hex(): string {
		if (this.carried > 0) {
			this.carry.fill(0, this.carried);
			this.word(new DataView(this.carry.buffer).getUint32(0, true) ^ (this.carried << 29));
		}
		const a = avalanche(this.a ^ this.length);
		const b = avalanche(this.b ^ Math.floor(this.length / 2 ** 32) ^ a);
		return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
	}
}

/** Bytes of a typed array exactly as they are in memory. */
const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * The fingerprint of a run's bulk: its metric columns (the raw float bytes, so NaN, ±Infinity and −0 count), then
 * every artifact byte. Computed by the reader (prepare.ts), so the writer's digest of the run (run-digest.ts in
 * workers/db/import/) only hashes the few described fields: at 1,000 runs it took ~0.5 s of the writer's time.
 */
export function bulkFingerprint(columns: ArrayBufferView[], artifacts: { chunks: Uint8Array[] }[]): string {
	const bulk = new Fingerprint();
	for (const column of columns) bulk.update(bytesOf(column));
	for (const file of artifacts) for (const chunk of file.chunks) bulk.update(chunk);
	return bulk.hex();
}
