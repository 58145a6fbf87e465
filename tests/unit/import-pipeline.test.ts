// The import pipeline (workers/db/import): detection, zips, per-run transactions, cancel, failure, report.
// Real sqlite-wasm; the importers here are tiny in-test formats so each pipeline rule can be forced.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { RunboardError } from '$lib/api/errors';
import { fromBytes } from '$lib/importers/source-files';
import type { Importer, ImportItem } from '$lib/importers/types';
import { createDbApi } from '../../workers/db/api';
import { runImport } from '../../workers/db/import/run-import';
import { countingImporter as harnessImporter, importedRun as run } from './harness';

const sqlite3 = await sqlite3InitModule();
const enc = new TextEncoder();

function setup() {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
	return { conn: { db, sqlite3 }, api };
}

/** The test format (harness.ts), its runs in one experiment named "merged". */
function countingImporter(options: { failAt?: number; onRun?: (i: number) => void } = {}): Importer {
	return harnessImporter({
		...options,
		experiment: {
			key: 'e1',
			name: 'merged',
			lifecycleStage: 'active',
			creationTime: 1,
			lastUpdateTime: 1,
			artifactLocation: '',
			tags: []
		}
	});
}

const options = () => ({ signal: new AbortController().signal, now: () => 5000 });

describe('import pipeline', () => {
	it('writes runs, merges experiments by name, groups warnings, and is idempotent', async () => {
		const { conn, api } = setup();
		const existing = await api.createExperiment('merged');
		const files = [fromBytes('drop/runs.txt', enc.encode('3'))];
		const report = await runImport(conn, [countingImporter()], files, options());
		expect(report).toMatchObject({ format: 'test-count', runsWritten: 3, metricPoints: 6, cancelled: false });
		expect(report.experiments).toEqual([{ experimentId: existing, name: 'merged' }]);
		expect(report.warnings).toEqual([
			{
				kind: 'metric-line-unparsed',
				count: 3,
				examples: ['run 1: line 3', 'run 2: line 3', 'run 3: line 3']
			}
		]);
		await runImport(conn, [countingImporter()], files, options());
		const { runs } = await api.searchRuns({ experimentIds: [existing] });
		expect(runs).toHaveLength(3);
		const history = await api.getMetricHistory(run(2).runId, 'm');
		expect(history.map((m) => m.value)).toEqual([2, NaN]);
	});

	it('leaves only whole runs when the source fails part-way, and says how many were kept', async () => {
		const { conn, api } = setup();
		const files = [fromBytes('runs.txt', enc.encode('5'))];
		const error = await runImport(conn, [countingImporter({ failAt: 3 })], files, options()).catch(
			(e: RunboardError) => e
		);
		expect(error).toBeInstanceOf(RunboardError);
		expect((error as RunboardError).code).toBe('IMPORT_CORRUPT');
		expect((error as RunboardError).message).toContain('2 runs were imported completely');
		const [exp] = await api.searchExperiments();
		const { runs } = await api.searchRuns({ experimentIds: [exp!.experimentId] });
		expect(runs.map((r) => r.data.metrics.length)).toEqual([1, 1]);
		expect(await api.integrityCheck()).toBe('ok');
	});

	it('stops after the current run when cancelled', async () => {
		const { conn } = setup();
		const controller = new AbortController();
		const importer = countingImporter({ onRun: (i) => i === 2 && controller.abort() });
		const report = await runImport(conn, [importer], [fromBytes('runs.txt', enc.encode('10'))], {
			signal: controller.signal,
			now: () => 1
		});
		expect(report.cancelled).toBe(true);
		expect(report.runsWritten).toBe(1);
	});

	it('reads zipped folders, refusing entries that leave the archive', async () => {
		const { conn } = setup();
		const zip = zipSync({
			'export/runs.txt': enc.encode('2'),
			'../evil.txt': enc.encode('x'),
			'/abs.txt': enc.encode('y')
		});
		const report = await runImport(conn, [countingImporter()], [fromBytes('bundle.zip', zip)], options());
		expect(report.runsWritten).toBe(2);
		const refused = report.warnings.find((w) => w.kind === 'unsupported');
		expect(refused?.count).toBe(2);
		expect(refused?.examples.join(' ')).toContain('leaves the archive');
	});

	it('refuses a zip bomb entry and a corrupt zip with clear errors', async () => {
		const { conn } = setup();
		const bomb = zipSync(
			{ 'big.bin': new Uint8Array(20 * 1024 * 1024), 'runs.txt': enc.encode('1') },
			{ level: 9 }
		);
		const report = await runImport(conn, [countingImporter()], [fromBytes('bomb.zip', bomb)], options());
		expect(report.runsWritten).toBe(1);
		expect(report.warnings.find((w) => w.kind === 'unsupported')?.examples[0]).toMatch(
			/big\.bin: refused: expands \d+×/
		);
		const truncated = fromBytes('broken.zip', zipSync({ 'runs.txt': enc.encode('1') }).slice(0, 30));
		const error = await runImport(conn, [countingImporter()], [truncated], options()).catch(
			(e: RunboardError) => e
		);
		expect((error as RunboardError).code).toBe('IMPORT_CORRUPT');
		expect((error as RunboardError).message).toContain('broken.zip');
	});

	it('names the supported formats when nothing is recognised', async () => {
		const { conn } = setup();
		const error = await runImport(
			conn,
			[countingImporter()],
			[fromBytes('notes.md', enc.encode('# hi'))],
			options()
		).catch((e: RunboardError) => e);
		expect((error as RunboardError).code).toBe('IMPORT_UNRECOGNIZED');
		expect((error as RunboardError).message).toContain('Supported: Test runs.txt');
	});
});

describe('zip bombs by declared size', () => {
	it('refuses an entry whose directory claims a 10,000:1 ratio, before inflating anything', async () => {
		const { conn } = setup();
		const zip = zipSync(
			{ 'runs.txt': enc.encode('1'), 'bomb.bin': enc.encode('x'.repeat(1000)) },
			{ level: 9 }
		);
		// Patch the central directory's "uncompressed size" of bomb.bin to 10,000× its compressed size.
		const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
		for (let i = zip.length - 22; i >= 0; i--) {
			if (view.getUint32(i, true) !== 0x02014b50) continue;
			const nameLength = view.getUint16(i + 28, true);
			const name = new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength));
			if (name === 'bomb.bin') view.setUint32(i + 24, view.getUint32(i + 20, true) * 10_000, true);
		}
		const report = await runImport(conn, [countingImporter()], [fromBytes('bomb.zip', zip)], options());
		expect(report.runsWritten).toBe(1);
		expect(report.warnings.find((w) => w.kind === 'unsupported')?.examples[0]).toContain(
			'bomb.bin: refused: expands 10000×'
		);
	});
});

describe('import batches', () => {
	it('a run that fails while being written is rolled back alone; earlier runs stay whole', async () => {
		const { conn, api } = setup();
		const broken: Importer = {
			...countingImporter(),
			async *read(): AsyncGenerator<ImportItem> {
				yield { kind: 'run', run: run(1) };
				yield { kind: 'run', run: run(2) };
				const bad = run(3);
				// A key index past the keys (no importer makes one, so nothing before the writer drops it): the writer
				// throws after the run row and params exist.
				bad.metrics.keyIndex[1] = 7;
				yield { kind: 'run', run: bad };
			}
		};
		const error = await runImport(conn, [broken], [fromBytes('runs.txt', enc.encode('3'))], options()).catch(
			(e: RunboardError) => e
		);
		expect((error as RunboardError).code).toBe('INVALID_ARGUMENT');
		expect((error as RunboardError).message).toContain('2 runs were imported completely');
		expect((await api.getRun(run(2).runId)).data.metrics).toHaveLength(1);
		expect((await api.getRun(run(3).runId).catch((e: RunboardError) => e)) as RunboardError).toMatchObject({
			code: 'NOT_FOUND'
		});
		expect(await api.integrityCheck()).toBe('ok');
	});

	it('a page write during an import commits the runs so far first and succeeds', async () => {
		const { conn, api } = setup();
		let release: () => void = () => undefined;
		const paused = new Promise<void>((resolve) => (release = resolve));
		let reachedPause: () => void = () => undefined;
		const atPause = new Promise<void>((resolve) => (reachedPause = resolve));
		const slow: Importer = {
			...countingImporter(),
			async *read(): AsyncGenerator<ImportItem> {
				yield { kind: 'run', run: run(1) };
				reachedPause();
				await paused;
				yield { kind: 'run', run: run(2) };
			}
		};
		const importing = runImport(conn, [slow], [fromBytes('runs.txt', enc.encode('2'))], options());
		await atPause;
		// Between runs: the batch holding run 1 is open; a page write must not fail nor be lost with it.
		const experimentId = await api.createExperiment('written-meanwhile');
		expect(conn.db.selectValue('SELECT count(*) FROM runs')).toBe(1);
		release();
		const report = await importing;
		expect(report.runsWritten).toBe(2);
		expect((await api.getExperiment(experimentId)).name).toBe('written-meanwhile');
		expect(conn.db.selectValue('SELECT count(*) FROM runs')).toBe(2);
	});
});
