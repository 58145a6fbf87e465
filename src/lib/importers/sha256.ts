// SHA-256 (FIPS 180-4), synchronously and incrementally. The browser's crypto.subtle would do, but it exists only
// in secure contexts, and Runboard also runs from a plain-http page (in memory, docs/architecture.md §5): an id
// derived from a hash (ids.ts) must come out the same there, and a bundle's parts (docs/bundle-format.md) are
// checked there too. Bundles hash gigabytes piece by piece, so `Sha256` takes the bytes in any number of
// updates and keeps only one 64-byte block between them. Checked against Node's crypto in
// tests/unit/importer-ids.test.ts and tests/unit/bundle-sha256.test.ts.

const K = new Uint32Array([
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
	0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
	0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2
]);

export class Sha256 {
	private readonly h = new Uint32Array([
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	]);
	private readonly w = new Uint32Array(64);
	/** Bytes of an unfinished block, kept between updates. */
	private readonly pending = new Uint8Array(64);
	private pendingLength = 0;
	private total = 0;

	update(data: Uint8Array): this {
		this.total += data.length;
		let at = 0;
		if (this.pendingLength > 0) {
			const take = Math.min(64 - this.pendingLength, data.length);
			this.pending.set(data.subarray(0, take), this.pendingLength);
			this.pendingLength += take;
			at = take;
			if (this.pendingLength < 64) return this;
			this.blocks(this.pending, 0, 64);
			this.pendingLength = 0;
		}
		const whole = at + Math.floor((data.length - at) / 64) * 64;
		this.blocks(data, at, whole);
		this.pending.set(data.subarray(whole));
		this.pendingLength = data.length - whole;
		return this;
	}

	/** The hash of everything given; the object is spent afterwards. */
	digest(): Uint8Array {
		// Padding: a 1 bit, zeros, and the length in bits as a 64-bit big-endian number, to a multiple of 64 bytes.
		const bits = this.total * 8;
		const tail = new Uint8Array(this.pendingLength + 9 <= 64 ? 64 : 128);
		tail.set(this.pending.subarray(0, this.pendingLength));
		tail[this.pendingLength] = 0x80;
		const view = new DataView(tail.buffer);
		view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
		view.setUint32(tail.length - 4, bits >>> 0);
		this.blocks(tail, 0, tail.length);
		const out = new Uint8Array(32);
		const outView = new DataView(out.buffer);
		this.h.forEach((word, i) => outView.setUint32(i * 4, word));
		return out;
	}

	/** Compresses the 64-byte blocks of data[from, to). */
	private blocks(data: Uint8Array, from: number, to: number): void {
		const { h, w } = this;
		for (let p = from; p < to; p += 64) {
			for (let t = 0; t < 16; t++) {
				const q = p + t * 4;
				w[t] =
					((data[q] as number) << 24) |
					((data[q + 1] as number) << 16) |
					((data[q + 2] as number) << 8) |
					(data[q + 3] as number);
			}
			for (let t = 16; t < 64; t++) {
				const w15 = w[t - 15] as number;
				const w2 = w[t - 2] as number;
				const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
				const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
				w[t] = (w[t - 16] as number) + s0 + (w[t - 7] as number) + s1;
			}
			let a = h[0] as number;
			let b = h[1] as number;
			let c = h[2] as number;
			let d = h[3] as number;
			let e = h[4] as number;
			let f = h[5] as number;
			let g = h[6] as number;
			let hh = h[7] as number;
			for (let t = 0; t < 64; t++) {
				const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
				const choice = (e & f) ^ (~e & g);
				const t1 = (hh + s1 + choice + (K[t] as number) + (w[t] as number)) | 0;
				const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
				const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
				hh = g;
				g = f;
				f = e;
				e = (d + t1) | 0;
				d = c;
				c = b;
				b = a;
				a = (t1 + t2) | 0;
			}
			// A Uint32Array keeps each sum modulo 2^32.
			h[0] = (h[0] as number) + a;
			h[1] = (h[1] as number) + b;
			h[2] = (h[2] as number) + c;
			h[3] = (h[3] as number) + d;
			h[4] = (h[4] as number) + e;
			h[5] = (h[5] as number) + f;
			h[6] = (h[6] as number) + g;
			h[7] = (h[7] as number) + hh;
		}
	}
}

export function sha256(data: Uint8Array): Uint8Array {
	return new Sha256().update(data).digest();
}

export function toHex(bytes: Uint8Array): string {
	let out = '';
	for (const b of bytes) out += b.toString(16).padStart(2, '0');
	return out;
}
