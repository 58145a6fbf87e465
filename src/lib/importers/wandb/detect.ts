// Is this a W&B run? A file that starts with the run log's header (`:W&B`, 0xBEE1, version 0) is one, whatever its
// name (renamed logs are still found); `run-<id>.wandb` names alone only say a log was meant (docs/formats.md §6.8).
import type { SourceFile } from '../types';
import { FILE_HEADER, hasLogHeader } from './log';

/** Names that say nothing are checked by content only in drops this small (each check reads a file's start). */
const CONTENT_CHECK_LIMIT = 2_000;
/** Files that are surely something else, by extension: never read for sniffing. */
const OTHER =
	/\.(json|jsonl|ya?ml|csv|tsv|txt|md|py|log|patch|png|jpe?g|gif|svg|html?|pkl|pt|ckpt|zip|gz|db|sqlite|parquet)$/i;

export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
export const isLogName = (path: string): boolean => baseName(path).endsWith('.wandb');

export async function startsWithLogHeader(file: SourceFile): Promise<boolean> {
	if (file.size < FILE_HEADER.length) return false;
	const reader = file.stream().getReader();
	try {
		const head = new Uint8Array(FILE_HEADER.length);
		let have = 0;
		while (have < head.length) {
			const { value, done } = await reader.read();
			if (done) return false;
			const take = Math.min(head.length - have, value.length);
			head.set(value.subarray(0, take), have);
			have += take;
		}
		return hasLogHeader(head);
	} catch {
		return false;
	} finally {
		void reader.cancel().catch(() => undefined);
	}
}

/** The run logs of a drop: `.wandb` files, and (in small drops) any other file that starts with the header. */
export async function runLogs(files: SourceFile[]): Promise<SourceFile[]> {
	const out: SourceFile[] = [];
	const sniff = files.length <= CONTENT_CHECK_LIMIT;
	for (const file of files) {
		if (isLogName(file.path)) out.push(file);
		else if (sniff && !OTHER.test(file.path) && (await startsWithLogHeader(file))) out.push(file);
	}
	return out;
}

const W_AND_B_FILES = /(^|\/)files\/(wandb-metadata\.json|wandb-summary\.json)$/;

export async function detectWandb(files: SourceFile[]): Promise<number> {
	let named = false;
	for (const file of files) {
		if (!isLogName(file.path)) continue;
		named = true;
		if (await startsWithLogHeader(file)) return 0.95;
	}
	// Named like a run log (or a run's files/ without its log): low, so that reading explains what is wrong.
	if (named || files.some((f) => W_AND_B_FILES.test(f.path))) return 0.2;
	for (const file of (await runLogs(files)).slice(0, 1)) if (await startsWithLogHeader(file)) return 0.9;
	return 0;
}
