// An entry thousands of folders deep (a hostile or broken zip) is skipped with a warning; everything else in the
// drop imports. Real sqlite-wasm and the real import path (zip expansion, detection, the mlruns importer).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createImporters } from '$lib/importers';
import { readMeta } from '$lib/importers/mlruns/meta';
import { fromBytes } from '$lib/importers/source-files';
import { createDbApi } from '../../workers/db/api';
import { runImport } from '../../workers/db/import/run-import';
import { fromNodeDir } from './node-files';

const sqlite3 = await sqlite3InitModule();
const FIXTURE = fileURLToPath(new URL('../fixtures/mlflow/mlruns', import.meta.url));
/** A run of the fixture's edge-cases experiment that has artifacts. */
const EXPERIMENT = '117262208832321538';
const RUN = 'ccfcc817f5bf430ba2c2d54ead62c808';
// The browser worker overflowed at 3,000 levels; Node's larger stack needs more to show the same fault.
const DEPTH = 30_000;

function setup() {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	return { conn: { db, sqlite3 }, api: createDbApi({ db, sqlite3 }, { mode: 'memory' }) };
}

/** The fixture's experiment as zip entries, plus one file DEPTH folders deep inside a run's artifacts. */
function zipWithDeepEntry(): Uint8Array {
	const entries: Record<string, Uint8Array> = {};
	for (const file of fromNodeDir(`${FIXTURE}/${EXPERIMENT}`, `mlruns/${EXPERIMENT}`)) {
		entries[file.path] = new Uint8Array(readFileSync(`${FIXTURE}/${file.path.slice('mlruns/'.length)}`));
	}
	const deep = `mlruns/${EXPERIMENT}/${RUN}/artifacts/${'d/'.repeat(DEPTH)}deep.txt`;
	entries[deep] = new TextEncoder().encode('deep');
	return zipSync(entries);
}

describe('paths thousands of folders deep', () => {
	it('skips the deep zip entry with a warning and imports every run', async () => {
		const runFolders = fromNodeDir(`${FIXTURE}/${EXPERIMENT}`, '')
			.map((f) => f.path.split('/')[0] as string)
			.filter((name, i, all) => /^[0-9a-f]{32}$/.test(name) && all.indexOf(name) === i);
		expect(runFolders.length).toBeGreaterThan(3);
		const { conn, api } = setup();
		const report = await runImport(
			conn,
			createImporters(sqlite3),
			[fromBytes('export.zip', zipWithDeepEntry())],
			{ signal: new AbortController().signal, now: () => 1 }
		);
		expect(report.runsWritten).toBe(runFolders.length);
		const messages = report.warnings.flatMap((w) => w.examples).join('\n');
		expect(messages).toMatch(/deep\.txt.*folders deep/);
		const artifacts = await api.listArtifactFiles({ runId: RUN }, '');
		expect(artifacts.length).toBeGreaterThan(0);
		expect(artifacts.some((a) => a.path.endsWith('deep.txt'))).toBe(false);
	});

	it('skips a deep file of a dropped folder (no zip) the same way', async () => {
		const files = fromNodeDir(`${FIXTURE}/${EXPERIMENT}`, `mlruns/${EXPERIMENT}`);
		files.push(
			fromBytes(
				`mlruns/${EXPERIMENT}/${RUN}/params/${'p/'.repeat(DEPTH)}alpha`,
				new TextEncoder().encode('1')
			)
		);
		const { conn, api } = setup();
		const report = await runImport(conn, createImporters(sqlite3), files, {
			signal: new AbortController().signal,
			now: () => 1
		});
		expect(report.runsWritten).toBeGreaterThan(3);
		expect(report.warnings.flatMap((w) => w.examples).join('\n')).toMatch(/alpha.*folders deep/);
		const run = await api.getRun(RUN);
		expect(Object.keys(run.data.params).some((k) => k.endsWith('alpha') && k.length > 250)).toBe(false);
	});

	it('says a meta.yaml nested thousands of levels deep is nested too deeply', async () => {
		const text = `name: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`;
		const result = await readMeta(fromBytes('mlruns/1/meta.yaml', new TextEncoder().encode(text)));
		expect(result).toMatchObject({ ok: false, message: 'is nested too deeply for an MLflow meta.yaml' });
	});
});
