// One fuzz input through the real import path — zip expansion, detection, the importer, prepareItems, the
// writer — into a fresh real sqlite-wasm database, exactly as run-import.ts composes them, with a tap that keeps
// what the writer was handed for each run. Then the checks:
// - the outcome is a report, or a RunboardError with a code other than INTERNAL and a message;
// - no partial run: every stored run equals, row for row, one of the versions of it the writer was handed
//   (params and tags by key and value, every metric point, artifacts by path and size, dataset inputs by count;
//   every stored metric key one the API reads back). The writer stores a run in one transaction or not at all, so anything else —
//   rows of a run missing, or a run stored that was never handed over whole — is a partial run;
// - a successful import stored every run it was handed, and the database passes PRAGMA quick_check.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import { createImporters } from '$lib/importers';
import { keyProblem } from '$lib/importers/storable';
import { fromBlob } from '$lib/importers/source-files';
import type { SourceFile } from '$lib/importers/types';
import { createDbApi } from '../../../workers/db/api';
import { singly } from '../../../workers/db/import/chunks';
import { openImport } from '../../../workers/import/detect';
import type { ReadyItem, ReadyRun } from '../../../workers/import/prepare';
import { writeItems } from '../../../workers/db/import/write-items';
import type { SeedFile } from './seeds';

const IMPORT_CODES = new Set(['IMPORT_CORRUPT', 'IMPORT_UNRECOGNIZED']);

export interface Outcome {
	ms: number;
	/** 'ok', or the RunboardError's code. */
	code: string;
	/** What is wrong, when something is: an uncaught or INTERNAL error, or a partial run. */
	uncaught?: string;
	partial?: string;
}

/** The files as a browser drop hands them over: Blobs, so the read-ahead and grouped reads are exercised too. */
export function asSourceFiles(files: SeedFile[]): SourceFile[] {
	return files.map((f) => fromBlob(f.path, new Blob([new Uint8Array(f.bytes)])));
}

async function* tap(
	items: AsyncIterable<ReadyItem>,
	handed: Map<string, ReadyRun[]>
): AsyncGenerator<ReadyItem> {
	for await (const item of items) {
		if (item.kind === 'run') handed.set(item.run.runId, [...(handed.get(item.run.runId) ?? []), item.run]);
		yield item;
	}
}

/** A migrated empty database, made once: migrating a fresh one for each input cost more than the import. */
const templates = new WeakMap<Sqlite3Static, Uint8Array>();

function freshDatabase(sqlite3: Sqlite3Static): Db {
	let template = templates.get(sqlite3);
	if (!template) {
		const db = new sqlite3.oo1.DB(':memory:', 'c');
		createDbApi({ db, sqlite3 }, { mode: 'memory' });
		template = sqlite3.capi.sqlite3_js_db_export(db);
		db.close();
		templates.set(sqlite3, template);
	}
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const { capi } = sqlite3;
	const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE;
	const pointer = sqlite3.wasm.allocFromTypedArray(template);
	const rc = capi.sqlite3_deserialize(db, 'main', pointer, template.length, template.length, flags);
	if (rc !== 0) throw new Error(`fuzz: cannot open the template database (${rc})`);
	return db;
}

export async function runInput(sqlite3: Sqlite3Static, files: SourceFile[]): Promise<Outcome> {
	const db = freshDatabase(sqlite3);
	const conn = { db, sqlite3 };
	createDbApi(conn, { mode: 'memory' });
	const handed = new Map<string, ReadyRun[]>();
	const started = performance.now();
	let code = 'ok';
	let uncaught: string | undefined;
	try {
		const signal = new AbortController().signal;
		const opened = await openImport(createImporters(sqlite3), files, signal);
		const options = { signal, now: () => 1_700_000_000_000, ...opened };
		await writeItems(conn, opened.format, singly(tap(opened.items, handed)), options);
	} catch (error) {
		code = error instanceof RunboardError ? error.code : 'THROWN';
		// A file that cannot be imported is IMPORT_CORRUPT or IMPORT_UNRECOGNIZED, with its own message; any other
		// code (INTERNAL, or an API argument check reached from inside an import) says nothing about the file.
		if (!(error instanceof RunboardError) || !IMPORT_CODES.has(error.code) || error.message.trim() === '')
			uncaught = `${code}: ${(error as Error)?.message ?? String(error)}`;
	}
	const ms = performance.now() - started;
	try {
		const partial = partialRun(db, handed, code === 'ok');
		return { ms, code, uncaught, partial };
	} finally {
		db.close();
	}
}

type Db = InstanceType<Sqlite3Static['oo1']['DB']>;

function partialRun(db: Db, handed: Map<string, ReadyRun[]>, succeeded: boolean): string | undefined {
	const check = db.selectValue('PRAGMA quick_check');
	if (check !== 'ok') return `quick_check: ${String(check)}`;
	const stored = db.selectArrays('SELECT run_pk, run_uuid FROM runs') as [number, string][];
	for (const [pk, runId] of stored) {
		const versions = handed.get(runId) ?? [];
		if (versions.length === 0) return `run ${runId} is stored but was never handed to the writer`;
		const problems: string[] = [];
		for (const version of versions) {
			const problem = difference(db, pk, version);
			if (!problem) break;
			problems.push(problem);
		}
		if (problems.length === versions.length) return `run ${runId}: ${problems.join(' / ')}`;
	}
	if (succeeded && stored.length !== handed.size)
		return `the import succeeded but stored ${stored.length} of the ${handed.size} runs it was handed`;
	return undefined;
}

/**
 * Key/value rows as the database reads them back: the last value per key, and without a leading U+FEFF, which
 * sqlite-wasm's text decoding drops from every value it returns (SQLite itself stores it).
 */
function pairs(rows: { key: string; value: string }[]): string {
	const last = new Map<string, string>();
	const read = (text: string) => text.replace(/^\ufeff/, '');
	for (const r of rows) last.set(read(r.key), read(r.value));
	return JSON.stringify([...last].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** How the stored run differs from this version of it, or undefined when it is the same. */
function difference(db: Db, pk: number, run: ReadyRun): string | undefined {
	const rows = (table: string) =>
		db.selectObjects(`SELECT key, value FROM ${table} WHERE run_pk = ?`, [pk]) as {
			key: string;
			value: string;
		}[];
	if (pairs(rows('params')) !== pairs(run.params)) return 'params differ';
	const tags = run.tags.some((t) => t.key === 'mlflow.runName')
		? run.tags
		: [...run.tags, { key: 'mlflow.runName', value: run.runName }];
	if (pairs(rows('tags')) !== pairs(tags)) return 'tags differ';
	// Every point, as the metrics table holds them (NaN is stored as NULL); each stored key readable by the API.
	const stored = db.selectArrays(
		`SELECT k.key, m.value, m.step, m.timestamp FROM metrics m JOIN metric_keys k USING (key_id) WHERE m.run_pk = ?`,
		[pk]
	) as [string, number | null, number, number][];
	const got = stored.map(([key, value, step, timestamp]) => point(key, value ?? NaN, step, timestamp));
	const expected: string[] = [];
	run.metrics.keyIndex.forEach((k, i) => {
		const key = run.metrics.keys[k] as string;
		expected.push(point(key, run.metrics.values[i]!, run.metrics.steps[i]!, run.metrics.timestamps[i]!));
	});
	if (JSON.stringify(got.sort()) !== JSON.stringify(expected.sort())) return 'metric points differ';
	for (const [key] of stored)
		if (keyProblem(key)) return `metric key "${key.slice(0, 40)}" is unreadable: ${keyProblem(key)}`;
	const artifacts = db.selectArrays('SELECT path, size FROM artifact_files WHERE run_pk = ?', [pk]);
	const want = new Map(run.artifacts.map((a) => [a.path, a.size]));
	if (
		artifacts.length !== want.size ||
		artifacts.some(([path, size]) => want.get(String(path)) !== Number(size))
	)
		return 'artifacts differ';
	const inputs = Number(db.selectValue('SELECT count(*) FROM run_inputs WHERE run_pk = ?', [pk]));
	if (inputs !== run.inputs.length) return 'dataset inputs differ';
	return undefined;
}

function point(key: string, value: number, step: number, timestamp: number): string {
	return JSON.stringify([key.replace(/^\ufeff/, ''), String(value), step, timestamp]);
}
