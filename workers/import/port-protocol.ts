// The messages between the parse worker (reads the source) and the database worker (writes it), over one
// MessageChannel per import. Runs cross as plain objects whose typed arrays are transferred, never copied.
import type { SerializedError } from '$lib/api/errors';
import type { ImportWarning } from '$lib/importers/types';
import type { ReadyItem } from './prepare';

/** Parse worker → database worker. 'start' or 'error' comes first; 'end' or 'error' comes last. */
export type ParsedMessage =
	| {
			type: 'start';
			format: { id: string; label: string };
			source: { kind: string; ref: string };
			bytesTotal: number;
			warnings: ImportWarning[];
			atomic: boolean;
	  }
	| { type: 'items'; items: ReadyItem[] }
	| { type: 'end' }
	| { type: 'error'; error: SerializedError };

/** Database worker → parse worker: a run (or logged model) was written, or stop reading. */
export type WriterMessage = { type: 'written' } | { type: 'cancel' };

/**
 * How far the reader may run ahead of the writer: enough runs to absorb its uneven pace (a slow file, a garbage
 * collection; 4 left the writer waiting more often) and to let the writer take several at once as one group
 * (16 gave fewer, smaller groups), and never more than 64 MiB of metric columns and artifact bytes, so memory
 * stays bounded whatever the runs' size (one run over it still goes through, alone).
 */
export const WINDOW_RUNS = 32;
export const WINDOW_BYTES = 64 * 1024 * 1024;

/** True for the items that take a slot of the window (and are acknowledged once written). */
export function isRecord(item: ReadyItem): boolean {
	return item.kind === 'run' || item.kind === 'logged-model';
}

/**
 * The buffers to transfer with a batch. A view that does not own its whole buffer (a subarray of a cache or of
 * the WASM heap) is replaced by a copy first: transferring would detach the rest of that buffer, and cloning
 * it would copy all of it.
 */
export function transferables(items: ReadyItem[]): ArrayBuffer[] {
	const buffers = new Set<ArrayBuffer>();
	const own = <T extends Uint8Array | Uint32Array | Float64Array>(view: T): T => {
		const whole = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
		const owned = whole && !buffers.has(view.buffer as ArrayBuffer) ? view : (view.slice() as T);
		buffers.add(owned.buffer as ArrayBuffer);
		return owned;
	};
	for (const item of items) {
		if (item.kind === 'run') {
			const m = item.run.metrics;
			m.keyIndex = own(m.keyIndex);
			m.values = own(m.values);
			m.steps = own(m.steps);
			m.timestamps = own(m.timestamps);
		}
		const artifacts =
			item.kind === 'run' ? item.run.artifacts : item.kind === 'logged-model' ? item.model.artifacts : [];
		for (const file of artifacts) file.chunks = file.chunks.map(own);
	}
	return [...buffers];
}
