// One import read and written by the database worker itself (tests, or no parse worker): expand archives, pick
// the importer, then write what it yields as it yields it — whole runs only, whatever happens — and report.
// The reading half (openImport, prepareItems) is shared with the parse worker; writeItems is the writing half.
import type { ImportReport } from '$lib/api/db-api';
import type { Importer, SourceFile } from '$lib/importers/types';
import type { Conn } from '../sql';
import { singly } from './chunks';
import { openImport } from '../../import/detect';
import { type ImportOptions, writeItems } from './write-items';

export type { ImportOptions } from './write-items';

/** The first progress of a file import: detection can take a while (a large zip's directory, a database). */
export function reportDetecting(options: ImportOptions): void {
	options.onProgress?.({
		phase: 'detecting',
		bytesDone: 0,
		bytesTotal: 0,
		megabytesPerSecond: 0,
		runsWritten: 0
	});
}

export async function runImport(
	conn: Conn,
	importers: Importer[],
	input: SourceFile[],
	options: ImportOptions
): Promise<ImportReport> {
	reportDetecting(options);
	const opened = await openImport(importers, input, options.signal);
	return writeItems(conn, opened.format, singly(opened.items), { ...options, ...opened });
}
