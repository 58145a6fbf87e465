// The bundle's zip, written entry by entry into Blob parts: the output is folded into a Blob every few MiB, so a
// 2 GB bundle never sits in memory as one buffer (a browser may keep large Blobs on disk). Each entry is hashed
// (SHA-256 of its uncompressed bytes) as it is written, for the manifest. Entries get a fixed time stamp, so the
// same records always give the same bytes.
import { Zip, ZipDeflate } from 'fflate';
import type { BundlePart } from '$lib/importers/bundle/format';
import { Sha256, toHex } from '$lib/importers/sha256';

/** Output gathered before it becomes one Blob part. */
const FOLD_BYTES = 8 * 1024 * 1024;
/** The plain zip format's limits: fflate writes no ZIP64 records. */
const MAX_ENTRIES = 0xffff;
const MAX_ZIP_BYTES = 0xffffffff;
/** Local time on purpose: a zip's DOS time is local, so a local date gives the same bytes in every time zone. */
const ENTRY_TIME = new Date(2000, 0, 1, 0, 0, 0);
/** Points and JSON shrink well at level 6; artifacts are often compressed already, so they get the fast level. */
const LEVEL_RECORDS = 6;
const LEVEL_FILES = 1;

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
	readonly parts: BundlePart[] = [];

	/** Compressed bytes output so far. */
	get bytesWritten(): number {
		return this.written;
	}

	/** A record (JSON, metric columns): deflated well. */
	addBytes(path: string, bytes: Uint8Array): void {
		const entry = this.open(path, LEVEL_RECORDS);
		const hash = new Sha256().update(bytes);
		entry.push(bytes, true);
		this.close(path, bytes.length, hash);
	}

	/** A file read piece by piece from its Blob; `size` is what the manifest was told, checked here. */
	async addBlob(path: string, blob: Blob): Promise<void> {
		const entry = this.open(path, LEVEL_FILES);
		const hash = new Sha256();
		let size = 0;
		const reader = (blob.stream() as ReadableStream<Uint8Array>).getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			hash.update(value);
			size += value.length;
			entry.push(value);
		}
		entry.push(new Uint8Array(0), true);
		this.close(path, size, hash);
	}

	/** Ends the zip (call once, after the last entry) and returns it. */
	finish(): Blob {
		this.zip.end();
		this.check();
		this.fold();
		return new Blob(this.blobs, { type: 'application/zip' });
	}

	private open(path: string, level: 1 | 6): ZipDeflate {
		if (this.parts.length + 1 >= MAX_ENTRIES)
			throw new Error(`a bundle holds at most ${MAX_ENTRIES - 1} files; export fewer runs at a time`);
		const entry = new ZipDeflate(path, { level });
		entry.mtime = ENTRY_TIME;
		this.zip.add(entry);
		return entry;
	}

	private close(path: string, size: number, hash: Sha256): void {
		this.check();
		this.parts.push({ path, size, sha256: toHex(hash.digest()) });
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
