// Sacred's MongoObserver collections as mongodump wrote them (the public sample from sacredboard:
// tests/fixtures/public/sacred/chovanecm-sacredboard/mongodb/dump/sacred07, 37 runs of Sacred 0.7 with 38 metric
// series in both of its document shapes); golden, renamed files, damaged dumps through the real pipeline.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { importIntoDb, runsOf, series, type ReadyRun } from './imported-runs';
import { fromNodeDir } from './node-files';

const DUMP = fileURLToPath(
	new URL('../fixtures/public/sacred/chovanecm-sacredboard/mongodb/dump', import.meta.url)
);
const runsBson = new Uint8Array(readFileSync(`${DUMP}/sacred07/runs.bson`));
const metricsBson = new Uint8Array(readFileSync(`${DUMP}/sacred07/metrics.bson`));

describe('Sacred MongoDB dump', () => {
	it('the public dump: runs with config, status, times, output, and their metric series', async () => {
		const result = await importFiles(fromNodeDir(DUMP));
		expect(result.format).toBe('sacred-mongo');
		const runs = runsOf(result.items);
		expect(runs).toHaveLength(37);
		const byName = (name: string) => runs.find((r) => r.runName === name) as ReadyRun;
		const svm = byName('iris_rbf_svm #3');
		expect(svm.status).toBe('FINISHED');
		expect(svm.params).toEqual(
			expect.arrayContaining([
				{ key: 'C', value: '1' },
				{ key: 'array', value: '["One","Two"]' }
			])
		);
		expect(series(svm, 'result')).toEqual([[0, 0.95]]);
		expect(byName('Imanol example v1.1 #1').status).toBe('FAILED');
		expect(byName('Imanol example v1.1 #1').startTime).toBe(1485629518694);
		expect(byName('Imanol example v1.1 #1').artifacts.map((a) => a.path)).toEqual(['cout.txt']);
		// Both series shapes: `run`/`x`/`y` (run 11) and `run_id`/`steps`/`values` (run 34).
		expect(series(byName('Fake experiment #11'), 'trianing.loss').slice(0, 2)).toEqual([
			[1, 1.5],
			[2, 3]
		]);
		expect(series(byName('German nouns #34'), 'validation.accuracy')).toHaveLength(200);
		expect(byName('German nouns #34').metrics.timestamps[0]).toBeGreaterThan(Date.parse('2017-01-01'));
		expect(byName('Fake experiment #11').params).toEqual(
			expect.arrayContaining([{ key: 'complex_parameter.par1', value: 'val1' }])
		);
		expectGolden('sacred-mongo-public', goldenDump(result));
		await expectGoldenRenamed(
			'sacred-mongo-public',
			renamed(fromNodeDir(DUMP), (p) => p.replace('runs.bson', 'a').replace('metrics.bson', 'b.dat')),
			{}
		);
	});

	it('a cut or damaged dump is refused whole with the file and byte; nothing is stored', async () => {
		const cut = await importIntoDb([
			fromBytes('dump/db/runs.bson', runsBson),
			fromBytes('dump/db/metrics.bson', metricsBson.subarray(0, 20_000))
		]);
		expect((cut.report as { code?: string }).code).toBe('IMPORT_CORRUPT');
		expect((cut.report as Error).message).toMatch(
			/dump\/db\/metrics\.bson: not a whole BSON dump \(cut short at byte \d+\)/
		);
		expect(cut.experiments).toEqual([]);
		const flipped = runsBson.slice();
		flipped[4] = 0x42; // the first element's type
		const bad = await importIntoDb([fromBytes('dump/db/runs.bson', flipped)]);
		expect(bad.report).toBeInstanceOf(Error);
		expect(bad.experiments).toEqual([]);
	});

	it('the two files dropped loose, without their folder, import the same 37 runs', async () => {
		const result = await importIntoDb([
			fromBytes('runs.bson', runsBson),
			fromBytes('metrics.bson', metricsBson)
		]);
		expect((result.report as { runsWritten?: number }).runsWritten).toBe(37);
	});
});
