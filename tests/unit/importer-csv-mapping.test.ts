// Tables of no known shape: the importer asks for their columns (a "columns needed" error carrying the header and
// the first rows), reads them by a column map file, and never asks about known shapes or stray text tables. And
// the chunked parse of large files gives what the whole-string parse gives.
import { describe, expect, it } from 'vitest';
import { RunboardError } from '$lib/api/errors';
import { readTable } from '$lib/importers/csv/chunked';
import { COLUMN_MAP_FILE, columnMapFile, headerHash, type ColumnsRequest } from '$lib/importers/csv/mapping';
import { parseCsv } from '$lib/importers/csv/table';
import { fromBytes } from '$lib/importers/source-files';
import { importFiles } from './importer-golden';
import { runsOf, series, type ReadyRun } from './imported-runs';

const enc = new TextEncoder();
const AMBIGUOUS =
	'trial,iter_no,acc,lr,clock\nA,1,0.5,0.1,1700000000\nA,2,0.6,0.1,1700000010\nB,1,0.4,0.2,1700000020\n';
const HEADER = ['trial', 'iter_no', 'acc', 'lr', 'clock'];
const MAP = { step: 'iter_no', run: 'trial', time: 'clock', metrics: ['acc'], params: ['lr'] };

async function refusal(files: Parameters<typeof importFiles>[0]): Promise<RunboardError> {
	const error = await importFiles(files).then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(RunboardError);
	return error as RunboardError;
}

describe('CSV column mapping', () => {
	it('a table of no known shape asks: its header, hash and first rows in the error', async () => {
		const error = await refusal([fromBytes('log.csv', enc.encode(AMBIGUOUS))]);
		expect(error.code).toBe('IMPORT_UNRECOGNIZED');
		expect(error.message).toMatch(/log\.csv: its columns are none Runboard knows/);
		const request = error.details?.csvColumns as ColumnsRequest;
		expect(request.header).toEqual(HEADER);
		expect(request.headerHash).toBe(headerHash(HEADER));
		expect(request.preview).toEqual([
			['A', '1', '0.5', '0.1', '1700000000'],
			['A', '2', '0.6', '0.1', '1700000010'],
			['B', '1', '0.4', '0.2', '1700000020']
		]);
	});

	it('with a column map file for its header: a run per run-column value, step, time, metrics and params', async () => {
		const maps = columnMapFile({ [headerHash(HEADER)]: MAP });
		const result = await importFiles([
			fromBytes('logs/log.csv', enc.encode(AMBIGUOUS)),
			fromBytes(`logs/${COLUMN_MAP_FILE}`, enc.encode(maps))
		]);
		const runs = runsOf(result.items);
		expect(runs.map((r) => r.runName)).toEqual(['A', 'B']);
		const a = runs[0] as ReadyRun;
		expect(series(a, 'acc')).toEqual([
			[1, 0.5],
			[2, 0.6]
		]);
		expect(a.metrics.keys).toEqual(['acc']);
		expect(a.params).toEqual([{ key: 'lr', value: '0.1' }]);
		expect(a.metrics.timestamps[1]).toBe(1_700_000_010_000);
		expect(result.items.flatMap((i) => (i.kind === 'experiment' ? [i.experiment.name] : []))).toEqual([
			'logs'
		]);
	});

	it('a map for another header, or a broken map file, asks again; a map naming missing columns is not applied', async () => {
		const other = columnMapFile({ [headerHash(['x', 'y'])]: MAP });
		const wrong = columnMapFile({ [headerHash(HEADER)]: { ...MAP, step: 'missing' } });
		for (const maps of [
			other,
			wrong,
			'{not json',
			'{"maps":{"zz":1}}',
			JSON.stringify({ maps: { [headerHash(HEADER)]: { step: 1 } } })
		]) {
			const error = await refusal([
				fromBytes('d/log.csv', enc.encode(AMBIGUOUS)),
				fromBytes(`d/${COLUMN_MAP_FILE}`, enc.encode(maps))
			]);
			expect(error.details?.csvColumns).toBeTruthy();
		}
	});

	it('conservative: known shapes never ask; text tables, numeric headers and other names are not asked about', async () => {
		const known = await importFiles([fromBytes('k.csv', enc.encode('epoch,loss\n0,1\n1,0.5\n'))]);
		expect(runsOf(known.items)).toHaveLength(1);
		for (const [name, text] of [
			['people.csv', 'name,city\nada,london\nbob,paris\n'],
			['numbers.csv', '1,2,3\n4,5,6\n'],
			['notes.txt', AMBIGUOUS],
			['header-only.csv', 'a,b,c\n'],
			['blank-column.csv', 'a,,c\n1,2,3\n']
		]) {
			const error = await refusal([fromBytes(name as string, enc.encode(text as string))]);
			expect(error.details?.csvColumns, name).toBeUndefined();
		}
	});

	it('beside a readable CSV, an unmapped table is a warning and the readable one imports', async () => {
		const result = await importFiles([
			fromBytes('d/known.csv', enc.encode('step,loss\n0,1\n')),
			fromBytes('d/other.csv', enc.encode(AMBIGUOUS))
		]);
		expect(runsOf(result.items).map((r) => r.runName)).toEqual(['known']);
		expect(JSON.stringify(result.items)).toContain('d/other.csv: its columns are none Runboard knows');
	});
});

describe('chunked CSV parsing', () => {
	const rows = ['step,loss,"note, quoted"'];
	for (let i = 0; i < 500; i++)
		rows.push(`${i},${(1 / (i + 1)).toFixed(6)},"line ${i}\nwith a newline, a comma and ""quotes"" — é ✓"`);
	const text = rows.join('\r\n') + '\r\n';
	const bytes = enc.encode('\ufeff' + text);

	it('gives the same table as the whole-string parse, whatever the chunk size (multi-byte characters split)', async () => {
		const whole = parseCsv(new TextDecoder().decode(bytes));
		expect(whole.rows).toHaveLength(500);
		for (const [size, chunkChars] of [
			[7, 10],
			[64, 100],
			[1000, 3000],
			[4096, 1]
		] as const) {
			// A file stream in tiny chunks cuts characters and quoted newlines apart.
			const file = {
				...fromBytes('big.csv', bytes),
				stream: () =>
					new ReadableStream<Uint8Array>({
						start(controller) {
							for (let at = 0; at < bytes.length; at += size)
								controller.enqueue(bytes.subarray(at, at + size));
							controller.close();
						}
					})
			};
			// A test-only threshold: the whole-string limit is 0 bytes, so the chunked path runs.
			expect(await readTable(file, 0, chunkChars)).toEqual(whole);
		}
	});

	it('a file read in chunks of its own stream equals the file read whole', async () => {
		const file = fromBytes('big.csv', bytes);
		expect(await readTable(file, 0, 50)).toEqual(await readTable(file));
	});
});
