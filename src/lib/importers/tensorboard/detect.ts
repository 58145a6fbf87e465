// Is this TensorBoard? A file whose name holds `tfevents` and whose first 12 bytes frame a TFRecord is certain; a
// file with another name is taken by content alone (the masked CRC of the length is a 1-in-4-billion check), so
// renamed logs are still recognised (docs/formats.md §5.1, §7.1).
import type { SourceFile } from '../types';
import { maskedCrc32c } from './crc32c';
import { MAX_RECORD_BYTES } from './records';

/** Names that say nothing are checked by content only in drops this small (each check reads a file's start). */
const CONTENT_CHECK_LIMIT = 2_000;
/** Files that are surely something else, by extension: never read for sniffing. */
const OTHER =
	/\.(json|jsonl|ya?ml|csv|tsv|txt|md|py|png|jpe?g|gif|svg|html?|pkl|pt|ckpt|zip|gz|db|sqlite|parquet)$/i;

export const isEventFileName = (path: string): boolean => baseName(path).includes('tfevents');

export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** The first 12 bytes frame a record of a plausible length. */
export async function startsWithRecord(file: SourceFile): Promise<boolean> {
	if (file.size < 12) return false;
	const reader = file.stream().getReader();
	try {
		const head = new Uint8Array(12);
		let have = 0;
		while (have < 12) {
			const { value, done } = await reader.read();
			if (done) return false;
			const take = Math.min(12 - have, value.length);
			head.set(value.subarray(0, take), have);
			have += take;
		}
		const view = new DataView(head.buffer);
		const length = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
		return (
			length > 0 &&
			length <= MAX_RECORD_BYTES &&
			maskedCrc32c(head.subarray(0, 8)) === view.getUint32(8, true)
		);
	} catch {
		return false;
	} finally {
		void reader.cancel().catch(() => undefined);
	}
}

/** The event files of a drop: by name (confirmed by content when few), or by content alone. */
export async function eventFiles(files: SourceFile[]): Promise<SourceFile[]> {
	const out: SourceFile[] = [];
	const sniff = files.length <= CONTENT_CHECK_LIMIT;
	for (const file of files) {
		if (isEventFileName(file.path)) out.push(file);
		else if (sniff && !OTHER.test(file.path) && (await startsWithRecord(file))) out.push(file);
	}
	return out;
}

export async function detectTensorboard(files: SourceFile[]): Promise<number> {
	let named = false;
	for (const file of files) {
		if (!isEventFileName(file.path)) continue;
		named = true;
		if (await startsWithRecord(file)) return 0.95;
	}
	// Named like event files but none frames a record: low, so that reading explains what is wrong.
	if (named) return 0.2;
	return (await eventFiles(files)).length > 0 ? 0.7 : 0;
}
