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

/**
 * Every file below an entry. Siblings are read concurrently: each file() is a round trip to the browser, and
 * awaiting them one by one is what made a 27,000-file folder take tens of seconds. Order stays the folder's.
 */
async function walkEntry(entry: FileSystemEntry): Promise<ImportEntry[]> {
	if (entry.isFile) {
		const file = await new Promise<File>((resolve, reject) =>
			(entry as FileSystemFileEntry).file(resolve, reject)
		);
		return [{ path: entry.fullPath.replace(/^\/+/, ''), file }];
	}
	if (!entry.isDirectory) return [];
	const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
	return (await Promise.all(children.map(walkEntry))).flat();
}

export async function entriesFromDataTransfer(data: DataTransfer): Promise<ImportEntry[]> {
	// Entries must be taken synchronously, before the first await: the DataTransfer empties afterwards.
	const roots = Array.from(data.items)
		.map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
		.filter((e): e is FileSystemEntry => e !== null);
	if (roots.length === 0) return Array.from(data.files, (file) => ({ path: file.name, file }));
	return (await Promise.all(roots.map(walkEntry))).flat();
}

export function entriesFromFileList(files: FileList | null): ImportEntry[] {
	return Array.from(files ?? [], (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

interface DirectoryHandle {
	name: string;
	kind: 'directory';
	values(): AsyncIterable<DirectoryHandle | { kind: 'file'; name: string; getFile(): Promise<File> }>;
}

/**
 * Every file below a directory handle, paths starting with its name. As for dropped folders, siblings are read
 * concurrently (getFile() is a round trip each: 27,000 files took ~24 s one at a time, ~5 s together).
 */
export async function entriesFromDirectoryHandle(
	handle: DirectoryHandle,
	prefix = ''
): Promise<ImportEntry[]> {
	const base = `${prefix}${handle.name}/`;
	const children: Promise<ImportEntry[]>[] = [];
	for await (const child of handle.values()) {
		if (child.kind === 'file')
			children.push(child.getFile().then((file) => [{ path: base + child.name, file }]));
		else children.push(entriesFromDirectoryHandle(child, base));
	}
	return (await Promise.all(children)).flat();
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
