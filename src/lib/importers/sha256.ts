// SHA-256 (FIPS 180-4) of a byte array, synchronously. The browser's crypto.subtle would do, but it exists only
// in secure contexts, and Runboard also runs from a plain-http page (in memory, docs/architecture.md §5): an id
// derived from a hash (ids.ts) must come out the same there. Ids hash a few hundred bytes, so speed is no concern.
// Checked against Node's crypto in tests/unit/importer-ids.test.ts.

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

type Eight = [number, number, number, number, number, number, number, number];

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

export function sha256(data: Uint8Array): Uint8Array {
	// Padding: a 1 bit, zeros, and the length in bits as a 64-bit big-endian number, to a multiple of 64 bytes.
	const blocks = Math.ceil((data.length + 9) / 64);
	const padded = new Uint8Array(blocks * 64);
	padded.set(data);
	padded[data.length] = 0x80;
	const view = new DataView(padded.buffer);
	const bits = data.length * 8;
	view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
	view.setUint32(padded.length - 4, bits >>> 0);

	const h = new Uint32Array([
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	]);
	const w = new Uint32Array(64);
	for (let block = 0; block < blocks; block++) {
		for (let t = 0; t < 16; t++) w[t] = view.getUint32(block * 64 + t * 4);
		for (let t = 16; t < 64; t++) {
			const w15 = w[t - 15] as number;
			const w2 = w[t - 2] as number;
			const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
			const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
			w[t] = (w[t - 16] as number) + s0 + (w[t - 7] as number) + s1;
		}
		let [a, b, c, d, e, f, g, hh] = Array.from(h) as Eight;
		for (let t = 0; t < 64; t++) {
			const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
			const choice = (e & f) ^ (~e & g);
			const t1 = (hh + s1 + choice + (K[t] as number) + (w[t] as number)) >>> 0;
			const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
			const majority = (a & b) ^ (a & c) ^ (b & c);
			const t2 = (s0 + majority) >>> 0;
			[hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
		}
		// A Uint32Array keeps each sum modulo 2^32.
		[a, b, c, d, e, f, g, hh].forEach((x, i) => (h[i] = (h[i] as number) + x));
	}
	const out = new Uint8Array(32);
	const outView = new DataView(out.buffer);
	h.forEach((word, i) => outView.setUint32(i * 4, word));
	return out;
}
