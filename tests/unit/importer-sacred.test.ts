// Sacred FileStorageObserver runs: written by the real Sacred (tests/fixtures/sacred/runs: a grid, NaN and
// infinity, a failed run) and a public sample from an older Sacred (tests/fixtures/public/sacred/: no metrics);
// goldens, renamed folders, damaged files through the real pipeline.
import { fileURLToPath } from 'node:url';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { describe, expect, it } from 'vitest';
import { createImporters } from '$lib/importers';
import { fromBytes } from '$lib/importers/source-files';
import type { SourceFile } from '$lib/importers/types';
import type { ReadyItem } from '../../workers/import/prepare';
import { createDbApi } from '../../workers/db/api';
import { runImport } from '../../workers/db/import/run-import';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { fromNodeDir } from './node-files';

const sqlite3 = await sqlite3InitModule();
const RUNS = fileURLToPath(new URL('../fixtures/sacred/runs', import.meta.url));
const PUBLIC = fileURLToPath(
	new URL('../fixtures/public/sacred/chovanecm-sacredboard/filestore/logdir', import.meta.url)
);
const enc = new TextEncoder();
type ReadyRun = Extract<ReadyItem, { kind: 'run' }>['run'];
const runsOf = (items: ReadyItem[]) => items.flatMap((i) => (i.kind === 'run' ? [i.run] : []));

function series(run: ReadyRun, key: string): [number, number][] {
	const m = run.metrics;
	const id = m.keys.indexOf(key);
	const out: [number, number][] = [];
	for (let i = 0; i < m.values.length; i++)
		if (m.keyIndex[i] === id) out.push([m.steps[i] as number, m.values[i] as number]);
	return out;
}

async function importInto(files: SourceFile[]) {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
	const options = { signal: new AbortController().signal, now: () => 1 };
	const report = await runImport({ db, sqlite3 }, createImporters(sqlite3), files, options).catch(
		(e: Error) => e
	);
	return { report, experiments: await api.searchExperiments() };
}

describe('Sacred FileStorageObserver', () => {
	it('runs of the real Sacred: config as params, log_scalar series with times, status, result, output', async () => {
		const result = await importFiles(fromNodeDir(RUNS));
		expect(result.format).toBe('sacred');
		const runs = runsOf(result.items);
		expect(runs.map((r) => [r.runName, r.status])).toEqual([
			['sgd-demo #1', 'FINISHED'],
			['sgd-demo #2', 'FINISHED'],
			['sgd-demo #3', 'FINISHED'],
			['sgd-demo #4', 'FAILED']
		]);
		const [first, , odd, failed] = runs as ReadyRun[];
		expect(first?.params).toEqual(
			expect.arrayContaining([
				{ key: 'lr', value: '0.01' },
				{ key: 'optimizer.momentum', value: '0.9' },
				{ key: 'layers', value: '[16,8]' }
			])
		);
		expect(series(first as ReadyRun, 'training.loss')).toHaveLength(20);
		expect(series(first as ReadyRun, 'validation.accuracy')[1]).toEqual([5, 0.505]);
		expect(series(odd as ReadyRun, 'training.loss').slice(3, 5)).toEqual([
			[3, NaN],
			[4, Infinity]
		]);
		expect((first as ReadyRun).metrics.timestamps[0]).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
		expect(failed?.tags).toEqual(
			expect.arrayContaining([{ key: 'sacred.fail_trace', value: 'RuntimeError: diverged' }])
		);
		expect(first?.artifacts.map((a) => a.path)).toEqual(['cout.txt']);
		expectGolden('sacred-runs', goldenDump(result));
		await expectGoldenRenamed(
			'sacred-runs',
			renamed(fromNodeDir(RUNS), (p) => p.replace(/^runs\//, 'observer/')),
			{}
		);
	});

	it('a public run of an older Sacred (no metrics.json): params and status', async () => {
		const result = await importFiles(fromNodeDir(PUBLIC));
		const runs = runsOf(result.items);
		expect(runs).toHaveLength(3);
		expect(runs[0]?.params).toEqual(expect.arrayContaining([{ key: 'depth', value: '5' }]));
		expectGolden('sacred-public', goldenDump(result));
	});

	it('a broken run.json imports nothing; a broken metrics.json keeps the run with a warning', async () => {
		const broken = await importInto([
			fromBytes('obs/1/run.json', enc.encode('{"experiment": {"name": "x"}, "status": '))
		]);
		expect(broken.report).toBeInstanceOf(Error);
		expect(broken.experiments).toEqual([]);
		const run = '{"experiment": {"name": "x"}, "status": "COMPLETED", "start_time": "2024-01-01T00:00:00"}';
		const partial = await importInto([
			fromBytes('obs/1/run.json', enc.encode(run)),
			fromBytes('obs/1/metrics.json', enc.encode('{"loss": {"steps": [1, 2], "values": [1]}}'))
		]);
		expect(JSON.stringify(partial.report)).toContain('is not a series of steps and values');
		expect(partial.experiments.map((e) => e.name)).toEqual(['x']);
		// A status named like an Object method is no status (found by the fuzz sweep): the run is FAILED, not refused.
		const odd = await importFiles([
			fromBytes('obs/2/run.json', enc.encode(run.replace('"COMPLETED"', '"constructor"')))
		]);
		expect(runsOf(odd.items).map((r) => r.status)).toEqual(['FAILED']);
	});
});
