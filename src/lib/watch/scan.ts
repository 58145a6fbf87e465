// One look at a watched folder: every file below a directory handle (the picker's, or any other such as the
// origin's own file system) with its size and time, paths starting with the folder's name as a drop's are
// ('mlruns/0/meta.yaml'). A file that cannot be read now (deleted while listed, locked, permission gone) is
// reported, not thrown: the watcher warns and tries again on the next look.
import type { ImportEntry } from '$lib/api/db-api';
import type { FileState } from './changes';

/** What the watcher needs of a directory handle (FileSystemDirectoryHandle has it). */
export interface WatchedDirectory {
	readonly kind: 'directory';
	readonly name: string;
	values(): AsyncIterable<WatchedDirectory | { kind: 'file'; name: string; getFile(): Promise<File> }>;
}

export interface FolderLook {
	files: Map<string, FileState & { file: File }>;
	/** Files or folders that could not be read, with the browser's reason. */
	unreadable: { path: string; reason: string }[];
}

export async function lookAt(folder: WatchedDirectory): Promise<FolderLook> {
	const look: FolderLook = { files: new Map(), unreadable: [] };
	await walk(folder, '', look);
	return look;
}

async function walk(folder: WatchedDirectory, prefix: string, look: FolderLook): Promise<void> {
	const base = `${prefix}${folder.name}/`;
	const pending: Promise<void>[] = [];
	try {
		// Siblings are read together: each getFile() is a round trip to the browser.
		for await (const child of folder.values()) {
			const path = base + child.name;
			if (child.kind === 'directory') pending.push(walk(child, base, look));
			else
				pending.push(
					child.getFile().then(
						(file) => void look.files.set(path, { size: file.size, lastModified: file.lastModified, file }),
						(error: unknown) => void look.unreadable.push({ path, reason: reasonOf(error) })
					)
				);
		}
	} catch (error) {
		look.unreadable.push({ path: base, reason: reasonOf(error) });
	}
	await Promise.all(pending);
}

/** The import entries of some paths of a look, in the order given. */
export function entriesOf(look: FolderLook, paths: readonly string[]): ImportEntry[] {
	return paths.flatMap((path) => {
		const seen = look.files.get(path);
		return seen ? [{ path, file: seen.file }] : [];
	});
}

function reasonOf(error: unknown): string {
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
