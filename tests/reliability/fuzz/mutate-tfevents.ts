// Mutations of TensorBoard event files that get past the checksums: records are taken apart, changed inside
// (bit flips, wrong wire types, huge varint lengths, deep nesting, spliced fields) and framed again with correct
// CRCs, so the protobuf decoding is what gets exercised; plus raw damage (cut files, lying lengths, bytes
// flipped) that the framing must catch.
import { maskedCrc32c } from '$lib/importers/tensorboard/crc32c';
import type { Prng } from '../prng';
import { concat, mutateBytes } from './mutate-bytes';

export function splitRecords(bytes: Uint8Array): Uint8Array[] {
	const out: Uint8Array[] = [];
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let at = 0; at + 12 <= bytes.length;) {
		const length = view.getUint32(at, true);
		if (at + 16 + length > bytes.length) break;
		out.push(bytes.slice(at + 12, at + 12 + length));
		at += 16 + length;
	}
	return out;
}

/** A record framed with correct CRCs; `declared` lies about the length (its CRC still correct). */
export function frame(data: Uint8Array, declared = data.length): Uint8Array {
	const header = new Uint8Array(12);
	const view = new DataView(header.buffer);
	view.setUint32(0, declared % 2 ** 32, true);
	view.setUint32(4, Math.floor(declared / 2 ** 32), true);
	view.setUint32(8, maskedCrc32c(header.subarray(0, 8)), true);
	const crc = new Uint8Array(4);
	new DataView(crc.buffer).setUint32(0, maskedCrc32c(data), true);
	return concat(header, data, crc);
}

const varint = (n: number): Uint8Array => {
	const out: number[] = [];
	do {
		let b = n % 128;
		n = Math.floor(n / 128);
		if (n > 0) b |= 0x80;
		out.push(b);
	} while (n > 0);
	return new Uint8Array(out);
};

/** A field of wire type 2 with the given number. */
const lengthField = (number: number, body: Uint8Array) =>
	concat(varint(number * 8 + 2), varint(body.length), body);

/** An event whose summary value holds hparams session info nested `depth` Structs deep. */
function deepHparams(depth: number): Uint8Array {
	let value = concat(varint(2 * 8 + 1), new Uint8Array(8)); // number_value 0
	for (let i = 0; i < depth; i++) {
		const entry = concat(lengthField(1, new TextEncoder().encode('k')), lengthField(2, value));
		value = lengthField(5, lengthField(1, entry)); // struct_value { fields { k: value } }
	}
	const hparam = concat(lengthField(1, new TextEncoder().encode('deep')), lengthField(2, value));
	const content = lengthField(3, lengthField(1, hparam));
	const plugin = concat(lengthField(1, new TextEncoder().encode('hparams')), lengthField(2, content));
	const metadata = lengthField(1, plugin);
	const summaryValue = concat(
		lengthField(1, new TextEncoder().encode('_hparams_/session_start_info')),
		lengthField(9, metadata)
	);
	return lengthField(5, lengthField(1, summaryValue));
}

/** One change to one event file. */
export function mutateEventFile(prng: Prng, bytes: Uint8Array, other: Uint8Array): Uint8Array {
	const records = splitRecords(bytes);
	const pick = () => prng.int(Math.max(records.length, 1));
	switch (prng.int(8)) {
		case 0:
			return mutateBytes(prng, bytes); // raw damage: the framing must notice
		case 1: {
			// Inside a record, re-framed: the decoder sees damaged protobuf.
			const i = pick();
			records[i] = mutateBytes(prng, records[i] ?? new Uint8Array(0));
			return concat(...records.map((r) => frame(r)));
		}
		case 2: {
			// A length that lies (with its CRC correct): past the end, huge, or zero.
			const i = pick();
			const declared = prng.pick([0, 1, 2 ** 31, 2 ** 40, (records[i]?.length ?? 0) + 1 + prng.int(100)]);
			return concat(...records.map((r, j) => (j === i ? frame(r, declared) : frame(r))));
		}
		case 3: {
			// Records spliced from another file, in any order.
			const theirs = splitRecords(other);
			const mixed = [...records, ...theirs].filter(() => prng.chance(0.7));
			for (let i = mixed.length - 1; i > 0; i--) {
				const j = prng.int(i + 1);
				[mixed[i], mixed[j]] = [mixed[j] as Uint8Array, mixed[i] as Uint8Array];
			}
			return concat(...mixed.map((r) => frame(r)));
		}
		case 4: {
			// A field's wire type changed (a string where a double was, a varint where a message was…).
			const i = pick();
			const r = (records[i] ?? new Uint8Array(1)).slice();
			if (r.length > 0) r[0] = ((r[0] as number) & ~7) | prng.pick([0, 1, 2, 3, 4, 5, 6, 7]);
			records[i] = r;
			return concat(...records.map((x) => frame(x)));
		}
		case 5: {
			// A huge varint length inside a record.
			const i = pick();
			const r = records[i] ?? new Uint8Array(0);
			const at = prng.int(r.length + 1);
			records[i] = concat(
				r.subarray(0, at),
				varint(prng.pick([2 ** 31, 2 ** 50, 2 ** 53 - 1])),
				r.subarray(at)
			);
			return concat(...records.map((x) => frame(x)));
		}
		case 6:
			// Deep nesting in hparams, beside the file's own records.
			return concat(...records.map((r) => frame(r)), frame(deepHparams(prng.pick([20, 200, 2000]))));
		default:
			// Cut at any byte.
			return bytes.subarray(0, prng.int(bytes.length + 1));
	}
}
