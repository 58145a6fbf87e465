// Fuzz: mutated MLflow databases (rows of the wrong type or size, dropped tables and indexes, damaged pages).
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { sized } from '../size';
import { mutatePages, mutateRows } from './mutate-db';
import { mlflowDbSeed } from './seeds';
import { sqlite, sweep } from './sweep';

describe('fuzz: mlflow.db', () => {
	it('imports whole runs or fails with a coded error, never hangs', async () => {
		const sqlite3 = await sqlite();
		const seed = mlflowDbSeed(sqlite3);
		const result = await sweep('mlflow-db', sized(2000, 20_000), (prng) => {
			// Most inputs are valid SQLite with hostile rows (the importer's own reading); the rest damaged bytes.
			const rows = prng.chance(0.7) ? mutateRows(sqlite3, prng, seed) : seed;
			const bytes = prng.chance(0.35) ? mutatePages(prng, rows) : rows;
			return [fromBytes('mlflow.db', bytes)];
		});
		expect(result.uncaught).toEqual([]);
		expect(result.partial).toEqual([]);
		expect(result.hangs).toEqual([]);
	});
});
