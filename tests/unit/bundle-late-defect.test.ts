// A bundle is verified while its runs are written: nothing is committed before the verification has passed. A
// defect found late (the last part of the manifest altered) refuses the bundle and leaves the database exactly as
// it was, runs the bundle would have updated included; and while an import holds what it wrote unverified, the
// API's other calls wait for it, so they neither commit nor see those runs.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createDbApi } from '../../workers/db/api';
import { holdBatch, inBatch, releaseBatch } from '../../workers/db/batch';
import { resolveExperiment } from '../../workers/db/ingest';
import { createTestDb, rejection } from './harness';
import { bundleOf, databaseContent, logRandomRuns } from './bundle-helpers';

const file = (bytes: Uint8Array) => [
	{ path: 'late.zip', file: new Blob([bytes as Uint8Array<ArrayBuffer>]) }
];

describe('a bundle verified while it is written', () => {
	it('refused by a defect in its last part, leaves the database as it was', async () => {
		const source = await createTestDb();
		const ids = [...(await logRandomRuns(source.client, 21)), ...(await logRandomRuns(source.client, 22))];
		const target = await createTestDb();
		await target.client.importFiles(file(new Uint8Array(await (await bundleOf(source.api)).arrayBuffer())));
		// The source's runs change, so importing them again would update every run the target holds.
		let changed = 0;
		for (const id of ids) {
			const run = await source.client.getRun(id);
			if (run.info.lifecycleStage === 'deleted') continue; // a deleted run takes no tags
			await source.client.setTag(id, 'changed', 'yes');
			changed++;
		}
		expect(changed).toBeGreaterThan(4);
		const entries = unzipSync(new Uint8Array(await (await bundleOf(source.api)).arrayBuffer()));
		const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as {
			parts: { path: string }[];
		};
		// The last part the verification checks: every run before it may already be written.
		const last = manifest.parts.at(-1)?.path as string;
		const part = (entries[last] as Uint8Array).slice();
		part[0] = (part[0] as number) ^ 0xff;
		const before = await databaseContent(target.api);

		const error = await rejection(target.client.importFiles(file(zipSync({ ...entries, [last]: part }))));
		expect(error.code).toBe('IMPORT_CORRUPT');
		expect(error.message).toContain(`${last} does not match its SHA-256`);
		expect(error.message).toMatch(/Nothing was imported\./);
		expect(await databaseContent(target.api)).toEqual(before);
		// The database still takes writes, and the bundle imports once sound.
		const report = await target.client.importFiles(file(zipSync(entries)));
		expect(report.runsUpdated).toBe(changed);
	});

	it('makes the API wait while it holds unverified runs, and keeps their writes when it rolls back', async () => {
		const sqlite3 = await sqlite3InitModule();
		const db = new sqlite3.oo1.DB(':memory:', 'c');
		const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
		holdBatch(db);
		inBatch(db, () => resolveExperiment(db, { name: 'unverified' }, 0));
		let created = false;
		const kept = api.createExperiment('kept').then(() => (created = true));
		const seen = api.searchExperiments({ viewType: 'ALL' });
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(created).toBe(false);
		releaseBatch(db, false);
		await kept;
		// The read waited too (after the write asked before it): it never saw the rolled-back experiment.
		expect((await seen).map((e) => e.name)).toEqual(['kept']);
		expect((await api.searchExperiments({ viewType: 'ALL' })).map((e) => e.name)).toEqual(['kept']);
	});
});
