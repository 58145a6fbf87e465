// The TensorBoard.dev export importer on an export written by the real exporter (tests/fixtures/tensorboard-dev/),
// its golden (the same under neutral names), and damaged exports through the real pipeline: bad lines are
// warnings naming the file and line, a cut last line loses only that series, garbage imports nothing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { describe, expect, it } from 'vitest';
import { createImporters } from '$lib/importers';
import { parsePythonJson } from '$lib/importers/json-lines';
import { fromBytes } from '$lib/importers/source-files';
import type { SourceFile } from '$lib/importers/types';
import { createDbApi } from '../../workers/db/api';
import { runImport } from '../../workers/db/import/run-import';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { fromNodeDir } from './node-files';

const sqlite3 = await sqlite3InitModule();
const EXPORT = fileURLToPath(new URL('../fixtures/tensorboard-dev/export', import.meta.url));
const SCALARS = `${EXPORT}/experiment_AdbfrmHBRbC7Dfz3vTUDwQ/scalars.json`;

async function importInto(files: SourceFile[]) {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
	const options = { signal: new AbortController().signal, now: () => 1 };
	const report = await runImport({ db, sqlite3 }, createImporters(sqlite3), files, options).catch(
		(e: Error) => e
	);
	const experiments = await api.searchExperiments();
	const runs = experiments.length
		? (await api.searchRuns({ experimentIds: experiments.map((e) => e.experimentId) })).runs
		: [];
	return { report, experiments, runs, api };
}

describe('Python JSON with bare NaN and Infinity', () => {
	it('reads them outside strings only', () => {
		expect(parsePythonJson('[NaN, Infinity, -Infinity, "NaN Infinity", 1]')).toEqual([
			'NaN',
			Infinity,
			-Infinity,
			'NaN Infinity',
			1
		]);
		expect(parsePythonJson('{"a\\"NaN": NaN}')).toEqual({ 'a"NaN': 'NaN' });
	});
});

describe('TensorBoard.dev export', () => {
	it('the real exporter output: experiments from metadata, a run per run name, every point', async () => {
		const { report, experiments, runs, api } = await importInto(fromNodeDir(EXPORT));
		expect(report).not.toBeInstanceOf(Error);
		expect(experiments.map((e) => e.name).sort()).toEqual(['MNIST sweep', 'experiment_xYz012-_abc']);
		const mnist = experiments.find((e) => e.name === 'MNIST sweep');
		expect(mnist?.tags).toEqual(
			expect.arrayContaining([
				{ key: 'mlflow.note.content', value: 'Learning rates, <b>conv</b> and fc layers' }
			])
		);
		expect(runs.map((r) => r.info.runName).sort()).toEqual([
			'experiment_xYz012-_abc',
			'lr_1E-03,conv=2,fc=2',
			'lr_1E-04,conv=1,fc=2'
		]);
		const run = runs.find((r) => r.info.runName === 'lr_1E-04,conv=1,fc=2');
		const xent = await api.getMetricHistory(run?.info.runId as string, 'xent/xent_1');
		expect(xent.map((p) => [p.step, p.value])).toEqual([
			[0, 4.8935227394104],
			[5, 2.5438034534454346],
			[10, NaN],
			[15, Infinity]
		]);
		expect(xent[1]?.timestamp).toBe(1_563_406_523_919);
		const long = runs.find((r) => r.info.runName === 'lr_1E-03,conv=2,fc=2');
		expect((await api.getMetricHistory(long?.info.runId as string, 'xent/xent_1')).length).toBe(2000);
	});

	it('golden, and the same under neutral names', async () => {
		const files = fromNodeDir(EXPORT);
		expectGolden('tensorboard-dev-export', goldenDump(await importFiles(files)));
		const neutral = (path: string) =>
			path.replace(/^export\//, 'download/').replace(/scalars\.json$/, 'data.txt');
		await expectGoldenRenamed('tensorboard-dev-export', renamed(files, neutral), {});
	});

	it('bad lines are warnings with file and line; the other series import', async () => {
		const lines = readFileSync(SCALARS, 'utf8').trimEnd().split('\n');
		const damaged = [
			lines[0],
			'{"points": {"steps": [1, 2], "values": [1], "wall_times": [1, 2]}, "run": "r", "tag": "t"}',
			'{"points": {"steps": [1], "values": ["x"], "wall_times": [1]}, "run": "r", "tag": "t"}',
			'not json',
			lines[2]
		].join('\n');
		const { report, runs } = await importInto([
			fromBytes('e/scalars.json', new TextEncoder().encode(damaged))
		]);
		const warnings = JSON.stringify((report as { warnings: unknown }).warnings);
		expect(warnings).toContain('scalars.json line 2: steps, values and wall_times differ in length');
		expect(warnings).toContain('line 3: a point that is not a number');
		expect(warnings).toContain('line 4: not JSON');
		expect(runs).toHaveLength(2);
	});

	it('a cut file loses only its last series; garbage with the signature imports nothing', async () => {
		const bytes = new Uint8Array(readFileSync(SCALARS));
		const cut = await importInto([fromBytes('e/scalars.json', bytes.subarray(0, bytes.length - 50))]);
		expect(JSON.stringify((cut.report as { warnings: unknown }).warnings)).toContain('line 3: not JSON');
		// The cut line is the second run's only series: the first run (two whole series) imports.
		expect(cut.runs.map((r) => r.info.runName)).toEqual(['lr_1E-04,conv=1,fc=2']);
		const garbage = await importInto([
			fromBytes('e/scalars.json', new TextEncoder().encode('{"points": {"steps": [garbage\n\u0000\u0001'))
		]);
		expect(garbage.report).toBeInstanceOf(Error);
		expect((garbage.report as Error).message).toContain('No TensorBoard.dev series could be read');
		expect(garbage.experiments).toEqual([]);
	});
});
