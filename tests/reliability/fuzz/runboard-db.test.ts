// Fuzz: mutated Runboard databases (the Storage page's .sqlite): hostile rows, dropped tables, damaged pages.
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { sized } from '../size';
import { mutatePages } from './mutate-db';
import { mutateRunboardRows, runboardDbSeed } from './runboard-db-seed';
import { sqlite, sweep } from './sweep';

describe('fuzz: Runboard database', () => {
	it('imports whole runs or fails with a coded error, never hangs', async () => {
		const sqlite3 = await sqlite();
		const seed = await runboardDbSeed(sqlite3);
		const result = await sweep('runboard-db', sized(2000, 20_000), (prng) => {
			const rows = prng.chance(0.7) ? mutateRunboardRows(sqlite3, prng, seed) : seed;
			const bytes = prng.chance(0.35) ? mutatePages(prng, rows) : rows;
			return [fromBytes('runboard-2026-12-07.sqlite', bytes)];
		});
		expect(result.uncaught).toEqual([]);
		expect(result.partial).toEqual([]);
		expect(result.hangs).toEqual([]);
	});
});
