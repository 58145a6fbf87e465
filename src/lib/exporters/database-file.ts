// The Storage page's download of the whole database: the bytes DbApi.exportDatabase returns, as a dated file.

/** `runboard-YYYY-MM-DD.sqlite`, dated in UTC (toISOString) so the name does not depend on the time zone. */
export function databaseFileName(now: Date): string {
	return `runboard-${now.toISOString().slice(0, 10)}.sqlite`;
}

/** The database file to save: its name and its bytes as they are (untyped: the download types it). */
export function databaseFile(bytes: Uint8Array, now: Date = new Date()): { fileName: string; blob: Blob } {
	return { fileName: databaseFileName(now), blob: new Blob([bytes as BlobPart]) };
}
