// Caps that keep one import inside what a browser tab can hold (the SQLite WASM heap is 2–4 GiB at most).
export const IMPORT_LIMITS = {
	/** Artifact bytes stored per import; past it artifacts are skipped with a warning, runs still import. */
	maxArtifactBytes: 512 * 1024 * 1024,
	/** One artifact file; larger ones are listed in the report and skipped. */
	maxArtifactFileBytes: 100 * 1024 * 1024,
	/** Everything a zip may expand to. */
	maxZipExpandedBytes: 2 * 1024 * 1024 * 1024,
	/** Expanded/compressed size of one zip entry: beyond it the entry is treated as a zip bomb. */
	maxZipRatio: 500,
	/**
	 * Folders a file may lie below in a drop or a zip. MLflow's deepest layout is ~10; an artifact path holds at
	 * most 1,000 characters anyway. Deeper entries are skipped with a warning, so no walk over the tree ever
	 * depends on what a hostile archive nests.
	 */
	maxPathDepth: 256
} as const;

/** A long path for a message: its start and its end, never kilobytes of it. */
export function clipPath(path: string, max = 120): string {
	if (path.length <= max) return path;
	const half = Math.floor((max - 1) / 2);
	return `${path.slice(0, half)}…${path.slice(path.length - half)}`;
}
