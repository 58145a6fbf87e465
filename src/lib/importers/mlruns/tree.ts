// The dropped files as a folder tree. Paths arrive with any prefix ('mlruns/…', 'project/mlruns/…', '0/…',
// '<run id>/…'), maybe with Windows separators, maybe with OS junk: the tree normalises all of that once.
import { IMPORT_LIMITS } from '../limits';
import type { SourceFile } from '../types';

export interface Dir {
	name: string;
	/** '/'-joined path from the drop root; '' for the root itself. */
	path: string;
	parent: Dir | undefined;
	dirs: Map<string, Dir>;
	files: Map<string, SourceFile>;
	/** Bytes of every file below this folder, for progress. */
	bytes: number;
}

export interface Tree {
	root: Dir;
	fileCount: number;
	bytesTotal: number;
	/** Folders named `mlartifacts` (an MLflow server's default artifact store), to find proxied artifacts. */
	mlartifacts: Dir[];
	/** Files below more than IMPORT_LIMITS.maxPathDepth folders: left out of the tree, reported by the reader. */
	tooDeep: { path: string; folders: number }[];
}

const JUNK_NAMES = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini', '__MACOSX']);

/** The path's segments, or undefined for OS junk and for paths that try to leave the drop ('..'). */
export function pathSegments(path: string): string[] | undefined {
	const parts = path
		.replaceAll('\\', '/')
		.split('/')
		.filter((p) => p !== '' && p !== '.');
	if (parts.length === 0 || parts.includes('..')) return undefined;
	if (parts.some((p) => JUNK_NAMES.has(p) || p.startsWith('._'))) return undefined;
	return parts;
}

function newDir(name: string, parent: Dir | undefined): Dir {
	const path = parent && parent.path !== '' ? `${parent.path}/${name}` : name;
	return { name, path, parent, dirs: new Map(), files: new Map(), bytes: 0 };
}

export function buildTree(files: SourceFile[]): Tree {
	const root = newDir('', undefined);
	const tree: Tree = { root, fileCount: 0, bytesTotal: 0, mlartifacts: [], tooDeep: [] };
	for (const file of files) {
		const parts = pathSegments(file.path);
		if (!parts) continue;
		if (parts.length - 1 > IMPORT_LIMITS.maxPathDepth) {
			tree.tooDeep.push({ path: file.path, folders: parts.length - 1 });
			continue;
		}
		let dir = root;
		dir.bytes += file.size;
		for (const name of parts.slice(0, -1)) {
			let next = dir.dirs.get(name);
			if (!next) {
				next = newDir(name, dir);
				dir.dirs.set(name, next);
				if (name === 'mlartifacts') tree.mlartifacts.push(next);
			}
			dir = next;
			dir.bytes += file.size;
		}
		dir.files.set(parts[parts.length - 1] as string, file);
		tree.fileCount++;
		tree.bytesTotal += file.size;
	}
	return tree;
}

/** Follows a relative path ('a/b') down from dir. */
export function descend(dir: Dir | undefined, relative: string): Dir | undefined {
	for (const name of relative.split('/')) {
		if (!dir) return undefined;
		if (name === '') continue;
		dir = dir.dirs.get(name);
	}
	return dir;
}

export function sortedDirs(dir: Dir | undefined): Dir[] {
	if (!dir) return [];
	return [...dir.dirs.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Every file below dir, keyed by its '/'-joined path relative to dir, in a stable order (a folder's files, then
 * its sub-folders by name). A loop over an explicit stack, not recursion: the depth comes from the drop.
 */
export function filesBelow(dir: Dir | undefined): { key: string; file: SourceFile }[] {
	const out: { key: string; file: SourceFile }[] = [];
	const stack: { dir: Dir; prefix: string }[] = dir ? [{ dir, prefix: '' }] : [];
	for (let next = stack.pop(); next; next = stack.pop()) {
		const { dir: d, prefix } = next;
		for (const name of [...d.files.keys()].sort())
			out.push({ key: prefix + name, file: d.files.get(name) as SourceFile });
		// Pushed in reverse so that they are popped, and listed, in name order.
		const subs = sortedDirs(d);
		for (let i = subs.length - 1; i >= 0; i--) {
			const sub = subs[i] as Dir;
			stack.push({ dir: sub, prefix: `${prefix}${sub.name}/` });
		}
	}
	return out;
}
