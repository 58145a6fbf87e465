// A run's metric points as one binary part (runs/<n>/metrics.bin, docs/bundle-format.md §4): a header, the
// keys as JSON, then four columns. Every number is little-endian, and each column is "byte-shuffled" (all first
// bytes, then all second bytes, …, as HDF5's and Blosc's shuffle filter): steps, timestamps and smooth values
// share their high bytes, so the zip's deflate finds long runs there. float64 keeps NaN, ±Infinity and −0 bit
// for bit (a NaN's payload too).
import type { PackedMetrics } from '../../api/db-api';

const MAGIC = 0x314d4252; // "RBM1" read as a little-endian uint32
const HEADER_BYTES = 16;

/** The part's bytes for these points. */
export function encodeMetrics(metrics: PackedMetrics): Uint8Array<ArrayBuffer> {
	const keys = new TextEncoder().encode(JSON.stringify(metrics.keys));
	const n = metrics.values.length;
	const keysEnd = HEADER_BYTES + keys.length;
	const out = new Uint8Array(keysEnd + n * (4 + 8 * 3));
	const view = new DataView(out.buffer);
	view.setUint32(0, MAGIC, true);
	view.setUint32(4, n, true);
	view.setUint32(8, metrics.keys.length, true);
	view.setUint32(12, keys.length, true);
	out.set(keys, HEADER_BYTES);
	let at = keysEnd;
	for (const column of [metrics.keyIndex, metrics.steps, metrics.timestamps, metrics.values]) {
		at = shuffle(littleEndianBytes(column), column.BYTES_PER_ELEMENT, out, at);
	}
	return out;
}

/** The points back; a part that does not hold what its header says is refused with the reason. */
export function decodeMetrics(bytes: Uint8Array): PackedMetrics {
	if (bytes.length < HEADER_BYTES) throw new Error('shorter than its 16-byte header');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (view.getUint32(0, true) !== MAGIC) throw new Error('does not start with "RBM1"');
	const n = view.getUint32(4, true);
	const keyCount = view.getUint32(8, true);
	const keysLength = view.getUint32(12, true);
	const keysEnd = HEADER_BYTES + keysLength;
	if (bytes.length !== keysEnd + n * 28)
		throw new Error(`holds ${bytes.length} bytes, not the ${keysEnd + n * 28} its header says`);
	const keys: unknown = JSON.parse(
		new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, keysEnd))
	);
	if (!Array.isArray(keys) || keys.length !== keyCount || keys.some((k) => typeof k !== 'string'))
		throw new Error(`its key list is not ${keyCount} strings`);
	let at = keysEnd;
	const take = <T extends Uint32Array | Float64Array>(make: (buffer: ArrayBuffer) => T, width: number): T => {
		const column = make(unshuffle(bytes, at, n, width));
		at += n * width;
		return column;
	};
	const keyIndex = take((b) => new Uint32Array(b), 4);
	const steps = take((b) => new Float64Array(b), 8);
	const timestamps = take((b) => new Float64Array(b), 8);
	const values = take((b) => new Float64Array(b), 8);
	for (const k of keyIndex) if (k >= keyCount) throw new Error(`a point names key ${k} of ${keyCount}`);
	return { keys: keys as string[], keyIndex, steps, timestamps, values };
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The column's bytes in little-endian order (a copy only on a big-endian machine). */
function littleEndianBytes(column: Uint32Array | Float64Array): Uint8Array {
	const bytes = new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
	return littleEndian ? bytes : swapped(bytes, column.BYTES_PER_ELEMENT);
}

function swapped(bytes: Uint8Array, width: number): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(bytes.length);
	for (let i = 0; i < bytes.length; i += width)
		for (let b = 0; b < width; b++) out[i + b] = bytes[i + width - 1 - b] as number;
	return out;
}

function shuffle(bytes: Uint8Array, width: number, out: Uint8Array, at: number): number {
	const n = bytes.length / width;
	for (let b = 0; b < width; b++) {
		const plane = at + b * n;
		for (let i = 0; i < n; i++) out[plane + i] = bytes[i * width + b] as number;
	}
	return at + bytes.length;
}

function unshuffle(bytes: Uint8Array, at: number, n: number, width: number): ArrayBuffer {
	const out = new Uint8Array(n * width);
	for (let b = 0; b < width; b++) {
		const plane = at + b * n;
		for (let i = 0; i < n; i++) out[i * width + b] = bytes[plane + i] as number;
	}
	return (littleEndian ? out : swapped(out, width)).buffer as ArrayBuffer;
}

/** The point count of a metrics part, from its header, after checking the part's length agrees with it. */
export function readMetricCount(bytes: Uint8Array): number {
	if (bytes.length < HEADER_BYTES) throw new Error('shorter than its 16-byte header');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (view.getUint32(0, true) !== MAGIC) throw new Error('does not start with "RBM1"');
	const n = view.getUint32(4, true);
	if (bytes.length !== HEADER_BYTES + view.getUint32(12, true) + n * 28)
		throw new Error('its length disagrees with its header');
	return n;
}
