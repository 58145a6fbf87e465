// CRC-32 as zlib computes it (IEEE polynomial, reflected): W&B's run log checks each record with it, seeded with
// the CRC of the record's type byte (docs/formats.md §6.8).

const TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

/** zlib.crc32(bytes, seed): continues a CRC over more bytes (seed 0 starts one). */
export function crc32(bytes: Uint8Array, seed = 0): number {
	let c = ~seed >>> 0;
	for (let i = 0; i < bytes.length; i++) c = (TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
	return ~c >>> 0;
}
