// Test helper: W&B run logs taken apart into their messages and framed again the way the SDK writes them
// (LevelDB-log records in 32 KiB blocks, each with its CRC-32 over type and data), so that tests can damage one
// record, or change a message and still get past the checksums to the decoder.
import { crc32 } from '$lib/importers/wandb/crc32';
import { BLOCK, FILE_HEADER } from '$lib/importers/wandb/log';

const HEADER = 7;

/** The messages of a sound log, in order (FIRST/MIDDLE/LAST joined); stops at the first damaged record. */
export function splitMessages(bytes: Uint8Array): Uint8Array[] {
	const out: Uint8Array[] = [];
	let parts: number[] = [];
	let pos = FILE_HEADER.length;
	while (pos + HEADER <= bytes.length) {
		const left = BLOCK - (pos % BLOCK);
		if (left < HEADER) {
			pos += left;
			continue;
		}
		const length = (bytes[pos + 4] as number) | ((bytes[pos + 5] as number) << 8);
		const type = bytes[pos + 6] as number;
		if (type === 0 || pos + HEADER + length > bytes.length) break;
		const data = [...bytes.subarray(pos + HEADER, pos + HEADER + length)];
		pos += HEADER + length;
		if (type === 1) out.push(Uint8Array.from(data));
		else if (type === 2) parts = data;
		else {
			parts.push(...data);
			if (type === 4) out.push(Uint8Array.from(parts));
		}
	}
	return out;
}

export interface Framing {
	/** Record type to write instead of the right one, per record index (wrong types). */
	typeOf?: (index: number, type: number) => number;
	/** Length to declare instead of the right one (its CRC is still computed over the real data). */
	lengthOf?: (index: number, length: number) => number;
}

/** Messages framed as W&B's writer frames them; the byte offset of each message's first record is returned too. */
export function writeLog(
	messages: Uint8Array[],
	framing: Framing = {}
): { bytes: Uint8Array; offsets: number[] } {
	const out: number[] = [...FILE_HEADER];
	const offsets: number[] = [];
	let index = 0;
	const record = (type: number, data: Uint8Array) => {
		const t = framing.typeOf?.(index, type) ?? type;
		const length = framing.lengthOf?.(index, data.length) ?? data.length;
		index++;
		const crc = crc32(data, crc32(Uint8Array.of(t & 0xff)));
		out.push(
			crc & 0xff,
			(crc >>> 8) & 0xff,
			(crc >>> 16) & 0xff,
			crc >>> 24,
			length & 0xff,
			(length >>> 8) & 0xff,
			t & 0xff
		);
		for (const b of data) out.push(b);
	};
	for (const message of messages) {
		let left = BLOCK - (out.length % BLOCK);
		if (left < HEADER) {
			for (let i = 0; i < left; i++) out.push(0);
			left = BLOCK;
		}
		offsets.push(out.length);
		if (message.length + HEADER <= left) {
			record(1, message);
			continue;
		}
		let at = left - HEADER;
		record(2, message.subarray(0, at));
		while (message.length - at > BLOCK - HEADER) {
			record(3, message.subarray(at, at + BLOCK - HEADER));
			at += BLOCK - HEADER;
		}
		record(4, message.subarray(at));
	}
	return { bytes: Uint8Array.from(out), offsets };
}
