// Turns what the user dropped or picked into {path, file} entries, folders walked recursively, paths relative
// to what was dropped ('mlruns/0/meta.yaml'). Symlinks never appear here: browsers do not follow them.
import type { ImportEntry } from '../api/db-api';

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
	// readEntries returns at most ~100 entries per call: keep reading until it returns none.
	return new Promise((resolve, reject) => {
		const entries: FileSystemEntry[] = [];
		const next = () =>
			reader.readEntries((batch) => {
				if (batch.length === 0) resolve(entries);
				else {
					entries.push(...batch);
					next();
				}
			}, reject);
		next();
	});
}

async function walkEntry(entry: FileSystemEntry, out: ImportEntry[]): Promise<void> {
	if (entry.isFile) {
		const file = await new Promise<File>((resolve, reject) =>
			(entry as FileSystemFileEntry).file(resolve, reject)
		);
		out.push({ path: entry.fullPath.replace(/^\/+/, ''), file });
	} else if (entry.isDirectory) {
		for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader()))
			await walkEntry(child, out);
	}
}

export async function entriesFromDataTransfer(data: DataTransfer): Promise<ImportEntry[]> {
	// Entries must be taken synchronously, before the first await: the DataTransfer empties afterwards.
	const roots = Array.from(data.items)
		.map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
		.filter((e): e is FileSystemEntry => e !== null);
	if (roots.length === 0) return Array.from(data.files, (file) => ({ path: file.name, file }));
	const out: ImportEntry[] = [];
	for (const root of roots) await walkEntry(root, out);
	return out;
}

export function entriesFromFileList(files: FileList | null): ImportEntry[] {
	return Array.from(files ?? [], (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

interface DirectoryHandle {
	name: string;
	kind: 'directory';
	values(): AsyncIterable<DirectoryHandle | { kind: 'file'; name: string; getFile(): Promise<File> }>;
}

export async function entriesFromDirectoryHandle(
	handle: DirectoryHandle,
	prefix = ''
): Promise<ImportEntry[]> {
	const out: ImportEntry[] = [];
	const base = `${prefix}${handle.name}/`;
	for await (const child of handle.values()) {
		if (child.kind === 'file') out.push({ path: base + child.name, file: await child.getFile() });
		else out.push(...(await entriesFromDirectoryHandle(child, base)));
	}
	return out;
}

/** showDirectoryPicker where the browser has it (Chromium); callers fall back to <input webkitdirectory>. */
export async function pickDirectory(): Promise<ImportEntry[] | undefined> {
	const picker = (window as unknown as { showDirectoryPicker?: () => Promise<DirectoryHandle> })
		.showDirectoryPicker;
	if (!picker) return undefined;
	try {
		return await entriesFromDirectoryHandle(await picker());
	} catch (error) {
		if ((error as DOMException).name === 'AbortError') return [];
		throw error;
	}
}
