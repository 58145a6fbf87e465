// Read-ahead over the run folders of an import: the small files of the next few runs (meta.yaml, params, tags,
// metrics, inputs) are requested together while the current run is parsed and written. Reads of dropped files
// are round trips to the browser's blob store; one run at a time, the worker mostly waited for them.
// Memory stays bounded: a window of at most WINDOW_RUNS runs / WINDOW_BYTES, released run by run.
import { fromPending, isBlobBacked, readTogether } from '../source-files';
import type { SourceFile } from '../types';
import type { Dir } from './tree';

/** Larger files (long metric histories) keep streaming from disk when their turn comes. */
const SMALL_FILE_BYTES = 1024 * 1024;
const WINDOW_RUNS = 24;
const WINDOW_BYTES = 16 * 1024 * 1024;

interface Swap {
	dir: Dir;
	name: string;
	original: SourceFile;
}

export class ReadAhead {
	private next = 0;
	private inFlightBytes = 0;
	private readonly started = new Map<Dir, { swaps: Swap[]; bytes: number }>();

	constructor(private readonly dirs: Dir[]) {}

	/** Call before reading dirs[index]: starts the reads of that run and of the runs after it, up to the window. */
	advance(index: number): void {
		while (
			this.next < this.dirs.length &&
			(this.next <= index || (this.next - index < WINDOW_RUNS && this.inFlightBytes < WINDOW_BYTES))
		) {
			this.start(this.dirs[this.next++] as Dir);
		}
	}

	/** Call once dir has been read: its files go back to reading from disk and its bytes can be collected. */
	release(dir: Dir): void {
		const entry = this.started.get(dir);
		if (!entry) return;
		this.started.delete(dir);
		this.inFlightBytes -= entry.bytes;
		for (const { dir: d, name, original } of entry.swaps) d.files.set(name, original);
	}

	private start(dir: Dir): void {
		const found: Swap[] = [];
		collect(dir, found);
		const pending = readTogether(found.map((s) => s.original));
		let bytes = 0;
		found.forEach((swap, i) => {
			const file = swap.original;
			bytes += file.size;
			swap.dir.files.set(swap.name, fromPending(file.path, file.size, pending[i] as Promise<Uint8Array>));
		});
		this.inFlightBytes += bytes;
		this.started.set(dir, { swaps: found, bytes });
	}
}

/** The small files below a run folder, artifacts excepted (those are read, capped, when the run is written). */
function collect(runDir: Dir, out: Swap[]): void {
	const stack = [runDir];
	for (let dir = stack.pop(); dir; dir = stack.pop()) {
		for (const [name, file] of dir.files) {
			// Bytes in memory or entries of a zip gain nothing from being read early: they stay lazy.
			if (file.size <= SMALL_FILE_BYTES && isBlobBacked(file)) out.push({ dir, name, original: file });
		}
		for (const [name, sub] of dir.dirs) if (name !== 'artifacts') stack.push(sub);
	}
}
