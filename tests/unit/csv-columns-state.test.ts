// The Import page's side of CSV column maps: the request read back from an error, the memory per header hash,
// the map file added to the drop where it keeps one import (and the dropped folder's name), the first guess.
import { describe, expect, it } from 'vitest';
import { RunboardError } from '$lib/api/errors';
import { COLUMN_MAP_FILE, columnMapOf, type ColumnsRequest } from '$lib/importers/csv/column-map';
import {
	columnsRequestIn,
	guessColumns,
	rememberColumns,
	rememberedColumns,
	withColumnMap
} from '$lib/state/csv-columns';

const REQUEST: ColumnsRequest = {
	file: 'log.csv',
	header: ['who', 'n', 'acc', 'opt'],
	headerHash: '0123456789abcdef',
	preview: [
		['a', '1', '0.5', 'adam'],
		['a', '2', '0.75', 'adam']
	]
};
const MAP = { step: 'n', run: 'who', time: null, metrics: ['acc'], params: ['opt'] };

function memoryStore(): Storage {
	const data = new Map<string, string>();
	return {
		getItem: (k) => data.get(k) ?? null,
		setItem: (k, v) => void data.set(k, v),
		removeItem: (k) => void data.delete(k),
		clear: () => data.clear(),
		key: (i) => [...data.keys()][i] ?? null,
		get length() {
			return data.size;
		}
	};
}

describe('CSV columns on the Import page', () => {
	it('reads the request only from an IMPORT_UNRECOGNIZED error of the right shape', () => {
		expect(columnsRequestIn(new RunboardError('IMPORT_UNRECOGNIZED', 'x', { csvColumns: REQUEST }))).toEqual(
			REQUEST
		);
		expect(columnsRequestIn(new RunboardError('IMPORT_CORRUPT', 'x', { csvColumns: REQUEST }))).toBeNull();
		expect(
			columnsRequestIn(new RunboardError('IMPORT_UNRECOGNIZED', 'x', { csvColumns: { file: 1 } }))
		).toBeNull();
		expect(columnsRequestIn(new RunboardError('IMPORT_UNRECOGNIZED', 'x'))).toBeNull();
	});

	it('remembers a map per header hash; a damaged memory is no map', () => {
		const store = memoryStore();
		expect(rememberedColumns(REQUEST.headerHash, store)).toBeNull();
		rememberColumns(REQUEST.headerHash, MAP, store);
		expect(rememberedColumns(REQUEST.headerHash, store)).toEqual(MAP);
		expect(rememberedColumns('ffffffffffffffff', store)).toBeNull();
		store.setItem(`runboard.csvColumns.${REQUEST.headerHash}`, '{"step": 3}');
		expect(rememberedColumns(REQUEST.headerHash, store)).toBeNull();
		expect(columnMapOf({ ...MAP, run: 5 })).toBeNull();
	});

	it('adds the map file inside the dropped folder, or in a folder of its own beside loose files', async () => {
		const blob = new Blob(['x']);
		const inFolder = withColumnMap([{ path: 'logs/a.csv', file: blob }], 'h', MAP);
		expect(inFolder.map((e) => e.path)).toEqual(['logs/a.csv', `logs/${COLUMN_MAP_FILE}`]);
		const loose = withColumnMap(
			[
				{ path: 'a.csv', file: blob },
				{ path: 'b.csv', file: blob }
			],
			'h',
			MAP
		);
		expect(loose.map((e) => e.path)).toEqual(['a.csv', 'b.csv', `.runboard/${COLUMN_MAP_FILE}`]);
		expect(JSON.parse(await (loose[2]?.file as Blob).text())).toEqual({
			runboardCsvColumns: 1,
			maps: { h: MAP }
		});
		// Asked again (another header): one map file, the newer.
		expect(withColumnMap(inFolder, 'g', MAP).filter((e) => e.path.endsWith(COLUMN_MAP_FILE))).toHaveLength(1);
	});

	it('first guess: the first whole-number column is the step, number columns metrics, text columns params', () => {
		const { order, ...guess } = guessColumns(REQUEST);
		expect(order).toEqual(REQUEST.header);
		expect(guess).toEqual({ step: 'n', run: null, time: null, metrics: ['acc'], params: ['who', 'opt'] });
	});
});
