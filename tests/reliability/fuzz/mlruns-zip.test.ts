// Fuzz: mutated zips of mlruns folders (entries renamed, duplicated, with lying sizes; damaged bytes).
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { sized } from '../size';
import { mutateZip } from './mutate-mlruns';
import { mlrunsSeeds } from './seeds';
import { sweep } from './sweep';

describe('fuzz: mlruns zip', () => {
	it('imports whole runs or fails with a coded error, never hangs', async () => {
		const seeds = mlrunsSeeds();
		const result = await sweep('mlruns-zip', sized(2000, 20_000), (prng, index) => [
			fromBytes('export.zip', mutateZip(prng, seeds[index % seeds.length]!.files))
		]);
		expect(result.uncaught).toEqual([]);
		expect(result.partial).toEqual([]);
		expect(result.hangs).toEqual([]);
	});
});
