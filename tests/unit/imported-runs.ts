// Test helpers for the log importers' tests: the runs an import read, one metric's points, and an import through
// the real pipeline into a fresh in-memory database (what is stored, or the error it failed with).
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { createImporters } from '$lib/importers';
import type { SourceFile } from '$lib/importers/types';
import type { ReadyItem } from '../../workers/import/prepare';
import { createDbApi } from '../../workers/db/api';
import { runImport } from '../../workers/db/import/run-import';

const sqlite3 = await sqlite3InitModule();

export type ReadyRun = Extract<ReadyItem, { kind: 'run' }>['run'];

export const runsOf = (items: ReadyItem[]): ReadyRun[] =>
	items.flatMap((i) => (i.kind === 'run' ? [i.run] : []));

/** One metric's points of a run as [step, value], in the order read. */
export function series(run: ReadyRun, key: string): [number, number][] {
	const m = run.metrics;
	const id = m.keys.indexOf(key);
	const out: [number, number][] = [];
	for (let i = 0; i < m.values.length; i++)
		if (m.keyIndex[i] === id) out.push([m.steps[i] as number, m.values[i] as number]);
	return out;
}

/** Imports the files into a database (a fresh one unless given): the report or error, and what is stored. */
export async function importIntoDb(files: SourceFile[], db = new sqlite3.oo1.DB(':memory:', 'c')) {
	const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
	const options = { signal: new AbortController().signal, now: () => 1 };
	const report = await runImport({ db, sqlite3 }, createImporters(sqlite3), files, options).catch(
		(e: Error) => e
	);
	const experiments = await api.searchExperiments();
	const runs = experiments.length
		? (await api.searchRuns({ experimentIds: experiments.map((e) => e.experimentId) })).runs
		: [];
	return { report, experiments, runs, api, db };
}
