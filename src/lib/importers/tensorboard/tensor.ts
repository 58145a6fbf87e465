// TensorProto (docs/formats.md §5.6): the one number of a rank-0 numeric tensor (TF2 scalars keep it in
// tensor_content, other writers in float_val/double_val/int_val), and the strings of a string tensor (TF2 images:
// width, height, then encoded images).
import { fields, packedNumbers, toSigned64, WIRE } from './protobuf';

const DT = {
	float: 1,
	double: 2,
	int32: 3,
	uint8: 4,
	int16: 5,
	int8: 6,
	string: 7,
	int64: 9,
	bool: 10
} as const;
const DT_BFLOAT16 = 14;
const DT_HALF = 19;

interface Tensor {
	dtype: number;
	rank: number;
	/** Elements in the shape (1 for rank 0). */
	elements: number;
	content?: Uint8Array;
	numbers: number[];
	strings: Uint8Array[];
}

function decodeTensor(bytes: Uint8Array): Tensor {
	const t: Tensor = { dtype: 0, rank: 0, elements: 1, numbers: [], strings: [] };
	for (const f of fields(bytes)) {
		if (f.number === 1 && f.wire === WIRE.varint) t.dtype = f.int;
		else if (f.number === 2 && f.wire === WIRE.bytes) {
			for (const d of fields(f.bytes)) {
				if (d.number !== 2 || d.wire !== WIRE.bytes) continue;
				t.rank++;
				for (const s of fields(d.bytes)) if (s.number === 1 && s.wire === WIRE.varint) t.elements *= s.int;
			}
		} else if (f.number === 4 && f.wire === WIRE.bytes) t.content = f.bytes;
		else if (f.number === 5) t.numbers.push(...packedNumbers(f, 'float'));
		else if (f.number === 6) t.numbers.push(...packedNumbers(f, 'double'));
		else if (f.number === 7 || f.number === 11 || f.number === 13)
			t.numbers.push(...packedNumbers(f, 'varint').map((n) => (f.number === 7 ? n | 0 : n)));
		else if (f.number === 10) t.numbers.push(...packedNumbers(f, 'varint').map(toSigned64));
		else if (f.number === 8 && f.wire === WIRE.bytes) t.strings.push(f.bytes);
	}
	return t;
}

function halfToNumber(bits: number): number {
	const sign = bits & 0x8000 ? -1 : 1;
	const exponent = (bits >> 10) & 0x1f;
	const fraction = bits & 0x3ff;
	if (exponent === 0) return sign * fraction * 2 ** -24;
	if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
	return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function fromContent(dtype: number, content: Uint8Array): number | undefined {
	const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
	const need = (n: number) => content.length >= n;
	if (dtype === DT.float && need(4)) return view.getFloat32(0, true);
	if (dtype === DT.double && need(8)) return view.getFloat64(0, true);
	if (dtype === DT.int32 && need(4)) return view.getInt32(0, true);
	if (dtype === DT.int64 && need(8)) return Number(view.getBigInt64(0, true));
	if (dtype === DT.int16 && need(2)) return view.getInt16(0, true);
	if (dtype === DT.int8 && need(1)) return view.getInt8(0);
	if ((dtype === DT.uint8 || dtype === DT.bool) && need(1)) return view.getUint8(0);
	if (dtype === DT_HALF && need(2)) return halfToNumber(view.getUint16(0, true));
	if (dtype === DT_BFLOAT16 && need(2)) {
		const bits = new DataView(new ArrayBuffer(4));
		bits.setUint16(0, view.getUint16(0, true));
		return bits.getFloat32(0);
	}
	return undefined;
}

/** The value of a one-element numeric tensor; undefined for anything else (strings, vectors, unknown types). */
export function scalarOf(bytes: Uint8Array): number | undefined {
	const t = decodeTensor(bytes);
	if (t.elements !== 1 || t.dtype === DT.string) return undefined;
	if (t.content && t.content.length > 0) return fromContent(t.dtype, t.content);
	const first = t.numbers[0];
	if (first === undefined) return undefined;
	if (t.dtype === DT_HALF) return halfToNumber(first);
	if (t.dtype === DT_BFLOAT16)
		return fromContent(DT_BFLOAT16, new Uint8Array([first & 0xff, (first >> 8) & 0xff]));
	return first;
}

/** The elements of a string tensor (TF2's images plugin: width, height, then each encoded image). */
export function stringsOf(bytes: Uint8Array): Uint8Array[] {
	const t = decodeTensor(bytes);
	return t.dtype === DT.string ? t.strings : [];
}
