// Fuzz: mutated mlruns folders (the files a browser drop gives) through the real import path.
import { describe, expect, it } from 'vitest';
import { sized } from '../size';
import { mutateFiles } from './mutate-mlruns';
import { asSourceFiles } from './run-input';
import { mlrunsSeeds } from './seeds';
import { sweep } from './sweep';

describe('fuzz: mlruns folder', () => {
	it('imports whole runs or fails with a coded error, never hangs', async () => {
		const seeds = mlrunsSeeds();
		const result = await sweep('mlruns-folder', sized(2000, 20_000), (prng, index) =>
			asSourceFiles(mutateFiles(prng, seeds[index % seeds.length]!.files))
		);
		expect(result.uncaught).toEqual([]);
		expect(result.partial).toEqual([]);
		expect(result.hangs).toEqual([]);
	});
});
