// The database worker's side of a two-worker import: the parse worker reads the source and posts ready runs
// over a MessagePort; this writes them with the same writer as an in-worker import (writeItems: one savepoint
// per run, report, progress, cancel), so reading run N+1 overlaps with writing run N.
import { RunboardError, toRunboardError } from '$lib/api/errors';
import type { ImportReport } from '$lib/api/db-api';
import type { Conn } from '../sql';
import { isRecord, type ParsedMessage, type WriterMessage } from './port-protocol';
import type { ReadyItem } from './prepare';
import { reportDetecting, writeItems, type ImportOptions } from './run-import';

/** Messages in arrival order; next() waits for one, or returns undefined once `signal` aborts (if given). */
class Inbox {
	private readonly queue: ParsedMessage[] = [];
	private wake: (() => void) | undefined;

	constructor(port: MessagePort, signal: AbortSignal) {
		port.onmessage = (event: MessageEvent<ParsedMessage>) => {
			this.queue.push(event.data);
			this.wake?.();
		};
		signal.addEventListener('abort', () => this.wake?.(), { once: true });
	}

	async next(signal?: AbortSignal): Promise<ParsedMessage | undefined> {
		while (this.queue.length === 0) {
			if (signal?.aborted) return undefined;
			await new Promise<void>((resolve) => (this.wake = resolve));
			this.wake = undefined;
		}
		return this.queue.shift();
	}
}

export async function importFromPort(
	conn: Conn,
	port: MessagePort,
	options: ImportOptions
): Promise<ImportReport> {
	const inbox = new Inbox(port, options.signal);
	const send = (message: WriterMessage) => port.postMessage(message);
	try {
		reportDetecting(options);
		// Detection is not interrupted by a cancel (as in a one-worker import): its outcome comes first.
		const first = await inbox.next();
		if (first?.type === 'error') throw toRunboardError(first.error);
		if (first?.type !== 'start')
			throw new RunboardError('INTERNAL', 'The import reader stopped before it started.');
		async function* items(): AsyncGenerator<ReadyItem> {
			for (;;) {
				const message = await inbox.next(options.signal);
				if (message === undefined || message.type === 'end') return;
				if (message.type === 'error') throw toRunboardError(message.error);
				if (message.type !== 'items') continue;
				yield* message.items;
				// Resumed after the last item: the writer is done with this batch's run, one more may be read.
				if (message.items.some(isRecord)) send({ type: 'written' });
			}
		}
		return await writeItems(conn, first.format, items(), { ...options, ...first });
	} finally {
		// Finished, failed or cancelled: the reader stops (a no-op when it already ended).
		send({ type: 'cancel' });
		port.close();
	}
}
