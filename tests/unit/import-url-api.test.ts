// runboard.importUrl from a script: download progress through onDownload, and a signal that cancels the download
// (nothing imported, INVALID_STATE 'cancelled'). A real HTTP server on 127.0.0.1 serves a bundle made by the real
// client; the import runs through the real DbApi on sqlite-wasm.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from './harness';

let server: Server;
let base = '';
let bundle: Buffer;
const hung: (() => void)[] = [];

beforeAll(async () => {
	const { client } = await createTestDb();
	const experimentId = await client.createExperiment('shared');
	const run = await client.createRun({ experimentId, runName: 'from-a-link' });
	await client.logMetric(run.info.runId, 'loss', 0.25, { step: 3 });
	bundle = Buffer.from(await (await client.exportBundle()).arrayBuffer());
	server = createServer((req, res) => {
		if (req.url === '/runs.zip') {
			res.writeHead(200, { 'content-type': 'application/zip', 'content-length': bundle.length });
			res.end(bundle);
		} else {
			// Sends a little and then nothing: only a cancel ends the download.
			res.writeHead(200, { 'content-length': bundle.length });
			res.write(bundle.subarray(0, 10));
			hung.push(() => res.destroy());
		}
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const end of hung) end();
	await new Promise((done) => server.close(done));
});

describe('runboard.importUrl', () => {
	it('reports the bytes downloaded up to the size, then imports the file', async () => {
		const { client } = await createTestDb();
		const seen: [number, number | null][] = [];
		const report = await client.importUrl(`${base}/runs.zip`, {
			onDownload: (done, total) => seen.push([done, total])
		});
		expect(seen.at(-1)).toEqual([bundle.length, bundle.length]);
		expect(report).toMatchObject({ runsWritten: 1, runsAdded: 1, metricPoints: 1 });
		const [experiment] = (await client.searchExperiments({})).filter((e) => e.name === 'shared');
		const { runs } = await client.searchRuns({ experimentIds: [experiment!.experimentId] });
		expect(runs.map((r) => r.info.runName)).toEqual(['from-a-link']);
	});

	it('a signal cancels a download in flight: nothing is imported', async () => {
		const { client } = await createTestDb();
		const abort = new AbortController();
		const pending = client.importUrl(`${base}/stalls.zip`, {
			signal: abort.signal,
			onDownload: (done) => done > 0 && abort.abort()
		});
		await expect(pending).rejects.toMatchObject({ code: 'INVALID_STATE', details: { reason: 'cancelled' } });
		expect((await client.searchExperiments({})).filter((e) => e.name === 'shared')).toHaveLength(0);
	});
});
