// The parse worker's entry: start SQLite (the mlflow.db importer reads the source database with it; no storage
// is opened here), then read each import it is handed — {port, entries} — and post the runs on the port to the
// database worker (parse/serve.ts). Nothing else lives here.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { ImportEntry } from '$lib/api/db-api';
import { toRunboardError } from '$lib/api/errors';
import { createImporters } from '$lib/importers';
import { sourceFilesOf } from './import/detect';
import { serveImport } from './parse/serve';

try {
	const sqlite3 = await sqlite3InitModule();
	const importers = createImporters(sqlite3);
	self.onmessage = (event: MessageEvent<{ port: MessagePort; entries: ImportEntry[] }>) => {
		const { port, entries } = event.data;
		// After each import, the size of the WASM heap: it never shrinks, and reading an mlflow.db grows it by the
		// database's size, so the page replaces this worker once it is past a bound (PARSER_HEAP_LIMIT).
		void serveImport(port, importers, () => sourceFilesOf(entries)).finally(() =>
			postMessage({ type: 'runboard:heap', bytes: sqlite3.wasm.heap8u().byteLength })
		);
	};
	postMessage({ type: 'runboard:ready' });
} catch (error) {
	postMessage({ type: 'runboard:failed', error: toRunboardError(error).toJSON() });
}
