// The few pieces of the protobuf wire format an event file needs (docs/formats.md §5.3): walk a message's fields,
// read varints, fixed 32/64-bit numbers and length-delimited bytes. Unknown fields are skipped by wire type, a
// repeated field may be split or packed. Anything malformed throws WireError, caught per record by the caller.

export class WireError extends Error {}

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

export interface Field {
	number: number;
	wire: number;
	/** varint (as a JS number: exact up to 2^53, enough for steps and enums) or the fixed numbers' raw view. */
	int: number;
	/** For wire type 2: the field's bytes (a view, not a copy). */
	bytes: Uint8Array;
	/** For wire types 1 and 5: offset of the 8 or 4 bytes in `view`. */
	at: number;
	view: DataView;
}

const EMPTY = new Uint8Array(0);

/** The fields of one message, in order. */
export function* fields(message: Uint8Array): Generator<Field> {
	const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
	const end = message.length;
	let pos = 0;
	const varint = (): number => {
		let result = 0;
		let scale = 1;
		for (let i = 0; i < 10; i++) {
			if (pos >= end) throw new WireError('varint runs past the end of the message');
			const b = message[pos++] as number;
			// Only the low 53 bits are kept exactly; negative int64 (10 bytes) comes out as a large number and is
			// turned back by toSigned64.
			result += (b & 0x7f) * scale;
			scale *= 128;
			if ((b & 0x80) === 0) return result;
		}
		throw new WireError('varint longer than 10 bytes');
	};
	while (pos < end) {
		const key = varint();
		const number = Math.floor(key / 8);
		const wire = key % 8;
		const field: Field = { number, wire, int: 0, bytes: EMPTY, at: 0, view };
		if (wire === WIRE.varint) field.int = varint();
		else if (wire === WIRE.fixed64 || wire === WIRE.fixed32) {
			const size = wire === WIRE.fixed64 ? 8 : 4;
			if (pos + size > end) throw new WireError('fixed-size field runs past the end of the message');
			field.at = pos;
			pos += size;
		} else if (wire === WIRE.bytes) {
			const length = varint();
			if (pos + length > end) throw new WireError('length-delimited field runs past the end of the message');
			field.bytes = message.subarray(pos, pos + length);
			pos += length;
		} else throw new WireError(`unsupported wire type ${wire}`);
		if (number === 0) throw new WireError('field number 0');
		yield field;
	}
}

/** A varint int64 read as a JS number: values past 2^63 are negative numbers in two's complement. */
export function toSigned64(value: number): number {
	return value >= 2 ** 63 ? value - 2 ** 64 : value;
}

export const float32 = (f: Field): number => f.view.getFloat32(f.at, true);
export const float64 = (f: Field): number => f.view.getFloat64(f.at, true);

const utf8 = new TextDecoder('utf-8', { fatal: false });
export const text = (f: Field): string => utf8.decode(f.bytes);

/** The numbers of a repeated field given packed (wire type 2) or one per key. */
export function packedNumbers(f: Field, kind: 'float' | 'double' | 'varint'): number[] {
	if (f.wire === WIRE.fixed32 && kind === 'float') return [float32(f)];
	if (f.wire === WIRE.fixed64 && kind === 'double') return [float64(f)];
	if (f.wire === WIRE.varint && kind === 'varint') return [f.int];
	if (f.wire !== WIRE.bytes) throw new WireError('repeated number field of an unexpected wire type');
	const view = new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
	const out: number[] = [];
	if (kind === 'float') for (let i = 0; i + 4 <= f.bytes.length; i += 4) out.push(view.getFloat32(i, true));
	else if (kind === 'double')
		for (let i = 0; i + 8 <= f.bytes.length; i += 8) out.push(view.getFloat64(i, true));
	else {
		// A packed varint list is a message of bare varints: read it through a key-less walk.
		let pos = 0;
		while (pos < f.bytes.length) {
			let result = 0;
			let scale = 1;
			for (let i = 0; ; i++) {
				if (i >= 10 || pos >= f.bytes.length) throw new WireError('bad packed varint');
				const b = f.bytes[pos++] as number;
				result += (b & 0x7f) * scale;
				scale *= 128;
				if ((b & 0x80) === 0) break;
			}
			out.push(result);
		}
	}
	return out;
}
