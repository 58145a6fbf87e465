// Test helper (Node only): Runboard databases built through the real DbApi and exported as the Storage page
// downloads them, for the runboard-db importer's tests; and byte-level edits of such a file (a newer version, rows
// that no run owns), made with SQLite itself so the file stays a valid database.
import { fileURLToPath } from 'node:url';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { RunboardClient } from '$lib/client/runboard';
import { createTestDb } from './harness';
import { fromNodeDir } from './node-files';

const sqlite3 = await sqlite3InitModule();
const MLRUNS = fileURLToPath(new URL('../fixtures/mlflow/mlruns', import.meta.url));

/** Bytes no text encoding would produce, over 1 MiB so the file spans two chunks. */
export function bigArtifact(): Uint8Array {
	const bytes = new Uint8Array(1024 * 1024 + 4099);
	for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
	return bytes;
}

/** The MLflow interop mlruns (30 runs, logged models, artifacts) imported into `client`'s database. */
export async function importMlflowFixture(client: RunboardClient): Promise<void> {
	const files = fromNodeDir(MLRUNS);
	const entries = await Promise.all(
		files.map(async (f) => ({ path: f.path, file: new Blob([(await f.bytes()).slice()]) }))
	);
	await client.importFiles(entries);
}

/**
 * Runs made through the API: an experiment with a description and tags, runs with params, tags, 3,000 steps and
 * the non-finite values, a deleted run, a text artifact and one over 1 MiB.
 */
export async function logApiRuns(client: RunboardClient): Promise<void> {
	const experimentId = await client.createExperiment('restore-api', {
		'mlflow.note.content': 'Runs logged through window.runboard',
		team: 'vision'
	});
	for (const [i, name] of ['alpha', 'beta', 'gamma'].entries()) {
		const run = await client.createRun({
			experimentId,
			runName: name,
			startTime: 1_700_000_000_000 + i,
			userId: 'ada'
		});
		const runId = run.info.runId;
		const loss = Array.from({ length: 3000 }, (_, step) => ({
			key: 'loss',
			value: 1 / (step + 1 + i),
			step,
			timestamp: 1_700_000_000_000 + step
		}));
		const odd = [NaN, Infinity, -Infinity, -0, 0, 1e308].map((value, step) => ({
			key: 'odd/values',
			value,
			step,
			timestamp: 1_700_000_100_000
		}));
		await client.logBatch(runId, {
			params: { lr: String(0.1 * (i + 1)), optimizer: 'adam' },
			tags: { 'stage/name': name, note: 'é ✓ 日本' },
			metrics: [...loss, ...odd]
		});
		await client.logArtifact(runId, 'notes/readme.txt', `run ${name}\n`);
		if (i === 0) await client.logArtifact(runId, 'weights/model.bin', new Blob([bigArtifact().slice()]));
		await client.setTerminated(runId, i === 2 ? 'FAILED' : 'FINISHED', 1_700_000_200_000 + i);
		if (i === 1) await client.deleteRun(runId);
	}
}

/** A fresh database holding what `fill` makes, exported as the Storage page's download. */
export async function exportedDb(fill: (client: RunboardClient) => Promise<void>): Promise<Uint8Array> {
	const { api, client } = await createTestDb();
	await fill(client);
	return api.exportDatabase();
}

/** The file with PRAGMA user_version set to `version` (the 4 header bytes at offset 60). */
export function withUserVersion(bytes: Uint8Array, version: number): Uint8Array {
	const copy = bytes.slice();
	new DataView(copy.buffer).setUint32(60, version);
	return copy;
}

/** The file after `sql` ran on a writable copy of it. */
export function edited(bytes: Uint8Array, sql: string): Uint8Array {
	const { capi, wasm } = sqlite3;
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	try {
		const p = wasm.allocFromTypedArray(bytes);
		const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE;
		const rc = capi.sqlite3_deserialize(db, 'main', p, bytes.length, bytes.length, flags);
		if (rc !== 0) throw new Error(`deserialize: ${rc}`);
		db.exec(sql);
		return capi.sqlite3_js_db_export(db);
	} finally {
		db.close();
	}
}
