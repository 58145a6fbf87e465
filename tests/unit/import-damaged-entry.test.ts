// A zip whose artifact entry is damaged (it does not inflate) imports its runs, that file left out with a
// warning; it used to abort the whole import with INTERNAL "invalid block type". Found by the importer fuzz.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createImporters } from '$lib/importers';
import { fromBytes } from '$lib/importers/source-files';
import { createDbApi } from '../../workers/db/api';
import { runImport } from '../../workers/db/import/run-import';

const sqlite3 = await sqlite3InitModule();
const enc = new TextEncoder();
const RUN = 'ab'.repeat(16);

/** Sets the compression method of every entry named `name` to deflate, though its bytes are stored as they are. */
function claimDeflate(zip: Uint8Array, name: string): void {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const wanted = enc.encode(name);
	for (let i = 0; i + 46 < zip.length; i++) {
		const signature = view.getUint32(i, true);
		const nameAt = signature === 0x04034b50 ? i + 30 : signature === 0x02014b50 ? i + 46 : -1;
		const methodAt = signature === 0x04034b50 ? i + 8 : i + 10;
		if (nameAt < 0 || !wanted.every((b, j) => zip[nameAt + j] === b)) continue;
		view.setUint16(methodAt, 8, true);
	}
}

describe('a damaged zip entry', () => {
	it('is left out with a warning; its run and the others import', async () => {
		const run = `mlruns/1/${RUN}`;
		const plot = `${run}/artifacts/plot.bin`;
		const zip = zipSync(
			{
				'mlruns/1/meta.yaml': enc.encode('artifact_location: x\nexperiment_id: 1\nname: damaged\n'),
				[`${run}/meta.yaml`]: enc.encode(
					`artifact_uri: x\nexperiment_id: 1\nrun_id: ${RUN}\nstatus: 3\nuser_id: u\n`
				),
				[`${run}/params/alpha`]: enc.encode('0.5'),
				[`${run}/artifacts/notes.txt`]: enc.encode('fine'),
				[plot]: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x02, 0x03])
			},
			{ level: 0 }
		);
		claimDeflate(zip, plot);
		const db = new sqlite3.oo1.DB(':memory:', 'c');
		const api = createDbApi({ db, sqlite3 }, { mode: 'memory' });
		const report = await runImport({ db, sqlite3 }, createImporters(sqlite3), [fromBytes('x.zip', zip)], {
			signal: new AbortController().signal,
			now: () => 1
		});
		expect(report.runsWritten).toBe(1);
		const unreadable = report.warnings.find((w) => w.kind === 'file-unreadable');
		expect(unreadable?.examples[0]).toMatch(
			/artifact "plot\.bin" could not be read \(.*plot\.bin: damaged in the zip/
		);
		const files = await api.listArtifactFiles({ runId: RUN }, '');
		expect(files.map((f) => f.path)).toEqual(['notes.txt']);
		expect((await api.getRun(RUN)).data.params).toEqual([{ key: 'alpha', value: '0.5' }]);
	});
});
