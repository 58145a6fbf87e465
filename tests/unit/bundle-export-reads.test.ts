// The database reads behind a bundle export: getRunRecords answers runs in the order asked, until their points reach
// a bound (a million in the API; at least one run), each as getRunRecord does; getArtifactsBytes answers several files' bytes at once,
// the same bytes getArtifact gives, and refuses what getArtifact refuses.
import { describe, expect, it } from 'vitest';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { createDbApi } from '../../workers/db/api';
import { runRecords } from '../../workers/db/run-record';
import { createTestDb, rejection } from './harness';

describe('bundle export reads', () => {
	it('reads runs in batches that stop once their points reach the bound', async () => {
		const sqlite3 = await sqlite3InitModule();
		const conn = { db: new sqlite3.oo1.DB(':memory:', 'c'), sqlite3 };
		const api = createDbApi(conn, { mode: 'memory' });
		const experimentId = await api.createExperiment('batches');
		const ids: string[] = [];
		for (const n of [10, 6, 5, 3]) {
			const run = await api.createRun({ experimentId });
			const values = Float64Array.from({ length: n }, (_, i) => i);
			const metrics = {
				keys: ['m'],
				keyIndex: new Uint32Array(n),
				values,
				steps: values,
				timestamps: values
			};
			await api.logBatch(run.info.runId, { metrics, params: [], tags: [] });
			ids.push(run.info.runId);
		}
		// 10 + 6 reach 15: the third run waits for the next call.
		const first = runRecords(conn, ids, 15);
		expect(first.map((r) => r.info.runId)).toEqual(ids.slice(0, 2));
		for (const [i, record] of first.entries())
			expect(record).toEqual(await api.getRunRecord(ids[i] as string));
		// One run is always answered, even when it alone passes the bound.
		expect(runRecords(conn, ids, 1).map((r) => r.info.runId)).toEqual(ids.slice(0, 1));
		expect((await api.getRunRecords(ids)).map((r) => r.info.runId)).toEqual(ids);
		expect((await rejection(api.getRunRecords([ids[0] as string, 'f'.repeat(32)]))).code).toBe('NOT_FOUND');
		expect((await rejection(api.getRunRecords([]))).code).toBe('INVALID_ARGUMENT');
	});

	it('reads several small files at once, byte for byte', async () => {
		const { api, client } = await createTestDb();
		const experimentId = await client.createExperiment('files');
		const run = await client.createRun({ experimentId });
		const root = { runId: run.info.runId };
		const big = Uint8Array.from({ length: 2_500_000 }, (_, i) => (i * 7) % 251); // more than one stored chunk
		await client.logArtifact(run.info.runId, 'a.txt', 'hello');
		await client.logArtifact(run.info.runId, 'big.bin', new Blob([big]));
		await client.logArtifact(run.info.runId, 'empty', new Blob([]));
		const paths = ['big.bin', 'a.txt', 'empty'];
		const bytes = await api.getArtifactsBytes(paths.map((path) => ({ root, path })));
		for (const [i, path] of paths.entries()) {
			const expected = new Uint8Array(await (await api.getArtifact(root, path)).arrayBuffer());
			// Buffer.equals: toEqual walks 2.5 million elements one by one.
			expect(Buffer.from(bytes[i] as Uint8Array).equals(expected), path).toBe(true);
			expect(bytes[i]?.length).toBe(expected.length);
		}
		expect((await rejection(api.getArtifactsBytes([{ root, path: 'nope' }]))).code).toBe('NOT_FOUND');
		expect((await rejection(api.getArtifactsBytes([{ root, path: '../x' }]))).code).toBe('INVALID_ARGUMENT');
	});
});
