// JSONL metric logs written with Python's json module (tests/fixtures/jsonl/logs: wide, long, a sweep of runs in
// one file with a blank line and a cut last line); goldens, renamed files, damaged files through the real pipeline.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { importIntoDb, runsOf, series, type ReadyRun } from './imported-runs';
import { fromNodeDir } from './node-files';

const LOGS = fileURLToPath(new URL('../fixtures/jsonl/logs', import.meta.url));
const enc = new TextEncoder();
const file = (path: string, text: string) => fromBytes(path, enc.encode(text));

describe('JSONL metric logs', () => {
	it('wide, long and multi-run files: points at their steps and times, NaN and Infinity kept', async () => {
		const result = await importFiles(fromNodeDir(LOGS));
		expect(result.format).toBe('jsonl');
		const runs = runsOf(result.items);
		expect(runs.map((r) => r.runName)).toEqual(['points', 'lr-0.1', 'lr-0.01', 'train']);
		const byName = (name: string) => runs.find((r) => r.runName === name) as ReadyRun;
		expect(series(byName('train'), 'loss').slice(2, 4)).toEqual([
			[10, 1 / 11],
			[15, NaN]
		]);
		expect(series(byName('train'), 'grad_norm')).toEqual([[20, Infinity]]);
		expect(series(byName('train'), 'epoch').at(-1)).toEqual([45, 4]);
		expect(byName('train').metrics.keys).not.toContain('time');
		expect(byName('train').metrics.timestamps[3]).toBe(Date.parse('2026-01-01T00:00:05Z'));
		expect(series(byName('points'), 'val/acc')).toHaveLength(4);
		expect(byName('points').metrics.timestamps[2]).toBe(Date.parse('2026-01-01T00:01:00Z'));
		// The sweep's cut last line is left out with a warning; the run keeps its three whole records.
		expect(series(byName('lr-0.1'), 'loss')).toEqual([
			[0, 2],
			[1, 1],
			[2, 0]
		]);
		expect(JSON.stringify(result.items)).toContain('the last line (8) is not whole JSON');
		expectGolden('jsonl-logs', goldenDump(result));
		await expectGoldenRenamed(
			'jsonl-logs',
			renamed(fromNodeDir(LOGS), (p) => p.replace(/\.jsonl$/, '.txt')),
			// The warning about the cut line names the file as dropped.
			{ 'logs/sweep.jsonl': 'logs/sweep.txt' }
		);
	});

	it('records without a step are the next step of their run; nested objects become a/b keys', async () => {
		const result = await importFiles([
			file('log.jsonl', '{"loss": 3}\n{"loss": 2, "val": {"acc": 0.5}, "note": "x"}\n{"loss": 1}\n')
		]);
		const [run] = runsOf(result.items) as ReadyRun[];
		expect(series(run as ReadyRun, 'loss')).toEqual([
			[0, 3],
			[1, 2],
			[2, 1]
		]);
		expect(series(run as ReadyRun, 'val/acc')).toEqual([[1, 0.5]]);
	});

	it('a line that is not an object refuses the file with its line number; nothing is stored', async () => {
		const bad = await importIntoDb([
			file('log.jsonl', '{"step": 1, "loss": 1}\n[1, 2]\n{"step": 2, "loss": 0}\n')
		]);
		expect(bad.report).toBeInstanceOf(Error);
		expect((bad.report as Error).message).toContain('log.jsonl: line 2 is an array, not a JSON object');
		expect(bad.experiments).toEqual([]);
		const damaged = await importIntoDb([
			file('log.jsonl', '{"step": 1, "loss": 1}\n{"step": 2, "lo\n{"step": 3}\n')
		]);
		expect((damaged.report as Error).message).toContain('line 2 is not JSON');
		expect(damaged.runs).toEqual([]);
		// With a good file beside it, the damaged one is reported and the good one imported whole.
		const mixed = await importIntoDb([
			file('logs/a.jsonl', '{"step": 1, "loss": 1}\n"text"\n'),
			file('logs/b.jsonl', '{"step": 1, "loss": 1}\n')
		]);
		expect(JSON.stringify(mixed.report)).toContain(
			'a.jsonl: line 2 is string, not a JSON object; not imported.'
		);
		expect(mixed.runs.map((r) => r.info.runName)).toEqual(['b']);
	});

	it('a file of objects without numbers, or not JSON at all, is not taken for a log', async () => {
		const words = await importIntoDb([file('notes.jsonl', '{"msg": "hello"}\n{"msg": "bye"}\n')]);
		expect((words.report as { code?: string }).code).toBe('IMPORT_UNRECOGNIZED');
		expect((words.report as Error).message).toContain('JSONL metric logs');
	});
});
