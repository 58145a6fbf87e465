// MD5 of UTF-8 text, as hex. MLflow's file store names a dataset's folder md5(name + digest) and a run input's
// folder md5(dataset id + run id) (FileStore._get_dataset_id): the export names them the same way, so MLflow
// logging the same dataset again into the exported tree finds the folder instead of writing a second one. Not
// for security: MD5 is only the name MLflow chose. Web Crypto has no MD5, hence these few lines (RFC 1321).

/** Per-round left rotations and the sine table K[i] = floor(|sin(i + 1)| · 2^32). */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

export function md5Hex(text: string): string {
	const data = new TextEncoder().encode(text);
	// Padding: 0x80, zeros up to 56 mod 64, then the bit length as 64-bit little-endian.
	const padded = new Uint8Array((((data.length + 8) >>> 6) + 1) * 64);
	padded.set(data);
	padded[data.length] = 0x80;
	const view = new DataView(padded.buffer);
	view.setUint32(padded.length - 8, (data.length * 8) >>> 0, true);
	view.setUint32(padded.length - 4, Math.floor((data.length * 8) / 2 ** 32), true);

	let a0 = 0x67452301;
	let b0 = 0xefcdab89;
	let c0 = 0x98badcfe;
	let d0 = 0x10325476;
	for (let offset = 0; offset < padded.length; offset += 64) {
		let [a, b, c, d] = [a0, b0, c0, d0];
		for (let i = 0; i < 64; i++) {
			const round = i >>> 4;
			let f: number;
			let g: number;
			if (round === 0) [f, g] = [(b & c) | (~b & d), i];
			else if (round === 1) [f, g] = [(d & b) | (~d & c), (5 * i + 1) & 15];
			else if (round === 2) [f, g] = [b ^ c ^ d, (3 * i + 5) & 15];
			else [f, g] = [c ^ (b | ~d), (7 * i) & 15];
			const sum = (a + f + (K[i] ?? 0) + view.getUint32(offset + g * 4, true)) >>> 0;
			const shift = SHIFTS[round * 4 + (i & 3)] ?? 0;
			a = d;
			d = c;
			c = b;
			b = (b + ((sum << shift) | (sum >>> (32 - shift)))) >>> 0;
		}
		a0 = (a0 + a) >>> 0;
		b0 = (b0 + b) >>> 0;
		c0 = (c0 + c) >>> 0;
		d0 = (d0 + d) >>> 0;
	}
	const out = new DataView(new ArrayBuffer(16));
	[a0, b0, c0, d0].forEach((word, i) => out.setUint32(i * 4, word, true));
	return [...new Uint8Array(out.buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
