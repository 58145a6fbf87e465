// DVCLive folders written by the real dvclive (tests/fixtures/dvclive/runs: two runs, nested metric names, a NaN,
// a summary value, params, an HTML report); goldens, a renamed drop, damaged files through the real pipeline.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { importIntoDb, runsOf, series, type ReadyRun } from './imported-runs';
import { fromNodeDir } from './node-files';

const RUNS = fileURLToPath(new URL('../fixtures/dvclive/runs', import.meta.url));
const enc = new TextEncoder();
const file = (path: string, text: string) => fromBytes(path, enc.encode(text));

describe('DVCLive', () => {
	it('runs of the real dvclive: histories by path, the summary, params and the report', async () => {
		const result = await importFiles(fromNodeDir(RUNS));
		expect(result.format).toBe('dvclive');
		const runs = runsOf(result.items);
		expect(runs.map((r) => r.runName)).toEqual(['run-a', 'run-b']);
		const [a, b] = runs as ReadyRun[];
		expect(series(a as ReadyRun, 'train/loss')).toEqual([
			[0, 1],
			[1, 0.5],
			[2, 1 / 3],
			[3, 0.25],
			[4, 0.2]
		]);
		expect(series(a as ReadyRun, 'val/loss')[3]).toEqual([3, NaN]);
		expect(series(a as ReadyRun, 'best')).toEqual([[4, 0.5]]);
		expect(a?.metrics.keys).not.toContain('step');
		expect(a?.params).toEqual(
			expect.arrayContaining([
				{ key: 'lr', value: '0.1' },
				{ key: 'optimizer/momentum', value: '0.9' },
				{ key: 'layers', value: '[16,8]' }
			])
		);
		expect(a?.artifacts).toEqual([]);
		expect(b?.artifacts.map((x) => x.path)).toEqual(['report.html']);
		expectGolden('dvclive-runs', goldenDump(result));
		await expectGoldenRenamed(
			'dvclive-runs',
			// `Live(dir=…)` names the DVCLive folder anything: the project's folder names the run.
			renamed(fromNodeDir(RUNS), (p) => p.replace('/dvclive/', '/training-logs/')),
			{}
		);
	});

	it('a DVCLive 2 history with a timestamp column; a single dvclive folder dropped', async () => {
		const result = await importFiles([
			file(
				'dvclive/plots/metrics/loss.tsv',
				'timestamp\tstep\tloss\n1700000000000\t0\t0.5\n1700000001000\t1\tinf\n'
			),
			file('dvclive/metrics.json', '{"loss": Infinity, "step": 1}')
		]);
		const [run] = runsOf(result.items) as ReadyRun[];
		expect(run?.runName).toBe('dvclive');
		expect(series(run as ReadyRun, 'loss')).toEqual([
			[0, 0.5],
			[1, Infinity]
		]);
		expect(run?.metrics.timestamps[1]).toBe(1700000001000);
	});

	it('damaged files: bad rows and a bad summary are warnings; no readable history is an error', async () => {
		const partial = await importIntoDb([
			file('live/plots/metrics/loss.tsv', 'step\tloss\n0\t1.0\n1\tabc\n2\t0.5\n'),
			file('live/metrics.json', '{"loss": '),
			file('live/params.yaml', '- not\n- a map\n')
		]);
		const report = JSON.stringify(partial.report);
		expect(report).toContain('1 row(s) that are not a step and a number left out (line 3)');
		expect(report).toContain('live/metrics.json');
		expect(report).toContain('not a map of hyperparameters; no params.');
		expect(partial.runs).toHaveLength(1);
		const empty = await importIntoDb([file('live/plots/metrics/loss.tsv', 'step\tloss\nx\ty\n')]);
		expect((empty.report as Error).message).toContain('No DVCLive run could be read');
		expect(empty.experiments).toEqual([]);
	});
});
