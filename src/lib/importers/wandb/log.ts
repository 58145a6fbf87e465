// W&B's run log (`run-<id>.wandb`): LevelDB's log format with a file header of its own (docs/formats.md §6.8).
// The file starts with `:W&B`, the magic 0xBEE1 and version 0 (7 bytes); the rest is 32 KiB blocks of records,
// each a 7-byte header (CRC-32 of type and data, length, type) and its data. A block's last < 7 bytes are zero
// padding. A message larger than what is left of a block is split into FIRST, MIDDLE… and LAST records.
// Records never cross a block boundary, so damage costs at most the rest of its block: a record whose CRC is
// wrong is skipped (with the message it belongs to); a length that runs past the block or an unknown type ends
// the block, and reading goes on at the next one, as LevelDB's own reader does.
import type { SourceFile } from '../types';
import { crc32 } from './crc32';

export const BLOCK = 32 * 1024;
const HEADER = 7;
export const FILE_HEADER = Uint8Array.of(0x3a, 0x57, 0x26, 0x42, 0xe1, 0xbe, 0x00);
/** One message of the log; W&B's largest (a big config or summary) are well under this. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

// Record types; 3 is MIDDLE, taken like LAST but without ending the message.
const FULL = 1;
const FIRST = 2;
const LAST = 4;
const TYPE_CRC = [0, 1, 2, 3, 4].map((t) => crc32(Uint8Array.of(t)));

export type LogProblem =
	| { kind: 'crc'; offset: number }
	| { kind: 'bad-record'; offset: number; why: string }
	| { kind: 'truncated'; offset: number };

export interface LogMessage {
	/** File offset of the message's first record. */
	offset: number;
	data: Uint8Array;
}

/** The file starts with W&B's log header. */
export function hasLogHeader(head: Uint8Array): boolean {
	return head.length >= FILE_HEADER.length && FILE_HEADER.every((b, i) => head[i] === b);
}

/** Joins fragments of a message; null while none is open. */
class Fragments {
	parts: Uint8Array[] | null = null;
	size = 0;
	offset = 0;
	start(offset: number, data: Uint8Array) {
		this.parts = [data];
		this.size = data.length;
		this.offset = offset;
	}
	join(): Uint8Array {
		const out = new Uint8Array(this.size);
		let at = 0;
		for (const p of this.parts ?? []) {
			out.set(p, at);
			at += p.length;
		}
		this.parts = null;
		return out;
	}
}

/**
 * Every whole message of the log, in order; problems go to `onProblem` with their byte offset. The file is read
 * a block at a time, never whole.
 */
export async function* readLog(
	file: SourceFile,
	onProblem: (p: LogProblem) => void
): AsyncGenerator<LogMessage> {
	const reader = file.stream().getReader();
	let pending: Uint8Array = new Uint8Array(0);
	let base = 0;
	let ended = false;
	const nextBlock = async (): Promise<Uint8Array> => {
		while (!ended && pending.length < BLOCK) {
			const { value, done } = await reader.read();
			if (done) ended = true;
			else pending = concat(pending, value);
		}
		const block = pending.subarray(0, BLOCK);
		pending = pending.subarray(block.length);
		return block;
	};
	const frag = new Fragments();
	try {
		const head = await nextBlock();
		if (!hasLogHeader(head)) throw new Error('it does not start with the header of a W&B run log');
		pending = concat(head, pending);
		for (let first = true; ; first = false) {
			const blockStart = base;
			const block = await nextBlock();
			base += block.length;
			if (block.length === 0) break;
			let pos = first ? FILE_HEADER.length : 0;
			while (pos + HEADER <= block.length) {
				const at = blockStart + pos;
				const view = new DataView(block.buffer, block.byteOffset + pos, HEADER);
				const crc = view.getUint32(0, true);
				const length = view.getUint16(4, true);
				const type = view.getUint8(6);
				// All zero: padding, or space a writer reserved and never filled.
				if (crc === 0 && length === 0 && type === 0) break;
				if (pos + HEADER + length > block.length) {
					if (ended && block.length < BLOCK) onProblem({ kind: 'truncated', offset: at });
					else onProblem({ kind: 'bad-record', offset: at, why: 'its length runs past its block' });
					// A split message open across the lost bytes cannot be completed.
					frag.parts = null;
					break;
				}
				const data = block.subarray(pos + HEADER, pos + HEADER + length);
				if (type < FULL || type > LAST) {
					onProblem({ kind: 'bad-record', offset: at, why: `unknown record type ${type}` });
					frag.parts = null;
					break;
				}
				pos += HEADER + length;
				if (crc32(data, TYPE_CRC[type]) !== crc) {
					// Only this record is skipped: were its length wrong, the next header would not check out
					// (and that ends the block).
					onProblem({ kind: 'crc', offset: at });
					frag.parts = null;
					continue;
				}
				if (type === FULL || type === FIRST) {
					if (frag.parts)
						onProblem({ kind: 'bad-record', offset: frag.offset, why: 'a split message has no end' });
					if (type === FULL) {
						frag.parts = null;
						yield { offset: at, data: data.slice() };
					} else frag.start(at, data.slice());
				} else if (!frag.parts) {
					onProblem({ kind: 'bad-record', offset: at, why: 'a message part has no start' });
				} else if (frag.size + length > MAX_MESSAGE_BYTES) {
					onProblem({ kind: 'bad-record', offset: frag.offset, why: 'a message is over 64 MB' });
					frag.parts = null;
				} else {
					frag.parts.push(data.slice());
					frag.size += length;
					if (type === LAST) yield { offset: frag.offset, data: frag.join() };
				}
			}
			if (ended && pending.length === 0) {
				// A trailer shorter than a header at the very end: a write cut inside a record header.
				if (
					block.length < BLOCK &&
					pos < block.length &&
					pos + HEADER > block.length &&
					block.subarray(pos).some((b) => b !== 0)
				)
					onProblem({ kind: 'truncated', offset: blockStart + pos });
				break;
			}
		}
		if (frag.parts) onProblem({ kind: 'truncated', offset: frag.offset });
	} finally {
		void reader.cancel().catch(() => undefined);
	}
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	if (a.length === 0) return b;
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}
