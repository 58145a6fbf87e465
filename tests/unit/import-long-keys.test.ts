// Keys the API refuses (over MLflow's 250 characters) are refused at import too, by every importer, with a
// warning naming the run and the key; the rest of the run imports and every stored key reads back.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbApi, ImportReport } from '$lib/api/db-api';
import { createImporters } from '$lib/importers';
import { fromBytes } from '$lib/importers/source-files';
import type { SourceFile } from '$lib/importers/types';
import { createDbApi } from '../../workers/db/api';
import { runImport } from '../../workers/db/import/run-import';
import { fromNodeDir } from './node-files';

const sqlite3 = await sqlite3InitModule();
const FIXTURE = fileURLToPath(new URL('../fixtures/mlflow/', import.meta.url));
const EXPERIMENT = '117262208832321538';
const RUN = 'ccfcc817f5bf430ba2c2d54ead62c808';
/** The fixture's mlflow.db holds the same kind of runs under other ids: one of them. */
const enc = new TextEncoder();
const LONG = (what: string) => `${what}_${'x'.repeat(300)}`;

function setup() {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	return { conn: { db, sqlite3 }, api: createDbApi({ db, sqlite3 }, { mode: 'memory' }) };
}

const options = () => ({ signal: new AbortController().signal, now: () => 1 });

/** The fixture experiment's files with a too-long param, tag and metric (file name) added to RUN. */
function mlrunsWithLongKeys(): SourceFile[] {
	const files = fromNodeDir(`${FIXTURE}mlruns/${EXPERIMENT}`, `mlruns/${EXPERIMENT}`);
	const run = `mlruns/${EXPERIMENT}/${RUN}`;
	files.push(fromBytes(`${run}/params/${LONG('param')}`, enc.encode('1')));
	files.push(fromBytes(`${run}/tags/${LONG('tag')}`, enc.encode('t')));
	files.push(fromBytes(`${run}/metrics/${LONG('metric')}`, enc.encode('1700000000000 0.5 0\n')));
	return files;
}

/** Every key of the run reads back through the API, and none is one of the long ones. */
async function expectReadable(api: DbApi, runId: string): Promise<void> {
	const run = await api.getRun(runId);
	const keys = [
		...Object.keys(run.data.params),
		...Object.keys(run.data.tags),
		...Object.keys(run.data.metrics)
	];
	expect(keys.length).toBeGreaterThan(3);
	expect(keys.filter((k) => k.length > 250)).toEqual([]);
	for (const { key } of run.data.metrics) {
		expect((await api.getMetricHistory(runId, key)).length).toBeGreaterThan(0);
	}
}

/** The fixture's mlflow.db, open for edits (export it with sqlite3_js_db_export). */
function fixtureDb() {
	const source = new sqlite3.oo1.DB(':memory:', 'c');
	const bytes = new Uint8Array(readFileSync(`${FIXTURE}mlflow.db`));
	const p = sqlite3.wasm.allocFromTypedArray(bytes);
	const flags = sqlite3.capi.SQLITE_DESERIALIZE_FREEONCLOSE | sqlite3.capi.SQLITE_DESERIALIZE_RESIZEABLE;
	sqlite3.capi.sqlite3_deserialize(source, 'main', p, bytes.length, bytes.length, flags);
	return source;
}

function expectWarnings(report: ImportReport, runId: string, whats: string[]): void {
	const refused = report.warnings.find((w) => w.kind === 'key-refused');
	expect(refused?.count).toBe(whats.length);
	for (const what of whats) {
		const message = refused?.examples.find((m) => m.includes(`the ${what} "${what}_xxx`));
		expect(message).toContain(`run ${runId}:`);
		expect(message).toContain(`is ${LONG(what).length} characters long; the limit is 250`);
		expect(message?.length).toBeLessThan(250);
	}
}

describe('keys longer than 250 characters', () => {
	it('mlruns folder: refused with a warning each; the rest of the run imports and reads back', async () => {
		const { conn, api } = setup();
		const report = await runImport(conn, createImporters(sqlite3), mlrunsWithLongKeys(), options());
		expect(report.runsWritten).toBeGreaterThan(3);
		expectWarnings(report, RUN, ['param', 'tag', 'metric']);
		await expectReadable(api, RUN);
	});

	it('mlruns zip: the same', async () => {
		const entries: Record<string, Uint8Array> = {};
		for (const file of mlrunsWithLongKeys()) entries[file.path] = await file.bytes();
		const { conn, api } = setup();
		const zip = fromBytes('export.zip', zipSync(entries));
		const report = await runImport(conn, createImporters(sqlite3), [zip], options());
		expectWarnings(report, RUN, ['param', 'tag', 'metric']);
		await expectReadable(api, RUN);
	});

	it('mlflow.db: the same', async () => {
		const source = fixtureDb();
		const runId = String(
			source.selectValue(
				'SELECT r.run_uuid FROM runs r WHERE (SELECT count(*) FROM metrics m WHERE m.run_uuid = r.run_uuid) > 2 LIMIT 1'
			)
		);
		source.exec({
			sql: 'INSERT INTO params(key, value, run_uuid) VALUES (?, ?, ?)',
			bind: [LONG('param'), '1', runId]
		});
		source.exec({
			sql: 'INSERT INTO tags(key, value, run_uuid) VALUES (?, ?, ?)',
			bind: [LONG('tag'), 't', runId]
		});
		source.exec({
			sql: `INSERT INTO metrics(key, value, timestamp, run_uuid, step, is_nan) VALUES (?, 0.5, 1700000000000, ?, 0, 0)`,
			bind: [LONG('metric'), runId]
		});
		const db = sqlite3.capi.sqlite3_js_db_export(source);
		source.close();
		const { conn, api } = setup();
		const report = await runImport(conn, createImporters(sqlite3), [fromBytes('mlflow.db', db)], options());
		expectWarnings(report, runId, ['param', 'tag', 'metric']);
		await expectReadable(api, runId);
	});

	describe('a live MLflow server', () => {
		let server: Server;
		let base = '';
		const runId = 'ab'.repeat(16);
		beforeAll(async () => {
			const answers: Record<string, unknown> = {
				'/api/2.0/mlflow/experiments/search': { experiments: [{ experiment_id: '1', name: 'long-keys' }] },
				'/api/2.0/mlflow/runs/search': {
					runs: [
						{
							info: { run_id: runId, experiment_id: '1', status: 'FINISHED', start_time: 1 },
							data: {
								metrics: [{ key: 'loss' }, { key: LONG('metric') }],
								params: [
									{ key: 'alpha', value: '1' },
									{ key: LONG('param'), value: '1' }
								],
								tags: [
									{ key: 'team', value: 'a' },
									{ key: LONG('tag'), value: 't' }
								]
							}
						}
					]
				},
				'/api/2.0/mlflow/metrics/get-history': { metrics: [{ key: 'k', value: 1, timestamp: 1, step: 0 }] },
				'/api/2.0/mlflow/artifacts/list': { files: [] }
			};
			server = createServer((req, res) => {
				const path = (req.url ?? '').split('?')[0] as string;
				if (path.endsWith('/version')) return void res.writeHead(200).end('3.18.0');
				const answer = answers[path];
				if (!answer) return void res.writeHead(404).end('not found');
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		});
		afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

		it('the same', async () => {
			const { api } = setup();
			const report = await api.importMlflowServer({ url: base, origin: 'http://runboard.test' });
			expectWarnings(report, runId, ['param', 'tag', 'metric']);
			const run = await api.getRun(runId);
			expect(run.data.params.map((p) => p.key)).toEqual(['alpha']);
			expect(run.data.metrics.map((m) => m.key)).toEqual(['loss']);
			expect(await api.getMetricHistory(runId, 'loss')).toHaveLength(1);
		});
	});

	it('mlflow.db: a run id or experiment name the API refuses skips that run, renames that experiment', async () => {
		const source = fixtureDb();
		const runs = Number(source.selectValue('SELECT count(*) FROM runs'));
		source.exec("UPDATE runs SET run_uuid = 'not-a-run-id' WHERE rowid = (SELECT min(rowid) FROM runs)");
		const experiment = String(
			source.selectValue(
				"SELECT experiment_id FROM experiments WHERE name <> 'Default' AND lifecycle_stage = 'active' LIMIT 1"
			)
		);
		source.exec({ sql: "UPDATE experiments SET name = '' WHERE experiment_id = ?", bind: [experiment] });
		const db = sqlite3.capi.sqlite3_js_db_export(source);
		source.close();
		const { conn, api } = setup();
		const report = await runImport(conn, createImporters(sqlite3), [fromBytes('mlflow.db', db)], options());
		expect(report.runsWritten).toBe(runs - 1);
		const messages = report.warnings.flatMap((w) => w.examples).join('\n');
		expect(messages).toContain(
			'A run was skipped: its run id ("not-a-run-id") is not 32 hexadecimal characters.'
		);
		expect(messages).toContain(
			`experiment ${experiment}: its name must not be empty; imported as "Experiment ${experiment}".`
		);
		expect((await api.getExperimentByName(`Experiment ${experiment}`))?.experimentId).toBeDefined();
	});

	it('mlflow.db: a metric point whose step or timestamp is not an integer is left out, the run imports', async () => {
		const source = fixtureDb();
		const runId = String(source.selectValue("SELECT run_uuid FROM runs WHERE name = 'sgd-iterative'"));
		const points = Number(source.selectValue('SELECT count(*) FROM metrics WHERE run_uuid = ?', [runId]));
		source.exec({
			sql: `UPDATE metrics SET step = 1e308 WHERE rowid = (SELECT min(rowid) FROM metrics WHERE run_uuid = ? AND key = 'train/rmse')`,
			bind: [runId]
		});
		const db = sqlite3.capi.sqlite3_js_db_export(source);
		source.close();
		const { conn, api } = setup();
		const report = await runImport(conn, createImporters(sqlite3), [fromBytes('mlflow.db', db)], options());
		const messages = report.warnings.flatMap((w) => w.examples).join('\n');
		expect(messages).toContain(`run ${runId}: 1 point(s) of metric "train/rmse" were not imported`);
		const run = await api.getRun(runId);
		let stored = 0;
		for (const { key } of run.data.metrics) stored += (await api.getMetricHistory(runId, key)).length;
		expect(stored).toBe(points - 1);
	});
});
