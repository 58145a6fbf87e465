// The bundle's zip, written entry by entry into Blob parts: the output is folded into a Blob every few MiB, so a
// 2 GB bundle never sits in memory as one buffer (a browser may keep large Blobs on disk). Each entry is hashed
// (SHA-256 of its uncompressed bytes) as it is written, for the manifest. Entries get a fixed time stamp, so the
// same records always give the same bytes (in the same browser: its own zlib deflates, fast-paths.ts).
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { BundlePart } from '$lib/importers/bundle/format';
import { Sha256, toHex } from '$lib/importers/sha256';
import { canDigestWhole, digestHex } from '$lib/importers/digest';
import { hasNativeDeflate, looksCompressed, SAMPLE_BYTES } from './fast-paths';
import { DeflatedElsewhere, pumpThroughNativeDeflate } from './native-entry';

/** Output gathered before it becomes one Blob part. */
const FOLD_BYTES = 8 * 1024 * 1024;
/** The plain zip format's limits: fflate writes no ZIP64 records. */
const MAX_ENTRIES = 0xffff;
const MAX_ZIP_BYTES = 0xffffffff;
/** Local time on purpose: a zip's DOS time is local, so a local date gives the same bytes in every time zone. */
const ENTRY_TIME = new Date(2000, 0, 1, 0, 0, 0);
/** fflate's levels when the browser has no deflate of its own: records shrink well at 6; files get the fast 1. */
const LEVEL_RECORDS = 6;
const LEVEL_FILES = 1;

/** A part whose SHA-256 may still be on its way (crypto.subtle answers later; the manifest waits for all). */
type PendingPart = Omit<BundlePart, 'sha256'> & { sha256: Promise<string> };

export class ZipSink {
	private readonly blobs: Blob[] = [];
	private pending: Uint8Array<ArrayBuffer>[] = [];
	private pendingBytes = 0;
	private written = 0;
	private failure: Error | null = null;
	private readonly zip = new Zip((error, chunk) => {
		if (error) this.failure = error;
		else this.collect(chunk as Uint8Array<ArrayBuffer>);
	});
	private readonly entries: PendingPart[] = [];

	/** Compressed bytes output so far. */
	get bytesWritten(): number {
		return this.written;
	}

	/** Every entry written so far with its size and SHA-256, in order (waits for hashes still being computed). */
	async parts(): Promise<BundlePart[]> {
		return Promise.all(
			this.entries.map(async (p) => ({ path: p.path, size: p.size, sha256: await p.sha256 }))
		);
	}

	/** A record (JSON, text), synchronously: deflated by fflate. */
	addBytes(path: string, bytes: Uint8Array): void {
		const entry = this.open(new ZipDeflate(path, { level: LEVEL_RECORDS }));
		const hash = new Sha256().update(bytes);
		entry.push(bytes, true);
		this.close(path, bytes.length, Promise.resolve(toHex(hash.digest())));
	}

	/** A record (JSON, metric columns) held whole: deflated and hashed natively where the browser can. */
	async addRecord(path: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
		if (!hasNativeDeflate()) return this.addBytes(path, bytes);
		const sha256 = digestHex(bytes);
		sha256.catch(() => undefined); // surfaces in parts()
		const entry = this.open(new DeflatedElsewhere(path));
		await pumpThroughNativeDeflate(entry, [bytes]);
		this.close(path, bytes.length, sha256);
	}

	/**
	 * A file, read piece by piece from its Blob (or given as bytes). One that looks compressed already
	 * (fast-paths.ts) is stored, any other deflated; either way it streams, and is held whole only to be hashed by
	 * crypto.subtle (≤ HOLD_BYTES).
	 */
	async addBlob(path: string, content: Blob | Uint8Array): Promise<void> {
		if (content instanceof Uint8Array)
			return this.addFile(path, content.length, content, (async function* () {})());
		const reader = (content.stream() as ReadableStream<Uint8Array>).getReader();
		const first = await reader.read();
		async function* rest(): AsyncGenerator<Uint8Array> {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return;
				yield value;
			}
		}
		return this.addFile(path, content.size, first.done ? new Uint8Array(0) : first.value, rest());
	}

	/** A file of `expectedSize` bytes: `head`, then `rest`. */
	private async addFile(
		path: string,
		expectedSize: number,
		head: Uint8Array,
		rest: AsyncIterable<Uint8Array>
	): Promise<void> {
		async function* pieces(): AsyncGenerator<Uint8Array> {
			if (head.length > 0) yield head;
			yield* rest;
		}
		const whole = canDigestWhole(expectedSize) ? new Uint8Array(expectedSize) : undefined;
		const hash = whole ? undefined : new Sha256();
		let size = 0;
		const seen = (piece: Uint8Array) => {
			if (whole && size + piece.length <= whole.length) whole.set(piece, size);
			hash?.update(piece);
			size += piece.length;
		};
		if (looksCompressed(head.subarray(0, SAMPLE_BYTES))) {
			const entry = this.open(new ZipPassThrough(path));
			for await (const piece of pieces()) {
				seen(piece);
				entry.push(piece);
			}
			entry.push(new Uint8Array(0), true);
		} else if (hasNativeDeflate()) {
			await pumpThroughNativeDeflate(this.open(new DeflatedElsewhere(path)), pieces(), seen);
		} else {
			const entry = this.open(new ZipDeflate(path, { level: LEVEL_FILES }));
			for await (const piece of pieces()) {
				seen(piece);
				entry.push(piece);
			}
			entry.push(new Uint8Array(0), true);
		}
		const sha256 =
			whole && size === whole.length
				? digestHex(whole)
				: Promise.resolve(toHex((hash ?? new Sha256()).digest()));
		sha256.catch(() => undefined);
		this.close(path, size, sha256);
	}

	/** Ends the zip (call once, after the last entry) and returns it. */
	finish(): Blob {
		this.zip.end();
		this.check();
		this.fold();
		return new Blob(this.blobs, { type: 'application/zip' });
	}

	private open<T extends ZipPassThrough | ZipDeflate>(entry: T): T {
		if (this.entries.length + 1 >= MAX_ENTRIES)
			throw new Error(`a bundle holds at most ${MAX_ENTRIES - 1} files; export fewer runs at a time`);
		entry.mtime = ENTRY_TIME;
		this.zip.add(entry);
		return entry;
	}

	private close(path: string, size: number, sha256: Promise<string>): void {
		this.check();
		this.entries.push({ path, size, sha256 });
	}

	private collect(chunk: Uint8Array<ArrayBuffer>): void {
		this.pending.push(chunk);
		this.pendingBytes += chunk.length;
		this.written += chunk.length;
		if (this.pendingBytes >= FOLD_BYTES) this.fold();
	}

	private fold(): void {
		if (this.pending.length === 0) return;
		this.blobs.push(new Blob(this.pending));
		this.pending = [];
		this.pendingBytes = 0;
	}

	private check(): void {
		if (this.failure) throw this.failure;
		if (this.written > MAX_ZIP_BYTES)
			throw new Error('the bundle would pass 4 GiB, the most a bundle holds; export fewer runs at a time');
	}
}
