// A zip writer that can lie: duplicate names, sizes that are not the data's, wrong methods and flags, offsets
// elsewhere. fflate's zipSync writes only honest archives; the importer must survive dishonest ones.
import { deflateSync } from 'fflate';
import { concat } from './mutate-bytes';

export interface RawEntry {
	name: Uint8Array;
	/** The bytes as stored in the archive (deflated when method is 8). */
	data: Uint8Array;
	method: number;
	flags: number;
	/** Sizes written in the headers (the truth unless a mutation changed them). */
	compressedSize: number;
	originalSize: number;
	/** Added to the real offset of the local header in the central directory. */
	offsetLie: number;
}

const enc = new TextEncoder();

/** Seed files are zipped again for every input: their deflated bytes are made once. */
const deflated = new WeakMap<Uint8Array, Uint8Array>();

export function rawEntry(name: string, bytes: Uint8Array, deflate: boolean): RawEntry {
	let data = bytes;
	if (deflate) {
		data = deflated.get(bytes) ?? deflateSync(bytes);
		deflated.set(bytes, data);
	}
	return {
		name: enc.encode(name),
		data,
		method: deflate ? 8 : 0,
		flags: 0x800,
		compressedSize: data.length,
		originalSize: bytes.length,
		offsetLie: 0
	};
}

function header(size: number, fill: (view: DataView) => void): Uint8Array {
	const out = new Uint8Array(size);
	fill(new DataView(out.buffer));
	return out;
}

/** Local headers and data, then the central directory and its end record. */
export function writeZip(entries: RawEntry[]): Uint8Array {
	const parts: Uint8Array[] = [];
	const offsets: number[] = [];
	let offset = 0;
	for (const e of entries) {
		offsets.push(offset);
		const local = header(30, (v) => {
			v.setUint32(0, 0x04034b50, true);
			v.setUint16(4, 20, true);
			v.setUint16(6, e.flags, true);
			v.setUint16(8, e.method, true);
			v.setUint32(18, e.compressedSize >>> 0, true);
			v.setUint32(22, e.originalSize >>> 0, true);
			v.setUint16(26, e.name.length, true);
		});
		parts.push(local, e.name, e.data);
		offset += 30 + e.name.length + e.data.length;
	}
	const cdStart = offset;
	entries.forEach((e, i) => {
		const central = header(46, (v) => {
			v.setUint32(0, 0x02014b50, true);
			v.setUint16(4, 20, true);
			v.setUint16(6, 20, true);
			v.setUint16(8, e.flags, true);
			v.setUint16(10, e.method, true);
			v.setUint32(20, e.compressedSize >>> 0, true);
			v.setUint32(24, e.originalSize >>> 0, true);
			v.setUint16(28, e.name.length, true);
			v.setUint32(42, ((offsets[i] as number) + e.offsetLie) >>> 0, true);
		});
		parts.push(central, e.name);
		offset += 46 + e.name.length;
	});
	const end = header(22, (v) => {
		v.setUint32(0, 0x06054b50, true);
		v.setUint16(8, entries.length & 0xffff, true);
		v.setUint16(10, entries.length & 0xffff, true);
		v.setUint32(12, offset - cdStart, true);
		v.setUint32(16, cdStart, true);
	});
	parts.push(end);
	return concat(...parts);
}
