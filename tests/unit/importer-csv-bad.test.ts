// CSV logs: goldens of the real files (the same under neutral names), idempotence through the real database,
// and bad input: cut files, a header alone, binary junk under a .csv name, lines of the wrong width, a hostile
// hparams.yaml — a specific warning or error, and never half a run.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { describe, expect, it } from 'vitest';
import { createImporters } from '$lib/importers';
import { fromBytes } from '$lib/importers/source-files';
import type { SourceFile } from '$lib/importers/types';
import { createDbApi } from '../../workers/db/api';
import { runImport } from '../../workers/db/import/run-import';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { fromNodeDir } from './node-files';

const sqlite3 = await sqlite3InitModule();
const FIXTURES = fileURLToPath(new URL('../fixtures/csv/', import.meta.url));
const LIGHTNING = fileURLToPath(
	new URL('../fixtures/public/csv/lightning/Driemann-ml-aos/lightning_logs', import.meta.url)
);
const enc = new TextEncoder();

async function importInto(files: SourceFile[], db = new sqlite3.oo1.DB(':memory:', 'c')) {
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

const warningsOf = (report: unknown) => JSON.stringify((report as { warnings?: unknown }).warnings ?? report);

describe('CSV goldens', () => {
	const cases: [string, string, (p: string) => string][] = [
		// Lightning's names are its layout (version_N/metrics.csv): only the YAML's name changes meaning nothing.
		['csv-lightning', LIGHTNING, (p) => p],
		// Extensions stripped or changed: found by content, the same runs.
		['csv-keras', `${FIXTURES}keras`, (p) => p.replace(/\.(log|csv)$/, '.txt')],
		['csv-mlflow', `${FIXTURES}mlflow`, (p) => p.replace(/\.csv$/, '')]
	];
	for (const [name, dir, rename] of cases) {
		it(name, async () => {
			const files = fromNodeDir(dir);
			expectGolden(name, goldenDump(await importFiles(files)));
			await expectGoldenRenamed(name, renamed(files, rename), {});
		});
	}
});

describe('CSV import into the database', () => {
	it('is idempotent: the same Lightning logs twice are the same two runs', async () => {
		const first = await importInto(fromNodeDir(LIGHTNING));
		const again = await importInto(fromNodeDir(LIGHTNING), first.db);
		expect(again.runs.map((r) => r.info.runName).sort()).toEqual(['version_0', 'version_1']);
	});

	it('a cut file imports the rows before the cut; a header alone or junk under a .csv name imports nothing', async () => {
		const keras = readFileSync(`${FIXTURES}keras/training.log`);
		const cut = await importInto([fromBytes('logs/training.csv', keras.subarray(0, keras.length - 7))]);
		expect(cut.runs).toHaveLength(1);
		const loss = await cut.api.getMetricHistory(cut.runs[0]?.info.runId as string, 'loss');
		expect(loss.map((p) => p.step)).toEqual([0, 1, 2, 3, 4]);
		const header = await importInto([fromBytes('logs/metrics.csv', enc.encode('step,loss\n'))]);
		expect(header.report).toBeInstanceOf(Error);
		expect((header.report as Error).message).toContain('No metric values could be read');
		expect(header.experiments).toEqual([]);
		const junk = new Uint8Array(2048).map((_, i) => (i * 31 + 7) % 256);
		const binary = await importInto([fromBytes('logs/metrics.csv', junk)]);
		expect(binary.report).toBeInstanceOf(Error);
		expect(binary.experiments).toEqual([]);
	});

	it('rows of the wrong width and text in number columns are counted in a warning; the rest imports', async () => {
		const csv = 'step,loss,acc\n0,1.0,0.5\n1,oops\n2,0.5,0.7,9,9\nx,0.1,0.1\n3,"0.25",abc\n';
		const { report, runs, api } = await importInto([fromBytes('logs/run.csv', enc.encode(csv))]);
		const loss = await api.getMetricHistory(runs[0]?.info.runId as string, 'loss');
		expect(loss.map((p) => [p.step, p.value])).toEqual([
			[0, 1],
			[2, 0.5],
			[3, 0.25]
		]);
		expect(warningsOf(report)).toContain('1 row(s) without a number in the step column skipped');
		expect(warningsOf(report)).toContain('2 cell(s) that are not numbers skipped');
	});

	it('a hostile hparams.yaml (python tags, alias bombs, junk) never stops the metrics', async () => {
		const metrics = 'step,loss\n0,1\n1,0.5\n';
		for (const yaml of [
			'opt: !!python/object:argparse.Namespace {lr: 0.1}\nlayers: 3\n',
			'a: &a [x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c]\n',
			'\u0000\u0001: [\n'
		]) {
			const { runs, report } = await importInto([
				fromBytes('logs/version_0/metrics.csv', enc.encode(metrics)),
				fromBytes('logs/version_0/hparams.yaml', enc.encode(yaml))
			]);
			expect(runs, yaml).toHaveLength(1);
			expect(report).not.toBeInstanceOf(Error);
		}
	});
});
