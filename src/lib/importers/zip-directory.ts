// A zip's central directory, read from the end of the file without loading the rest: the list of entries with
// their declared sizes and where their data starts. Entries are then inflated one at a time, on demand
// (zip-entries.ts), so a zip is never expanded in memory as a whole. ZIP64 archives (over 4 GiB or 65,535
// entries) are read too. Everything here is untrusted: offsets and sizes are checked against the file.
import { RunboardError } from '../api/errors';

/** Reads bytes [start, end) of the archive. */
export type RangeReader = (start: number, end: number) => Promise<Uint8Array>;

export interface ZipEntry {
	name: string;
	/** 0 stored, 8 deflate; anything else is refused by the caller. */
	compression: number;
	/** Declared compressed and expanded sizes. */
	size: number;
	originalSize: number;
	/** Where the entry's local header starts. */
	headerOffset: number;
	encrypted: boolean;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL_HEADER = 0x02014b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const TAIL_BYTES = 22 + 0xffff + 20;

/** A damaged or dishonest archive: coded IMPORT_CORRUPT wherever it surfaces (listing, or reading an entry). */
export class ZipFormatError extends RunboardError {
	constructor(message: string) {
		super('IMPORT_CORRUPT', message);
	}
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('windows-1252');

export async function readDirectory(read: RangeReader, fileSize: number): Promise<ZipEntry[]> {
	const tailStart = Math.max(0, fileSize - TAIL_BYTES);
	const tail = await read(tailStart, fileSize);
	const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
	let at = -1;
	for (let i = tail.length - 22; i >= 0; i--) {
		if (view.getUint32(i, true) === EOCD) {
			at = i;
			break;
		}
	}
	if (at < 0) throw new ZipFormatError('no end of central directory (truncated, or not a zip)');
	let count = view.getUint16(at + 10, true);
	let cdSize = view.getUint32(at + 12, true);
	let cdOffset = view.getUint32(at + 16, true);
	const locator = at - 20;
	if (locator >= 0 && view.getUint32(locator, true) === EOCD64_LOCATOR) {
		const recordOffset = Number(view.getBigUint64(locator + 8, true));
		const record = await read(recordOffset, Math.min(fileSize, recordOffset + 56));
		const r = new DataView(record.buffer, record.byteOffset, record.byteLength);
		if (record.length < 56 || r.getUint32(0, true) !== EOCD64)
			throw new ZipFormatError('damaged ZIP64 end record');
		count = Number(r.getBigUint64(32, true));
		cdSize = Number(r.getBigUint64(40, true));
		cdOffset = Number(r.getBigUint64(48, true));
	}
	if (cdOffset + cdSize > fileSize)
		throw new ZipFormatError('the central directory lies past the end of the file');
	// Each directory record is at least 46 bytes: a count beyond that is a lie, not an allocation to make.
	if (count * 46 > cdSize) throw new ZipFormatError(`the directory cannot hold ${count} entries`);
	const cd = await read(cdOffset, cdOffset + cdSize);
	return parseEntries(cd, count, fileSize);
}

function parseEntries(cd: Uint8Array, count: number, fileSize: number): ZipEntry[] {
	const view = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
	const entries: ZipEntry[] = [];
	let p = 0;
	for (let n = 0; n < count; n++) {
		if (p + 46 > cd.length || view.getUint32(p, true) !== CENTRAL_HEADER)
			throw new ZipFormatError(`damaged central directory at entry ${n + 1}`);
		const flags = view.getUint16(p + 8, true);
		const nameLength = view.getUint16(p + 28, true);
		const extraLength = view.getUint16(p + 30, true);
		const commentLength = view.getUint16(p + 32, true);
		const nameBytes = cd.subarray(p + 46, p + 46 + nameLength);
		const entry: ZipEntry = {
			name: decodeName(nameBytes, (flags & 0x800) !== 0),
			compression: view.getUint16(p + 10, true),
			size: view.getUint32(p + 20, true),
			originalSize: view.getUint32(p + 24, true),
			headerOffset: view.getUint32(p + 42, true),
			encrypted: (flags & 1) !== 0
		};
		applyZip64(entry, cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
		if (entry.headerOffset + 30 + entry.size > fileSize)
			throw new ZipFormatError(`${entry.name}: its data lies past the end of the file`);
		entries.push(entry);
		p += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

/** Names are UTF-8 when flagged; unflagged ones are UTF-8 too from most modern tools, else code page 437-ish. */
function decodeName(bytes: Uint8Array, flaggedUtf8: boolean): string {
	try {
		return utf8.decode(bytes);
	} catch {
		return flaggedUtf8 ? new TextDecoder().decode(bytes) : latin1.decode(bytes);
	}
}

/** The ZIP64 extra field holds, in order, whichever of the three 32-bit fields are 0xFFFFFFFF. */
function applyZip64(entry: ZipEntry, extra: Uint8Array): void {
	const view = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
	for (let p = 0; p + 4 <= extra.length;) {
		const id = view.getUint16(p, true);
		const length = view.getUint16(p + 2, true);
		if (id === 0x0001) {
			let q = p + 4;
			const next = (): number => {
				if (q + 8 > p + 4 + length || q + 8 > extra.length)
					throw new ZipFormatError(`${entry.name}: damaged ZIP64 field`);
				const value = Number(view.getBigUint64(q, true));
				q += 8;
				return value;
			};
			if (entry.originalSize === 0xffffffff) entry.originalSize = next();
			if (entry.size === 0xffffffff) entry.size = next();
			if (entry.headerOffset === 0xffffffff) entry.headerOffset = next();
			return;
		}
		p += 4 + length;
	}
}
