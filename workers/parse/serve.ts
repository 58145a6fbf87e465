// The parse worker's side of a two-worker import: runs the pure importers on the dropped files and posts ready
// runs to the database worker, at most a small window ahead of what it has written (back-pressure keeps memory
// bounded whatever the source's size). Inflating, metric-line parsing, YAML and reading a source mlflow.db all
// happen here, on the second CPU, while the database worker writes.
import { toRunboardError } from '$lib/api/errors';
import type { Importer, SourceFile } from '$lib/importers/types';
import { openImport } from '../import/detect';
import {
	isRecord,
	transferables,
	type ParsedMessage,
	type WriterMessage,
	WINDOW_BYTES,
	WINDOW_RUNS
} from '../import/port-protocol';
import { itemBytes, runBulk, type ReadyItem } from '../import/prepare';

/** Warnings and progress without a run are flushed this often, so progress keeps moving inside a huge run. */
const FLUSH_MS = 100;

export async function serveImport(
	port: MessagePort,
	importers: Importer[],
	files: () => SourceFile[]
): Promise<void> {
	const controller = new AbortController();
	const signal = controller.signal;
	const inFlight: number[] = [];
	let bytesInFlight = 0;
	let wake: (() => void) | undefined;
	port.onmessage = (event: MessageEvent<WriterMessage>) => {
		if (event.data.type === 'cancel') controller.abort();
		else bytesInFlight -= inFlight.shift() ?? 0;
		wake?.();
	};
	const post = (message: ParsedMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
	/** Waits until the writer has room for `size` more bytes; one record is always let through. */
	const room = async (size: number) => {
		while (
			!signal.aborted &&
			(inFlight.length >= WINDOW_RUNS || (inFlight.length > 0 && bytesInFlight + size > WINDOW_BYTES))
		) {
			await new Promise<void>((resolve) => (wake = resolve));
			wake = undefined;
		}
	};
	try {
		const opened = await openImport(importers, files(), signal);
		const { format, source, bytesTotal, warnings, atomic } = opened;
		post({ type: 'start', format, source, bytesTotal, warnings, atomic });
		let batch: ReadyItem[] = [];
		let flushed = performance.now();
		const flush = () => {
			post({ type: 'items', items: batch }, transferables(batch));
			batch = [];
			flushed = performance.now();
		};
		for await (const item of opened.items) {
			if (signal.aborted) return;
			batch.push(item);
			if (isRecord(item)) {
				// The writer's digest of a run reads every byte of it: that part is done here, on this CPU.
				if (item.kind === 'run') item.run.bulk = runBulk(item.run);
				const size = itemBytes(item);
				await room(size);
				if (signal.aborted) return;
				inFlight.push(size);
				bytesInFlight += size;
				flush();
			} else if (item.kind === 'verified' || performance.now() - flushed > FLUSH_MS) {
				// 'verified' at once: the writer commits what it holds and other writes stop waiting.
				flush();
			}
		}
		if (batch.length) flush();
		post({ type: 'end' });
	} catch (error) {
		// After a cancel nobody listens; otherwise the writer turns this into the import's error.
		if (!signal.aborted) post({ type: 'error', error: toRunboardError(error).toJSON() });
	} finally {
		port.onmessage = null;
		port.close();
	}
}
