// Test helper (Node only): a folder on disk as the SourceFiles a browser drop would give, paths starting with
// the folder's own name ('mlruns/0/meta.yaml'), the way webkitRelativePath does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { fromBytes } from '$lib/importers/source-files';
import type { SourceFile } from '$lib/importers/types';

/** Every file below dir; `prefix` replaces the folder's name as the first path segment ('' for none). */
export function fromNodeDir(dir: string, prefix: string = basename(dir)): SourceFile[] {
	const out: SourceFile[] = [];
	const walk = (current: string) => {
		for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
			a.name.localeCompare(b.name)
		)) {
			const full = join(current, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.isFile())
				out.push(
					nodeFile(full, [prefix, relative(dir, full).split(sep).join('/')].filter(Boolean).join('/'))
				);
		}
	};
	walk(dir);
	return out;
}

/** One file, read lazily (so a test can drop a tree without loading what the importer never opens). */
export function nodeFile(fullPath: string, path: string): SourceFile {
	const load = () => fromBytes(path, new Uint8Array(readFileSync(fullPath)));
	return {
		path,
		size: statSync(fullPath).size,
		bytes: () => load().bytes(),
		stream: () => load().stream()
	};
}
