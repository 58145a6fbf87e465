// The CSV writer (src/lib/exporters/csv.ts) and the line chart's CSV: the exact text every table export writes.
import { describe, expect, it } from 'vitest';
import { csvBlob, toCsv } from '$lib/exporters/csv';
import { metricHistoryCsv } from '$lib/exporters/metric-history-csv';

describe('toCsv', () => {
	it('writes a header and rows with CRLF line ends, ending in one', () => {
		expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('a,b\r\n1,x\r\n');
		expect(toCsv(['only'], [])).toBe('only\r\n');
	});

	it('writes numbers in full precision, with NaN, ±Infinity and -0 as String() writes them', () => {
		const row = [0.1 + 0.2, 1e21, 5e-324, NaN, Infinity, -Infinity, -0, -1.5];
		expect(toCsv(['n'], [row])).toBe(
			'n\r\n0.30000000000000004,1e+21,5e-324,NaN,Infinity,-Infinity,0,-1.5\r\n'
		);
	});

	it('leaves empty cells for null and undefined', () => {
		expect(toCsv(['a', 'b', 'c'], [[null, undefined, '']])).toBe('a,b,c\r\n,,\r\n');
	});

	it('quotes commas, quotes and line breaks, doubling quotes', () => {
		expect(toCsv(['h'], [['a,b'], ['say "hi"'], ['two\nlines'], ['cr\rhere'], ['plain']])).toBe(
			'h\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n"cr\rhere"\r\nplain\r\n'
		);
	});

	it('defuses text a spreadsheet would run as a formula, in the header too', () => {
		expect(toCsv(['=h'], [['=1+1'], ['+1'], ['-1'], ['@SUM(A1)'], ['\tx'], ['\rx'], ['=a,b']])).toBe(
			"'=h\r\n'=1+1\r\n'+1\r\n'-1\r\n'@SUM(A1)\r\n'\tx\r\n\"'\rx\"\r\n\"'=a,b\"\r\n"
		);
		// Numbers are never text: a negative number stays a number.
		expect(toCsv(['n'], [[-1]])).toBe('n\r\n-1\r\n');
	});

	it('csvBlob holds the same text, typed text/csv', async () => {
		const blob = csvBlob(['a'], [['é,"']]);
		expect(blob.type).toBe('text/csv');
		expect(await blob.text()).toBe(toCsv(['a'], [['é,"']]));
	});
});

describe('metricHistoryCsv', () => {
	it('writes every point of every run, in order, under the fixed header', async () => {
		const blob = metricHistoryCsv([
			{
				runId: 'a'.repeat(32),
				runName: '=evil, "run"',
				points: [
					{ step: 0, timestamp: 1700000000000, value: 0.5 },
					{ step: 1, timestamp: 1700000000001, value: NaN }
				]
			},
			{ runId: 'b'.repeat(32), runName: 'plain', points: [{ step: 2, timestamp: 3, value: -Infinity }] }
		]);
		expect(blob.type).toBe('text/csv');
		expect(await blob.text()).toBe(
			'run_id,run_name,step,timestamp,value\r\n' +
				`${'a'.repeat(32)},"'=evil, ""run""",0,1700000000000,0.5\r\n` +
				`${'a'.repeat(32)},"'=evil, ""run""",1,1700000000001,NaN\r\n` +
				`${'b'.repeat(32)},plain,2,3,-Infinity\r\n`
		);
	});
});
