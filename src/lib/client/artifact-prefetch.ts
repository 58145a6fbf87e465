// The artifact files of an export, read ahead of the writer in the order it writes them: small files in groups
// (DbApi.getArtifactsBytes, one reply for many: a Blob each, made in the database worker and read back here,
// cost ~1 ms a file), big ones alone as Blobs (getArtifact), so a big file is never one buffer. What is asked for
// but not yet written stays under AHEAD_BYTES (plus one group), whatever the runs hold.
import type { ArtifactRoot, DbApi, RunRecord } from '../api/db-api';

/** Files up to this size are read as bytes, in groups; bigger ones as Blobs. */
const SMALL_FILE_BYTES = 1024 * 1024;
/** One group: at most this many bytes and files. */
const GROUP_BYTES = 8 * 1024 * 1024;
const GROUP_FILES = 256;
/** Bytes asked for ahead of the writer. */
const AHEAD_BYTES = 16 * 1024 * 1024;

interface Planned {
	key: string;
	root: ArtifactRoot;
	path: string;
	size: number;
}

const keyOf = (root: ArtifactRoot, path: string) =>
	'runId' in root ? `run\0${root.runId}\0${path}` : `model\0${root.modelId}\0${path}`;

export class ArtifactPrefetch {
	/** Planned files not yet asked for: queue[head…], and their keys. */
	private queue: Planned[] = [];
	private head = 0;
	private readonly queued = new Set<string>();
	private readonly asked = new Map<string, { read: Promise<Blob | Uint8Array>; size: number }>();
	private askedBytes = 0;

	constructor(private readonly api: DbApi) {}

	/** The record's files, in the order the bundle writer reads them: the run's, then each logged model's. */
	plan(record: RunRecord): void {
		const add = (root: ArtifactRoot, files: { path: string; size: number }[]) => {
			for (const f of files) {
				const key = keyOf(root, f.path);
				this.queue.push({ key, root, path: f.path, size: f.size });
				this.queued.add(key);
			}
		};
		add({ runId: record.info.runId }, record.artifacts);
		for (const model of record.loggedModels) add({ modelId: model.modelId }, model.artifacts);
	}

	/** The file's bytes (a Blob for a big file); a file not planned is read alone. */
	read(root: ArtifactRoot, path: string): Promise<Blob | Uint8Array> {
		const key = keyOf(root, path);
		while (!this.asked.has(key) && this.queued.has(key)) this.askGroup();
		const asked = this.asked.get(key);
		if (!asked) return this.api.getArtifact(root, path);
		this.asked.delete(key);
		this.askedBytes -= asked.size;
		while (this.askedBytes < AHEAD_BYTES && this.head < this.queue.length) this.askGroup();
		return asked.read;
	}

	private take(): Planned | undefined {
		const next = this.queue[this.head++];
		if (!next) return undefined;
		this.queued.delete(next.key);
		// The asked part of the queue is dropped now and then, so a long export does not keep its whole plan.
		if (this.head >= 4096) {
			this.queue = this.queue.slice(this.head);
			this.head = 0;
		}
		return next;
	}

	/** Asks for the next group of the queue: small files together, or one big file. */
	private askGroup(): void {
		const first = this.take();
		if (!first) return;
		const group = [first];
		if (first.size <= SMALL_FILE_BYTES) {
			let bytes = first.size;
			for (;;) {
				const next = this.queue[this.head];
				if (!next || next.size > SMALL_FILE_BYTES || group.length >= GROUP_FILES) break;
				if (bytes + next.size > GROUP_BYTES) break;
				group.push(this.take() as Planned);
				bytes += next.size;
			}
		}
		const reads: Promise<(Blob | Uint8Array)[]> =
			first.size > SMALL_FILE_BYTES
				? this.api.getArtifact(first.root, first.path).then((blob) => [blob])
				: this.api.getArtifactsBytes(group.map(({ root, path }) => ({ root, path })));
		group.forEach((p, i) => {
			const read = reads.then((all) => all[i] as Blob | Uint8Array);
			read.catch(() => undefined); // awaited by the writer in turn; a failure surfaces then
			this.asked.set(p.key, { read, size: p.size });
			this.askedBytes += p.size;
		});
	}
}
