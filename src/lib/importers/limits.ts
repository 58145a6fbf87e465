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

/**
 * Bounds on reading a live MLflow server, which may answer anything: each ends that part of the import with a
 * warning (or, for a server that stops answering, a clear error) instead of following the server forever.
 */
export const SERVER_LIMITS = {
	/** Pages of one listing (experiments, runs, one metric's history); a token seen before also ends it. */
	maxPages: 10_000,
	/** Metric points of one run held until it is written (28 bytes each); past it its histories stop. */
	maxRunPoints: 10_000_000,
	/** Artifact folders below a run's root; MLflow's own layouts stay within a handful. */
	maxArtifactDepth: 32,
	/** Files and folders listed for one run; past it the rest of its artifacts are skipped. */
	maxArtifactEntries: 10_000,
	/** One artifact file, enforced while its body streams in (a server may send more than it declared). */
	maxArtifactFileBytes: IMPORT_LIMITS.maxArtifactFileBytes,
	/** One JSON answer; a page of 25,000 metric points is about 2 MB. */
	maxJsonBytes: 64 * 1024 * 1024,
	/** No byte for this long (before the headers or between body chunks) is a timeout. */
	requestTimeoutMs: 30_000,
	/** One request, its whole body included, is a timeout past this (a server may drip a byte at a time). */
	maxRequestMs: 10 * 60_000,
	/** Retries after a timeout, HTTP 5xx or a dropped connection (never after 4xx), waiting backoffMs × 2^n. */
	retries: 3,
	backoffMs: 500
} as const;

export type ServerLimits = { -readonly [K in keyof typeof SERVER_LIMITS]: number };

/** A long path for a message: its start and its end, never kilobytes of it. */
export function clipPath(path: string, max = 120): string {
	if (path.length <= max) return path;
	const half = Math.floor((max - 1) / 2);
	return `${path.slice(0, half)}…${path.slice(path.length - half)}`;
}
