// The TensorBoard importer's goldens (every record it reads from the generated and the public event files, the
// same under neutral names), idempotence, and damaged input through the real pipeline and database: a wrong
// checksum, a cut file, a lost frame, random bytes, an empty file. Each gives a specific warning or error with
// the file and byte offset, and never part of a run.
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
const LOGS = fileURLToPath(new URL('../fixtures/tensorboard/logs', import.meta.url));
const PUBLIC = fileURLToPath(new URL('../fixtures/public/tensorboard/', import.meta.url));
const RESTART = `${LOGS}/restart/events.out.tfevents.1700000002.host.1.0`;

function setup() {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	return { conn: { db, sqlite3 }, api: createDbApi({ db, sqlite3 }, { mode: 'memory' }) };
}
const options = () => ({ signal: new AbortController().signal, now: () => 1 });

/** Each path's first folder renamed and every file given a name that says nothing. */
const neutral = (root: string) => (path: string) => {
	const parts = path.split('/');
	parts[0] = root;
	parts[parts.length - 1] = `log-${parts.length}.dat`;
	return parts.join('/');
};

async function importInto(files: SourceFile[]) {
	const { conn, api } = setup();
	const report = await runImport(conn, createImporters(sqlite3), files, options()).catch((e: Error) => e);
	const experiments = await api.searchExperiments();
	const runs = experiments.length
		? (await api.searchRuns({ experimentIds: experiments.map((e) => e.experimentId) })).runs
		: [];
	return { report, experiments, runs, api };
}

describe('TensorBoard goldens', () => {
	it('generated logs: every record, and the same under neutral names', async () => {
		const files = fromNodeDir(LOGS);
		expectGolden('tensorboard-generated', goldenDump(await importFiles(files)));
		await expectGoldenRenamed('tensorboard-generated', renamed(files, neutral('logs')), {});
	});

	for (const source of ['janosh-tensorboard-reducer', 'HumanCompatibleAI-imitation', 'guildai-guildai']) {
		it(`public: ${source}`, async () => {
			const files = fromNodeDir(`${PUBLIC}${source}`);
			expectGolden(`tensorboard-public-${source}`, goldenDump(await importFiles(files)));
			await expectGoldenRenamed(`tensorboard-public-${source}`, renamed(files, neutral(source)), {});
		});
	}
});

describe('TensorBoard import into the database', () => {
	it('is idempotent: a second import of the same logs replaces the runs', async () => {
		const { conn, api } = setup();
		const files = fromNodeDir(LOGS);
		const first = await runImport(conn, createImporters(sqlite3), files, options());
		await runImport(conn, createImporters(sqlite3), files, options());
		const [experiment] = await api.searchExperiments();
		expect(experiment?.name).toBe('logs');
		const { runs } = await api.searchRuns({ experimentIds: [experiment?.experimentId as string] });
		// tbx/1700000100.5 (add_hparams) is part of tbx.
		expect(runs).toHaveLength(6);
		expect(first.runsWritten).toBe(6);
		const tbx = runs.find((r) => r.info.runName === 'tbx');
		expect(tbx?.data.params).toEqual(
			expect.arrayContaining([
				{ key: 'lr', value: '0.1' },
				{ key: 'use_bn', value: 'true' }
			])
		);
	});
});

describe('damaged TensorBoard files', () => {
	const restart = new Uint8Array(readFileSync(RESTART));

	it('a record with a wrong checksum is skipped with its offset; the others import', async () => {
		const bytes = restart.slice();
		// The second record's data: 12 header bytes after the first record.
		const first = 12 + new DataView(bytes.buffer).getUint32(0, true) + 4;
		bytes[first + 14] = (bytes[first + 14] as number) ^ 0xff;
		const { report, runs } = await importInto([fromBytes('logs/run/events.out.tfevents.1.host', bytes)]);
		expect(report).not.toBeInstanceOf(Error);
		expect(runs).toHaveLength(1);
		const text = JSON.stringify((report as { warnings: unknown }).warnings);
		expect(text).toContain('record-corrupt');
		expect(text).toContain(`at byte ${first}`);
	});

	it('a file cut inside a record keeps the points before it and says the file ends early', async () => {
		for (const cut of [20, restart.length - 3, Math.floor(restart.length / 2)]) {
			const { report, runs, api } = await importInto([
				fromBytes('logs/run/events.out.tfevents.1.host', restart.slice(0, cut))
			]);
			// Cut inside the first record nothing is readable: the error says why; later cuts keep what came before.
			const said =
				report instanceof Error ? report.message : JSON.stringify((report as { warnings: unknown }).warnings);
			expect(said, `cut at ${cut}`).toContain('ends inside a record');
			expect(runs.length, `cut at ${cut}`).toBe(report instanceof Error ? 0 : 1);
			if (runs.length > 0) {
				const history = await api.getMetricHistory(runs[0]?.info.runId as string, 'loss');
				expect(history.length).toBeLessThan(11);
			}
		}
	});

	it('a lost frame in the middle: reading goes on at the next record', async () => {
		const bytes = restart.slice();
		const first = 12 + new DataView(bytes.buffer).getUint32(0, true) + 4;
		bytes[first + 9] = (bytes[first + 9] as number) ^ 0x01; // the second record's length CRC
		const { report, runs, api } = await importInto([fromBytes('logs/run/events.out.tfevents.1.host', bytes)]);
		expect(JSON.stringify((report as { warnings: unknown }).warnings)).toContain('reading went on at byte');
		const history = await api.getMetricHistory(runs[0]?.info.runId as string, 'loss');
		// The damaged record is the session START; all ten points of the file follow it.
		expect(history.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});

	it('random bytes, an empty file or a text file named like event files: a clear error, nothing imported', async () => {
		const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
		for (const [name, bytes] of [
			['random', random],
			['empty', new Uint8Array(0)],
			['text', new TextEncoder().encode('hello world\nnot an event\n')]
		] as const) {
			const { report, experiments } = await importInto([
				fromBytes(`logs/events.out.tfevents.${name}`, bytes)
			]);
			expect(report, name).toBeInstanceOf(Error);
			expect((report as Error).message, name).toMatch(
				/No TensorBoard event could be read|not recogni[sz]ed|Supported/i
			);
			expect(experiments, name).toEqual([]);
		}
	});

	it('a garbage folder beside good runs is skipped with a warning; the good runs import', async () => {
		const { report, runs } = await importInto([
			fromBytes('logs/good/events.out.tfevents.1.host', restart),
			fromBytes('logs/bad/events.out.tfevents.1.host', new Uint8Array(100).fill(7))
		]);
		expect(runs.map((r) => r.info.runName)).toEqual(['good']);
		expect(JSON.stringify((report as { warnings: unknown }).warnings)).toContain(
			'no readable TensorBoard event'
		);
	});
});
