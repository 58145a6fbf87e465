// How items reach the writer: in chunks of items that are ready together, written as one group (write-items.ts).
import type { ReadyItem } from '../../import/prepare';

/**
 * Chunks of one item each, for a reader that takes turns with the writer (an import read by the database worker
 * itself, a live server): the writer never waits for runs to group, and a cancel or a failure of the source
 * finds every run read before it written, as always.
 */
export async function* singly(items: AsyncIterable<ReadyItem>): AsyncGenerator<ReadyItem[]> {
	for await (const item of items) yield [item];
}
