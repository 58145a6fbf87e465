// Caps that keep one import inside what a browser tab can hold (the SQLite WASM heap is 2–4 GiB at most).
export const IMPORT_LIMITS = {
	/** Artifact bytes stored per import; past it artifacts are skipped with a warning, runs still import. */
	maxArtifactBytes: 512 * 1024 * 1024,
	/** One artifact file; larger ones are listed in the report and skipped. */
	maxArtifactFileBytes: 100 * 1024 * 1024,
	/** Everything a zip may expand to. */
	maxZipExpandedBytes: 2 * 1024 * 1024 * 1024,
	/** Expanded/compressed size of one zip entry: beyond it the entry is treated as a zip bomb. */
	maxZipRatio: 500
} as const;
