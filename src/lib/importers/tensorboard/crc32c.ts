// CRC-32C (Castagnoli), as TFRecord frames use it: reflected polynomial 0x82F63B78, initial and final XOR
// 0xFFFFFFFF, then "masked" (rotated right by 15 and offset) so that a CRC of data holding CRCs stays strong.
// Check values (docs/formats.md §5): crc32c("123456789") = 0xE3069283; the masked CRC of the length 24 is
// 0x224B7FA3.

const TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

export function crc32c(bytes: Uint8Array): number {
	let crc = 0xffffffff;
	for (let i = 0; i < bytes.length; i++) {
		crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
	}
	return (crc ^ 0xffffffff) >>> 0;
}

export function maskedCrc32c(bytes: Uint8Array): number {
	const crc = crc32c(bytes);
	return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
