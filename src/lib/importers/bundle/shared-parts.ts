// A bundle's metrics parts are read twice while it imports: once by the verification (its SHA-256 and point
// count) and once by the reader that decodes the points for writing, the two running side by side (../bundle.ts).
// The first read of a part is kept here until the other takes it, within a bound, so a part is inflated once.
// The bytes are shared read-only: the verification only hashes them and the decoder copies them into columns.
import type { SourceFile } from '../types';

const METRICS_PART = /(^|\/)metrics\.bin$/;

export class SharedParts {
	private readonly kept = new Map<string, { size: number; bytes: Promise<Uint8Array> }>();
	private keptBytes = 0;

	constructor(private readonly maxBytes: number) {}

	/** The files, their metrics parts read through this cache. */
	wrap(files: Map<string, SourceFile>): Map<string, SourceFile> {
		const out = new Map<string, SourceFile>();
		for (const [path, file] of files)
			out.set(path, METRICS_PART.test(path) ? { ...file, bytes: () => this.bytes(path, file) } : file);
		return out;
	}

	private bytes(path: string, file: SourceFile): Promise<Uint8Array> {
		const kept = this.kept.get(path);
		if (kept) {
			// The second read: handed over and forgotten.
			this.kept.delete(path);
			this.keptBytes -= kept.size;
			return kept.bytes;
		}
		const bytes = file.bytes();
		// Kept for the second read only while the bound allows; past it the part is simply read again.
		if (this.keptBytes + file.size <= this.maxBytes) {
			bytes.catch(() => undefined); // a read error surfaces to whoever uses these bytes
			this.kept.set(path, { size: file.size, bytes });
			this.keptBytes += file.size;
		}
		return bytes;
	}
}
