// Folder walks of the import page: a directory handle (showDirectoryPicker) and dropped entries
// (webkitGetAsEntry), each given as a small in-memory tree. The walks must list every file once, with its path,
// in the folder's order, and ask the browser for sibling files concurrently (each request is a round trip).
import { describe, expect, it } from 'vitest';
import { entriesFromDataTransfer, entriesFromDirectoryHandle } from '$lib/client/dropped-files';

type Tree = { [name: string]: string | Tree };

const tree: Tree = {
	'meta.yaml': 'name: x',
	'1a': { 'meta.yaml': 'm1', params: { alpha: '0.5', l1: '0.1' }, metrics: { loss: '1 2 3' } },
	'2b': { 'meta.yaml': 'm2', tags: { 'mlflow.runName': 'r2' } }
};

function expectedPaths(t: Tree, base: string): string[] {
	return Object.entries(t).flatMap(([name, v]) =>
		typeof v === 'string' ? [`${base}${name}`] : expectedPaths(v, `${base}${name}/`)
	);
}

/** Counts requests for a file that are still unanswered; answers each after a short, varying delay. */
function requests() {
	let open = 0;
	let most = 0;
	let n = 0;
	return {
		get most() {
			return most;
		},
		file(name: string, text: string): Promise<File> {
			open++;
			most = Math.max(most, open);
			const delay = (n++ * 7) % 5;
			return new Promise((resolve) =>
				setTimeout(() => {
					open--;
					resolve(new File([text], name));
				}, delay)
			);
		}
	};
}

interface FakeDir {
	name: string;
	kind: 'directory';
	values(): AsyncGenerator<FakeDir | { kind: 'file'; name: string; getFile(): Promise<File> }>;
}

function handle(name: string, t: Tree, r: ReturnType<typeof requests>): FakeDir {
	return {
		name,
		kind: 'directory',
		async *values() {
			for (const [child, v] of Object.entries(t)) {
				if (typeof v === 'string')
					yield { kind: 'file' as const, name: child, getFile: () => r.file(child, v) };
				else yield handle(child, v, r);
			}
		}
	};
}

function entry(fullPath: string, v: string | Tree, r: ReturnType<typeof requests>): FileSystemEntry {
	const name = fullPath.split('/').pop() ?? '';
	if (typeof v === 'string') {
		return {
			isFile: true,
			isDirectory: false,
			fullPath,
			file: (ok: (f: File) => void, fail: (e: unknown) => void) => r.file(name, v).then(ok, fail)
		} as unknown as FileSystemEntry;
	}
	const children = Object.entries(v).map(([child, w]) => entry(`${fullPath}/${child}`, w, r));
	return {
		isFile: false,
		isDirectory: true,
		fullPath,
		createReader() {
			// Like the browser: entries come in batches, then an empty batch.
			const batches = [children.slice(0, 2), children.slice(2), []];
			return {
				readEntries: (ok: (b: FileSystemEntry[]) => void) => setTimeout(() => ok(batches.shift() ?? []))
			};
		}
	} as unknown as FileSystemEntry;
}

describe('folder walks', () => {
	it('lists every file of a directory handle in order, reading siblings together', async () => {
		const r = requests();
		const entries = await entriesFromDirectoryHandle(handle('mlruns', tree, r));
		expect(entries.map((e) => e.path)).toEqual(expectedPaths(tree, 'mlruns/'));
		expect(await entries[3]?.file.text()).toBe('0.1');
		expect(r.most).toBeGreaterThan(1);
	});

	it('lists every file of dropped folders in order, reading siblings together', async () => {
		const r = requests();
		const data = {
			items: [{ kind: 'file', webkitGetAsEntry: () => entry('/mlruns', tree, r) }],
			files: []
		} as unknown as DataTransfer;
		const entries = await entriesFromDataTransfer(data);
		expect(entries.map((e) => e.path)).toEqual(expectedPaths(tree, 'mlruns/'));
		expect(await entries[2]?.file.text()).toBe('0.5');
		expect(r.most).toBeGreaterThan(1);
	});
});
