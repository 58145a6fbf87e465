// What changed in a watched folder between two looks, and which files to import again for it. Pure: paths and
// sizes in, paths out, so the rules are unit-tested without a browser.
//
// A change is imported again by its run folder: the stored run is replaced only when what it becomes differs
// (the writer's run digest), so re-reading a run is idempotent and costs one run, not the folder.

/** What the watcher remembers of a file: a file whose size or time differs has changed. */
export interface FileState {
	size: number;
	lastModified: number;
}

export interface FolderChanges {
	/** New files and files whose size or modification time differ. */
	changed: string[];
	/** Files seen before and gone now. */
	removed: string[];
}

export function diffFolder(
	before: ReadonlyMap<string, FileState>,
	after: ReadonlyMap<string, FileState>
): FolderChanges {
	const changed: string[] = [];
	for (const [path, now] of after) {
		const was = before.get(path);
		if (!was || was.size !== now.size || was.lastModified !== now.lastModified) changed.push(path);
	}
	const removed = [...before.keys()].filter((path) => !after.has(path));
	return { changed, removed };
}

const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));

/**
 * The folder a changed file's run lives in. An MLflow run folder holds a `meta.yaml` beside `metrics/`,
 * `params/` and `tags/`, so the deepest folder above the file with a `meta.yaml` is its run (an experiment's own
 * `meta.yaml` is one level up). Formats without one (TensorBoard event files, Lightning's `version_N/metrics.csv`
 * with `hparams.yaml`) keep a run in one folder: the file's own.
 */
export function runFolderOf(path: string, paths: ReadonlySet<string>): string {
	for (let dir = parentOf(path); dir !== ''; dir = parentOf(dir)) {
		if (paths.has(`${dir}/meta.yaml`)) return dir;
	}
	return parentOf(path);
}

/**
 * The files to import again for some changed files: every file below each changed run folder, with the
 * `meta.yaml` of the folder above (an MLflow experiment, which names the run's experiment). A folder inside
 * another changed one is covered by it. Sorted, so an import reads a folder in a stable order.
 */
export function filesToReimport(changed: readonly string[], paths: ReadonlySet<string>): string[] {
	const folders = [...new Set(changed.map((p) => runFolderOf(p, paths)))].sort();
	const kept = folders.filter(
		(folder) => !folders.some((other) => other !== folder && isBelow(folder, other))
	);
	const picked = new Set<string>();
	for (const path of paths) {
		if (kept.some((folder) => isBelow(path, folder))) picked.add(path);
	}
	for (const folder of kept) {
		const above = `${parentOf(folder)}/meta.yaml`;
		if (paths.has(above)) picked.add(above);
	}
	return [...picked].sort();
}

/** True when `path` lies below `folder` ('' is the top of the watched folder's paths). */
function isBelow(path: string, folder: string): boolean {
	return folder === '' || path.startsWith(`${folder}/`);
}
