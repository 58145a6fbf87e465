// The real DB API on sqlite-wasm's node build, in memory: the same code the worker runs, without the worker.
import sqlite3InitModule, { type Database } from '@sqlite.org/sqlite-wasm';
import type { DbApi } from '$lib/api/db-api';
import { RunboardError } from '$lib/api/errors';
import type { ImportedExperiment, ImportedRun, Importer, ImportItem, SourceFile } from '$lib/importers/types';
import { RunboardClient } from '$lib/client/runboard';
import { createDbApi } from '../../workers/db/api';

const sqlite3Promise = sqlite3InitModule();

export async function createTestDb(): Promise<{
	api: DbApi;
	client: RunboardClient;
	changes: string[];
	/** The connection itself, for tests that seed rows no API writes (e.g. run_inputs, which imports fill). */
	db: Database;
}> {
	const sqlite3 = await sqlite3Promise;
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
	const changes: string[] = [];
	const client = new RunboardClient({
		api: async () => api,
		transfer: (value) => value,
		proxy: (fn) => fn,
		changed: (what) => changes.push(what)
	});
	return { api, client, changes, db };
}

/** Resolves to the rejection's {code, message}, or fails the test if the promise resolves. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
	try {
		await promise;
	} catch (error) {
		const e = error as { code?: string; message?: string };
		return { code: e.code ?? 'NO_CODE', message: e.message ?? '' };
	}
	throw new Error('expected the call to fail, but it succeeded');
}

/** Run i as an importer would yield it: one param, two points of metric "m" (the second NaN), no artifacts. */
export function importedRun(i: number, experimentKey = 'e1'): ImportedRun {
	return {
		experimentKey,
		runId: i.toString(16).padStart(32, '0'),
		runName: `run-${i}`,
		status: 'FINISHED',
		startTime: 1000 + i,
		endTime: 2000 + i,
		lifecycleStage: 'active',
		userId: 'u',
		artifactUri: '',
		params: [{ key: 'i', value: String(i) }],
		tags: [],
		metrics: {
			keys: ['m'],
			keyIndex: new Uint32Array([0, 0]),
			values: new Float64Array([i, NaN]),
			steps: new Float64Array([0, 1]),
			timestamps: new Float64Array([1, 2])
		},
		inputs: [],
		artifacts: []
	};
}

/**
 * A tiny in-test format: any file named runs.txt holding a run count. Yields `experiment` first when given, then
 * for each run a warning and the run (`run(i)`, importedRun by default); `failAt` throws at that run; onRun sees
 * each run as it is read.
 */
export function countingImporter(
	options: {
		failAt?: number;
		onRun?: (i: number) => void;
		run?: (i: number) => ImportedRun;
		experiment?: ImportedExperiment;
	} = {}
): Importer {
	const run = options.run ?? ((i: number) => importedRun(i));
	return {
		id: 'test-count',
		label: 'Test runs.txt',
		detect: async (files) => (files.some((f) => f.path.endsWith('runs.txt')) ? 1 : 0),
		async *read(files, context): AsyncGenerator<ImportItem> {
			const file = files.find((f) => f.path.endsWith('runs.txt')) as SourceFile;
			const n = Number(new TextDecoder().decode(await file.bytes()));
			if (options.experiment) yield { kind: 'experiment', experiment: options.experiment };
			for (let i = 1; i <= n; i++) {
				if (context.signal.aborted) return;
				if (i === options.failAt) throw new RunboardError('IMPORT_CORRUPT', `runs.txt: run ${i} is broken`);
				options.onRun?.(i);
				yield { kind: 'warning', warning: { kind: 'metric-line-unparsed', message: `run ${i}: line 3` } };
				yield { kind: 'run', run: run(i) };
			}
		}
	};
}
