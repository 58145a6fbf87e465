// A reader for the BSON that `mongodump` writes (a collection is its documents end to end), for the types Sacred's
// MongoObserver stores: doubles, strings, documents, arrays, ObjectIds, booleans, dates, null, 32/64-bit integers,
// and, read but kept opaque, binary, timestamps, decimals, regexes and min/max keys. Written here rather than taken
// from the `bson` package: the importer needs a few types, read-only, and every length in the file is untrusted
// (each is checked against what remains; nesting is bounded).

export class BsonError extends Error {}

/** Documents nested deeper than this are damage (Sacred's configs nest a few levels). */
const MAX_DEPTH = 64;
/** Values a BSON date or an ObjectId become. */
export interface BsonDate {
	$date: number;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export class BsonReader {
	private readonly view: DataView;

	constructor(private readonly bytes: Uint8Array) {
		this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	}

	/** Every document of a dump file, in order, each with its byte offset (for messages). */
	*documents(): Generator<{ offset: number; doc: Record<string, unknown> }> {
		let at = 0;
		while (at < this.bytes.length) {
			const length = this.int32(at);
			const doc = this.document(at, 0);
			yield { offset: at, doc };
			at += length;
		}
	}

	private need(at: number, n: number, end = this.bytes.length): void {
		if (at < 0 || n < 0 || at + n > end) throw new BsonError(`cut short at byte ${at}`);
	}

	private int32(at: number): number {
		this.need(at, 4);
		return this.view.getInt32(at, true);
	}

	private cstring(at: number, end: number): [string, number] {
		const zero = this.bytes.indexOf(0, at);
		if (zero < 0 || zero >= end) throw new BsonError(`a name is not ended at byte ${at}`);
		return [this.text(at, zero), zero + 1];
	}

	private text(from: number, to: number): string {
		try {
			return decoder.decode(this.bytes.subarray(from, to));
		} catch {
			throw new BsonError(`a string at byte ${from} is not UTF-8`);
		}
	}

	document(at: number, depth: number, array = false): Record<string, unknown> {
		if (depth > MAX_DEPTH) throw new BsonError(`documents nested deeper than ${MAX_DEPTH} at byte ${at}`);
		const length = this.int32(at);
		if (length < 5) throw new BsonError(`a document at byte ${at} declares ${length} bytes`);
		this.need(at, length);
		const end = at + length - 1;
		if (this.bytes[end] !== 0) throw new BsonError(`a document at byte ${at} does not end where it says`);
		const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
		const list: unknown[] = [];
		let p = at + 4;
		while (p < end) {
			const type = this.bytes[p] as number;
			const [name, valueAt] = this.cstring(p + 1, end);
			const [value, next] = this.value(type, valueAt, end, depth);
			if (array) list.push(value);
			else out[name] = value;
			p = next;
		}
		if (p !== end) throw new BsonError(`a document at byte ${at} does not end where it says`);
		return array ? ({ list } as Record<string, unknown>) : out;
	}

	private value(type: number, at: number, end: number, depth: number): [unknown, number] {
		switch (type) {
			case 0x01:
				this.need(at, 8, end);
				return [this.view.getFloat64(at, true), at + 8];
			case 0x02:
			case 0x0d:
			case 0x0e: {
				const n = this.int32(at);
				if (n < 1) throw new BsonError(`a string at byte ${at} declares ${n} bytes`);
				this.need(at + 4, n, end);
				return [this.text(at + 4, at + 4 + n - 1), at + 4 + n];
			}
			case 0x03:
			case 0x04: {
				const n = this.int32(at);
				this.need(at, n, end);
				const doc = this.document(at, depth + 1, type === 0x04);
				return [type === 0x04 ? doc.list : doc, at + n];
			}
			case 0x05: {
				const n = this.int32(at);
				this.need(at + 5, Math.max(n, 0), end);
				if (n < 0) throw new BsonError(`binary data at byte ${at} declares ${n} bytes`);
				return [{ $binary: n }, at + 5 + n];
			}
			case 0x06:
			case 0x0a:
			case 0x7f:
			case 0xff:
				return [null, at];
			case 0x07:
				this.need(at, 12, end);
				return [
					{
						$oid: [...this.bytes.subarray(at, at + 12)].map((b) => b.toString(16).padStart(2, '0')).join('')
					},
					at + 12
				];
			case 0x08:
				this.need(at, 1, end);
				return [this.bytes[at] !== 0, at + 1];
			case 0x09:
				this.need(at, 8, end);
				return [{ $date: Number(this.view.getBigInt64(at, true)) } satisfies BsonDate, at + 8];
			case 0x0b: {
				const [, afterPattern] = this.cstring(at, end);
				const [, afterFlags] = this.cstring(afterPattern, end);
				return [null, afterFlags];
			}
			case 0x10:
				this.need(at, 4, end);
				return [this.view.getInt32(at, true), at + 4];
			case 0x11:
				this.need(at, 8, end);
				return [null, at + 8];
			case 0x12:
				this.need(at, 8, end);
				return [Number(this.view.getBigInt64(at, true)), at + 8];
			case 0x13:
				this.need(at, 16, end);
				return [null, at + 16];
			default:
				throw new BsonError(`unknown type 0x${type.toString(16)} at byte ${at}`);
		}
	}
}

export const isDate = (v: unknown): v is BsonDate =>
	typeof v === 'object' && v !== null && typeof (v as BsonDate).$date === 'number';
