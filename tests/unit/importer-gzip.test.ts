// A single dropped gzip file is read as the plain file it holds (gzipped here by zlib, the writer behind Python's
// gzip module and the gzip tool): the same records for a TensorBoard event file, a JSONL log, a trainer state and a
// CSV; detected by content under any name; a cut gzip and a gzip bomb are clear errors and nothing is stored.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { goldenDump, importFiles } from './importer-golden';
import { importIntoDb, runsOf } from './imported-runs';

const fixture = (path: string) =>
	new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));
const PLAIN = {
	tfevents: 'tensorboard/logs/tbx/events.out.tfevents.1700000000.host.1.0',
	jsonl: 'jsonl/logs/train.jsonl',
	trainer: 'public/hf-trainer/aigoncharov-trainer_state_viz/trainer_state.json',
	csv: 'csv/keras/training.log'
};

describe('gzip single files', () => {
	it.each(Object.entries(PLAIN))('%s.gz reads as the plain file', async (_, path) => {
		const name = path.slice(path.lastIndexOf('/') + 1);
		const plain = await importFiles([fromBytes(name, fixture(path))]);
		const zipped = await importFiles([fromBytes(`${name}.gz`, gzipSync(fixture(path)))]);
		expect(runsOf(zipped.items).length).toBeGreaterThan(0);
		expect(goldenDump(zipped)).toBe(goldenDump(plain));
	});

	it('detected by content: a gzip under another name is gunzipped and recognised', async () => {
		const result = await importFiles([fromBytes('download', gzipSync(fixture(PLAIN.jsonl)))]);
		expect(result.format).toBe('jsonl');
		expect(runsOf(result.items)[0]?.metrics.keys).toEqual(['epoch', 'loss', 'acc', 'grad_norm']);
		// Two gzips end to end (`cat a.gz b.gz`) are one file.
		const text = fixture(PLAIN.jsonl);
		const half = text.indexOf(10, text.length >> 1) + 1;
		const joined = Buffer.concat([gzipSync(text.subarray(0, half)), gzipSync(text.subarray(half))]);
		const both = await importFiles([fromBytes('train.jsonl.gz', new Uint8Array(joined))]);
		expect(goldenDump(both)).toBe(goldenDump(await importFiles([fromBytes('train.jsonl', text)])));
	});

	it('a cut or damaged gzip is a clear error; nothing is stored', async () => {
		const zipped = gzipSync(fixture(PLAIN.jsonl));
		for (const cut of [zipped.length - 3, zipped.length >> 1, 12]) {
			const result = await importIntoDb([fromBytes('train.jsonl.gz', zipped.subarray(0, cut))]);
			expect((result.report as { code?: string }).code).toBe('IMPORT_CORRUPT');
			expect((result.report as Error).message).toContain('train.jsonl.gz: the gzip is cut short or damaged');
			expect(result.experiments).toEqual([]);
		}
		const garbage = Uint8Array.of(0x1f, 0x8b, 8, 0, ...new Array(40).fill(0x55));
		const bad = await importIntoDb([fromBytes('x.gz', garbage)]);
		expect((bad.report as Error).message).toContain('x.gz: the gzip is cut short or damaged');
	});

	it('a gzip bomb stops at the zip limits: 500× its size', async () => {
		const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024));
		const result = await importIntoDb([fromBytes('zeros.csv.gz', bomb)]);
		expect((result.report as Error).message).toMatch(
			/zeros\.csv\.gz: expands past \d+ MB \(500× its size at most\)/
		);
		expect(result.experiments).toEqual([]);
	});
});
