// Sacred FileStorageObserver runs: written by the real Sacred (tests/fixtures/sacred/runs: a grid, NaN and
// infinity, a failed run) and a public sample from an older Sacred (tests/fixtures/public/sacred/: no metrics);
// goldens, renamed folders, damaged files through the real pipeline.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { importIntoDb, runsOf, series, type ReadyRun } from './imported-runs';
import { fromNodeDir } from './node-files';

const RUNS = fileURLToPath(new URL('../fixtures/sacred/runs', import.meta.url));
const PUBLIC = fileURLToPath(
	new URL('../fixtures/public/sacred/chovanecm-sacredboard/filestore/logdir', import.meta.url)
);
const enc = new TextEncoder();

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
		const broken = await importIntoDb([
			fromBytes('obs/1/run.json', enc.encode('{"experiment": {"name": "x"}, "status": '))
		]);
		expect(broken.report).toBeInstanceOf(Error);
		expect(broken.experiments).toEqual([]);
		const run = '{"experiment": {"name": "x"}, "status": "COMPLETED", "start_time": "2024-01-01T00:00:00"}';
		const partial = await importIntoDb([
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
