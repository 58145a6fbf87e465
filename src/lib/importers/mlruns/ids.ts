// MLflow run ids: uuid4 hex without dashes. Folder names are checked with this before anything is read.
const RUN_ID = /^[0-9a-f]{32}$/;

export function isRunId(id: string): boolean {
	return RUN_ID.test(id);
}

/** Folder names may come from case-insensitive file systems. */
export function looksLikeRunId(name: string): boolean {
	return RUN_ID.test(name.toLowerCase());
}

/** 'a4504540…' for messages; the full id goes into the warning's runId. */
export function shortId(runId: string): string {
	return `${runId.slice(0, 8)}…`;
}
