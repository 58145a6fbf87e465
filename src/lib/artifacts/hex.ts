// A classic hex dump (offset, 16 bytes in hex, printable ASCII) for the head of a binary file.

export function hexDump(bytes: Uint8Array, maxBytes = 512): string {
	const lines: string[] = [];
	const n = Math.min(bytes.byteLength, maxBytes);
	for (let offset = 0; offset < n; offset += 16) {
		const row = bytes.subarray(offset, Math.min(offset + 16, n));
		const hex = [...row].map((b) => b.toString(16).padStart(2, '0'));
		const left = hex.slice(0, 8).join(' ');
		const right = hex.slice(8).join(' ');
		const printable = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
		lines.push(
			`${offset.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${printable}|`
		);
	}
	return lines.join('\n');
}
