// Damaged W&B run logs through the real pipeline and database: a wrong checksum, a cut log, a record of an
// unknown type, a record that is no W&B record, random bytes, a header alone. Each gives a specific warning with
// the file and byte offset (the rest imported) or a clear error, and never part of a run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { decodeRecord } from '$lib/importers/wandb/records';
import { FILE_HEADER } from '$lib/importers/wandb/log';
import { importIntoDb } from './imported-runs';
import { splitMessages, writeLog } from './wandb-log';

const RUNS = fileURLToPath(new URL('../fixtures/wandb/runs', import.meta.url));
const folder = readdirSync(RUNS).sort()[0] as string;
const logName = readdirSync(join(RUNS, folder)).find((n) => n.endsWith('.wandb')) as string;
const LOG = new Uint8Array(readFileSync(join(RUNS, folder, logName)));
const messages = splitMessages(LOG);
const kinds = messages.map((m) => decodeRecord(m).kind);

const drop = (log: Uint8Array, name = 'run-abc.wandb') => [fromBytes(`wandb/run-1/${name}`, log)];
const warnings = (report: unknown) => JSON.stringify(report);

async function lossPoints(result: Awaited<ReturnType<typeof importIntoDb>>): Promise<number> {
	const run = result.runs[0];
	if (!run) return 0;
	return (await result.api.getMetricHistory(run.info.runId, 'train/loss')).length;
}

describe('damaged W&B run logs', () => {
	it('messages framed again as the SDK frames them give the same bytes (the test writer is faithful)', () => {
		expect(kinds).toContain('history');
		expect(writeLog(messages).bytes).toEqual(LOG);
	});

	it('a wrong checksum: that record is skipped with its offset, the rest imported', async () => {
		const i = kinds.flatMap((k, j) => (k === 'history' ? [j] : []))[3] as number;
		const { bytes, offsets } = writeLog(messages);
		const at = (offsets[i] as number) + 10;
		bytes[at] = (bytes[at] as number) ^ 0x40;
		const result = await importIntoDb(drop(bytes));
		expect(warnings(result.report)).toContain(`at byte ${offsets[i]}: a record's checksum does not match`);
		expect(result.runs).toHaveLength(1);
		expect(result.runs[0]?.info.status).toBe('FINISHED');
		expect(await lossPoints(result)).toBe(19);
	});

	it('a cut log: what came before is imported, the run is RUNNING (no exit record)', async () => {
		const { bytes, offsets } = writeLog(messages);
		const cut = (offsets[kinds.indexOf('history') + 5] as number) + 20;
		const result = await importIntoDb(drop(bytes.slice(0, cut)));
		expect(warnings(result.report)).toMatch(/at byte \d+: the log ends inside a record/);
		expect(result.runs[0]?.info.status).toBe('RUNNING');
		expect(await lossPoints(result)).toBeGreaterThan(0);
		expect(await lossPoints(result)).toBeLessThan(20);
	});

	it('a record of an unknown type and a record that is no W&B record: warnings, the run imported', async () => {
		const garbage = Uint8Array.of(0xff, 0xff, 0xff, 0xff);
		const withGarbage = [...messages.slice(0, 5), garbage, ...messages.slice(5)];
		const result = await importIntoDb(drop(writeLog(withGarbage).bytes));
		expect(warnings(result.report)).toContain('a record is not a W&B record; it was skipped');
		expect(await lossPoints(result)).toBe(20);
		const typed = writeLog(messages, { typeOf: (i, t) => (i === 40 ? 9 : t) }).bytes;
		const second = await importIntoDb(drop(typed));
		expect(warnings(second.report)).toContain('unknown record type 9');
		expect(second.runs).toHaveLength(1);
	});

	it('a message larger than a block (FIRST, MIDDLE, LAST records) is joined', async () => {
		const huge = [...messages];
		// A config record with a 100 KB string value: spans four blocks.
		const value = new TextEncoder().encode(JSON.stringify('x'.repeat(100_000)));
		const item = [
			0x0a,
			4,
			...new TextEncoder().encode('long'),
			0x82,
			0x01,
			...varint(value.length),
			...value
		];
		const update = [0x0a, ...varint(item.length), ...item];
		huge.splice(3, 0, Uint8Array.from([0x2a, ...varint(update.length), ...update]));
		const result = await importIntoDb(drop(writeLog(huge).bytes));
		expect(warnings(result.report), warnings(result.report)).not.toContain('record-corrupt');
		expect(result.runs[0]?.data.params.find((p) => p.key === 'long')?.value).toHaveLength(100_000);
	});

	it('random bytes, a header alone, and an empty log: a clear error, nothing stored', async () => {
		const random = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251);
		for (const [log, message] of [
			[random, /does not start with the header of a W&B run log/],
			[FILE_HEADER, /no readable record/],
			[new Uint8Array(0), /does not start with the header/]
		] as const) {
			const result = await importIntoDb(drop(log));
			expect(result.report).toBeInstanceOf(Error);
			expect((result.report as Error).message).toMatch(message);
			expect(result.experiments).toEqual([]);
		}
	});

	it("a run's files/ without its log: an error that says the log is missing", async () => {
		const result = await importIntoDb([
			fromBytes('run-1/files/wandb-summary.json', new TextEncoder().encode('{"loss": 1}'))
		]);
		expect((result.report as Error).message).toMatch(/No W&B run log was found/);
		expect(result.experiments).toEqual([]);
	});
});

function varint(n: number): number[] {
	const out: number[] = [];
	do {
		let b = n % 128;
		n = Math.floor(n / 128);
		if (n > 0) b |= 0x80;
		out.push(b);
	} while (n > 0);
	return out;
}
