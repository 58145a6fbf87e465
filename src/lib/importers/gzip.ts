// A single dropped gzip file (`metrics.csv.gz`, `events.out.tfevents….gz`, `trainer_state.json.gz`, or any name
// starting with gzip's magic) is gunzipped before detection, so each importer sees the plain file and recognises
// it by content. It is expanded as it streams in, within the zip limits (limits.ts): a gzip bomb stops at
// maxZipRatio × its size or maxZipExpandedBytes, whichever is smaller. A cut or damaged gzip is a clear error
// before anything is read. Folders keep their .gz files as they are (an MLflow artifact may be one).
import { Gunzip } from 'fflate';
import { RunboardError } from '../api/errors';
import { clipPath, IMPORT_LIMITS } from './limits';
import type { SourceFile } from './types';

const MAGIC = [0x1f, 0x8b];
/** Small files compress past any ratio (a header and an empty block are 20 bytes): the ratio applies above this. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

export async function isGzip(file: SourceFile): Promise<boolean> {
	if (file.size < 18) return /\.gz$/i.test(file.path) && file.size > 0;
	const reader = file.stream().getReader();
	try {
		const { value } = await reader.read();
		return MAGIC.every((b, i) => value?.[i] === b);
	} catch {
		return false;
	} finally {
		void reader.cancel().catch(() => undefined);
	}
}

/** The plain name: `x.csv.gz` → `x.csv`; a name without `.gz` stays. */
const plainName = (path: string) => path.replace(/\.gz$/i, '') || path;

export async function gunzipFile(file: SourceFile): Promise<SourceFile> {
	const name = clipPath(file.path);
	const cap = Math.min(
		IMPORT_LIMITS.maxZipExpandedBytes,
		Math.max(RATIO_FLOOR_BYTES, file.size * IMPORT_LIMITS.maxZipRatio)
	);
	const chunks: Uint8Array[] = [];
	let size = 0;
	let over = false;
	const gunzip = new Gunzip((chunk) => {
		size += chunk.length;
		if (size > cap) over = true;
		else if (chunk.length > 0) chunks.push(chunk);
	});
	// A gzip may be several members end to end (`cat a.gz b.gz`); each trailer states its own member's size.
	let memberStart = 0;
	gunzip.onmember = () => {
		memberStart = size;
	};
	const corrupt = (why: string) =>
		new RunboardError('IMPORT_CORRUPT', `${name}: ${why}; nothing was imported.`);
	const reader = file.stream().getReader();
	let tail: Uint8Array = new Uint8Array(0);
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (value?.length) tail = value.length >= 4 ? value : Uint8Array.of(...tail, ...value).slice(-4);
			gunzip.push(value ?? new Uint8Array(0), done);
			if (over)
				throw corrupt(
					`expands past ${Math.round(cap / 1e6)} MB (${IMPORT_LIMITS.maxZipRatio}× its size at most), as a gzip bomb would`
				);
			if (done) break;
		}
	} catch (error) {
		if (error instanceof RunboardError) throw error;
		const why = error instanceof Error ? error.message : String(error);
		throw corrupt(`the gzip is cut short or damaged (${why})`);
	} finally {
		void reader.cancel().catch(() => undefined);
	}
	// gzip's trailer holds the member's plain size modulo 2^32: a gzip cut in its trailer or at a block boundary
	// still decodes, but short.
	const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
	if (tail.length < 4 || view.getUint32(tail.length - 4, true) !== (size - memberStart) % 2 ** 32)
		throw corrupt(
			`the gzip is cut short or damaged (${size} bytes expanded, not the size its trailer states)`
		);
	return fromChunks(plainName(file.path), chunks, size);
}

function fromChunks(path: string, chunks: Uint8Array[], size: number): SourceFile {
	return {
		path,
		size,
		bytes: async () => {
			if (chunks.length === 1) return chunks[0] as Uint8Array;
			const out = new Uint8Array(size);
			let at = 0;
			for (const c of chunks) {
				out.set(c, at);
				at += c.length;
			}
			return out;
		},
		stream: () => {
			let i = 0;
			return new ReadableStream<Uint8Array>({
				pull(controller) {
					const chunk = chunks[i++];
					if (chunk) controller.enqueue(chunk);
					else controller.close();
				}
			});
		}
	};
}
