// The database worker's side of a two-worker import: the parse worker reads the source and posts ready runs
// over a MessagePort; this writes them with the same writer as an in-worker import (writeItems: whole runs,
// report, progress, cancel), so reading the next runs overlaps with writing these.
import { RunboardError, toRunboardError } from '$lib/api/errors';
import type { ImportReport } from '$lib/api/db-api';
import type { Conn } from '../sql';
import { Inbox } from './inbox';
import { isRecord, type WriterMessage } from '../../import/port-protocol';
import type { ReadyItem } from '../../import/prepare';
import { reportDetecting } from './run-import';
import { writeItems, type ImportOptions } from './write-items';

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
		// What has arrived is one chunk: when the reader is ahead, its runs are written as one group.
		async function* chunks(): AsyncGenerator<ReadyItem[]> {
			for (;;) {
				const messages = await inbox.gather(options.signal);
				const end = messages.findIndex((m) => m.type !== 'items');
				const batches = messages.slice(0, end < 0 ? messages.length : end);
				const chunk = batches.flatMap((m) => (m.type === 'items' ? m.items : []));
				if (chunk.length) yield chunk;
				// Resumed once the chunk is written: each of its runs frees a slot of the reader's window.
				for (const item of chunk) if (isRecord(item)) send({ type: 'written' });
				const last = end < 0 ? undefined : messages[end];
				if (messages.length === 0 || last?.type === 'end') return;
				if (last?.type === 'error') throw toRunboardError(last.error);
			}
		}
		return await writeItems(conn, first.format, chunks(), { ...options, ...first });
	} finally {
		// Finished, failed or cancelled: the reader stops (a no-op when it already ended).
		send({ type: 'cancel' });
		port.close();
		inbox.close();
	}
}
