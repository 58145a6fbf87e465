// The two-worker import (parse/serve.ts → db/import/from-port.ts) over a real MessageChannel, both ends in this
// thread: same report, errors and cancel as a one-worker import, and the reader never runs more than a few runs
// ahead of the writer. Real sqlite-wasm.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { describe, expect, it } from 'vitest';
import { RunboardError } from '$lib/api/errors';
import { fromBytes } from '$lib/importers/source-files';
import type { ImportedRun, Importer, SourceFile } from '$lib/importers/types';
import { createDbApi } from '../../workers/db/api';
import { importFromPort } from '../../workers/db/import/from-port';
import { WINDOW_RUNS } from '../../workers/import/port-protocol';
import { serveImport } from '../../workers/parse/serve';
import { countingImporter, importedRun } from './harness';

const sqlite3 = await sqlite3InitModule();
const enc = new TextEncoder();

function setup() {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
	const runCount = () => Number(db.selectValue('SELECT count(*) FROM runs'));
	return { conn: { db, sqlite3 }, api, runCount };
}

/** Run i's two points live in the middle of a shared buffer: posting them must copy, not detach, the buffer. */
const shared = new Float64Array(64).fill(7);

function run(i: number): ImportedRun {
	return {
		...importedRun(i),
		// Odd runs' params go in one statement, even runs' row by row (text that JSON escapes).
		params: [
			{ key: 'i', value: String(i) },
			{ key: 'i', value: `last ${i}` },
			{ key: 'text', value: i % 2 ? 'é ✓ 😀' : 'a\u0001b\ud800' }
		],
		metrics: { ...importedRun(i).metrics!, values: shared.subarray(8, 10) },
		artifacts: [{ path: 'notes.txt', file: fromBytes('notes.txt', enc.encode(`run ${i}`)) }]
	};
}

/** The test format (harness.ts) with the runs above. */
function importer(options: { failAt?: number; onRun?: (i: number) => void } = {}): Importer {
	return countingImporter({ ...options, run });
}

/** Both halves of one import: the reader on one end of a channel, the writer (through the API) on the other. */
function twoWorkerImport(
	api: ReturnType<typeof setup>['api'],
	importers: Importer[],
	files: () => SourceFile[]
) {
	const channel = new MessageChannel();
	const reader = serveImport(channel.port2, importers, files);
	const report = api.importFromPort(channel.port1);
	return { report, reader };
}

const runs = (n: number) => () => [fromBytes('drop/runs.txt', enc.encode(String(n)))];

describe('two-worker import', () => {
	it('writes every run with its params, metrics and artifacts, and reports as a one-worker import', async () => {
		const { api } = setup();
		const { report, reader } = twoWorkerImport(api, [importer()], runs(3));
		expect(await report).toMatchObject({ format: 'test-count', runsWritten: 3, metricPoints: 6 });
		expect((await report).warnings).toEqual([
			{
				kind: 'metric-line-unparsed',
				count: 3,
				examples: ['run 1: line 3', 'run 2: line 3', 'run 3: line 3']
			}
		]);
		await reader;
		// A repeated key keeps its last value, both ways; text is stored as a one-row bind stores it.
		const params = async (i: number) => (await api.getRun(run(i).runId)).data.params;
		expect(await params(1)).toEqual([
			{ key: 'i', value: 'last 1' },
			{ key: 'text', value: 'é ✓ 😀' }
		]);
		expect(await params(2)).toEqual([
			{ key: 'i', value: 'last 2' },
			{ key: 'text', value: 'a\u0001b\ufffd' }
		]);
		expect((await api.getMetricHistory(run(2).runId, 'm')).map((m) => m.value)).toEqual([7, 7]);
		expect(await new Response(await api.getArtifact({ runId: run(2).runId }, 'notes.txt')).text()).toBe(
			'run 2'
		);
		expect(shared.buffer.byteLength).toBe(64 * 8); // copied for the post, never detached
		expect(await api.integrityCheck()).toBe('ok');
	});

	it('keeps the reader at most a window of runs ahead of the writer', async () => {
		const { api, runCount } = setup();
		let ahead = 0;
		const onRun = (i: number) => (ahead = Math.max(ahead, i - 1 - runCount()));
		const { report } = twoWorkerImport(api, [importer({ onRun })], runs(30));
		expect((await report).runsWritten).toBe(30);
		expect(ahead).toBeGreaterThan(0);
		expect(ahead).toBeLessThanOrEqual(WINDOW_RUNS + 1);
	});

	it('reports detection errors as they are, and later errors with the runs kept', async () => {
		const { api, runCount } = setup();
		const notes = () => [fromBytes('notes.md', enc.encode('# hi'))];
		const unrecognized = await twoWorkerImport(api, [importer()], notes).report.catch((e: unknown) => e);
		expect(unrecognized).toMatchObject({ code: 'IMPORT_UNRECOGNIZED' });
		expect((unrecognized as RunboardError).message).toMatch(/Supported: Test runs\.txt[^.]*\.$/);
		const broken = await twoWorkerImport(api, [importer({ failAt: 3 })], runs(5)).report.catch(
			(e: unknown) => e
		);
		expect(broken).toMatchObject({ code: 'IMPORT_CORRUPT', details: { runsWritten: 2 } });
		expect((broken as RunboardError).message).toContain('2 runs were imported completely before this error.');
		expect(runCount()).toBe(2);
	});

	it('stops reading when cancelled; only whole runs stay', async () => {
		const { api, runCount } = setup();
		let read = 0;
		const onRun = (i: number) => {
			read = i;
			if (i === 3) void api.cancelImport();
		};
		const { report, reader } = twoWorkerImport(api, [importer({ onRun })], runs(100));
		expect((await report).cancelled).toBe(true);
		await reader;
		expect(read).toBeLessThanOrEqual(3 + WINDOW_RUNS + 1);
		expect(runCount()).toBe((await report).runsWritten);
		expect(await api.integrityCheck()).toBe('ok');
	});

	it('runs one import at a time, and refuses what is not a port', async () => {
		const { api, conn } = setup();
		const first = twoWorkerImport(api, [importer()], runs(20));
		const second = await twoWorkerImport(api, [importer()], runs(1)).report.catch((e: unknown) => e);
		expect(second).toMatchObject({ code: 'INVALID_STATE' });
		expect((await first.report).runsWritten).toBe(20);
		const wrong = await api.importFromPort({} as MessagePort).catch((e: unknown) => e);
		expect(wrong).toMatchObject({ code: 'INVALID_ARGUMENT' });
		const direct = new MessageChannel();
		void serveImport(direct.port2, [importer()], runs(2));
		const opts = { signal: new AbortController().signal, now: () => 1 };
		expect((await importFromPort(conn, direct.port1, opts)).runsWritten).toBe(2);
	});
});
