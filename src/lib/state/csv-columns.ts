// The columns a person chose for a CSV table of no known shape, remembered per header in this browser
// (localStorage, keyed by the header's hash), and handed to the importer as a column map file added to the drop
// (src/lib/importers/csv/column-map.ts): the importer stays pure and the map travels with the files to
// whichever worker reads them.
import type { ImportEntry } from '$lib/api/db-api';
import type { RunboardError } from '$lib/api/errors';
import {
	COLUMN_MAP_FILE,
	columnMapFile,
	columnMapOf,
	columnsRequestOf,
	type ColumnMap,
	type ColumnsRequest
} from '$lib/importers/csv/column-map';

const KEY = 'runboard.csvColumns.';

/** The importer's "choose the columns" request carried by a failed import, if that is why it failed. */
export function columnsRequestIn(error: RunboardError): ColumnsRequest | null {
	return error.code === 'IMPORT_UNRECOGNIZED' ? columnsRequestOf(error.details?.csvColumns) : null;
}

export function rememberedColumns(
	hash: string,
	store: Storage | undefined = globalThis.localStorage
): ColumnMap | null {
	try {
		const text = store?.getItem(KEY + hash);
		return text ? columnMapOf(JSON.parse(text)) : null;
	} catch {
		return null;
	}
}

export function rememberColumns(
	hash: string,
	map: ColumnMap,
	store: Storage | undefined = globalThis.localStorage
): void {
	try {
		store?.setItem(KEY + hash, JSON.stringify(map));
	} catch {
		// A full or blocked storage only means the next file with this header asks again.
	}
}

/**
 * The entries with the map file added: inside the dropped folder when there is one (so the experiment keeps the
 * folder's name), else in a folder of its own (so loose files stay one import rather than one per file).
 */
export function withColumnMap(entries: ImportEntry[], hash: string, map: ColumnMap): ImportEntry[] {
	const paths = entries.map((e) => e.path).filter((p) => !p.endsWith(`/${COLUMN_MAP_FILE}`));
	const first = paths[0]?.split('/')[0] ?? '';
	const root = paths.every((p) => p.includes('/') && p.split('/')[0] === first) ? first : '.runboard';
	const file = new Blob([columnMapFile({ [hash]: map })], { type: 'application/json' });
	return [
		...entries.filter((e) => !e.path.endsWith(`/${COLUMN_MAP_FILE}`)),
		{ path: `${root}/${COLUMN_MAP_FILE}`, file }
	];
}

/** The dialog's first guess: the first column of whole numbers is the step, other number columns metrics. */
export function guessColumns(request: ColumnsRequest): ColumnMap & { order: string[] } {
	const numeric = (i: number, whole = false) =>
		request.preview.every((row) => {
			const n = Number((row[i] ?? '').trim());
			return (row[i] ?? '').trim() !== '' && Number.isFinite(n) && (!whole || Number.isInteger(n));
		});
	const columns = request.header.map((name, i) => ({ name, i }));
	const step = columns.find((c) => numeric(c.i, true)) ?? columns[0];
	const rest = columns.filter((c) => c !== step);
	return {
		step: step?.name ?? '',
		run: null,
		time: null,
		metrics: rest.filter((c) => numeric(c.i)).map((c) => c.name),
		params: rest.filter((c) => !numeric(c.i)).map((c) => c.name),
		order: [...request.header]
	};
}
