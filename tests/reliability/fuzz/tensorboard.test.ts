// Fuzz: mutated TensorBoard event files (tests/fixtures/tensorboard/logs, written by tensorboardX and tensorboard's
// EventFileWriter; and the public event files), re-framed with correct checksums so the decoder is reached.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { sized } from '../size';
import { mutateEventFile } from './mutate-tfevents';
import { sweep } from './sweep';

const ROOTS = ['../../fixtures/tensorboard/logs', '../../fixtures/public/tensorboard'].map((p) =>
	fileURLToPath(new URL(p, import.meta.url))
);

function eventFiles(dir: string): { path: string; bytes: Uint8Array }[] {
	const out: { path: string; bytes: Uint8Array }[] = [];
	for (const name of readdirSync(dir).sort()) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) out.push(...eventFiles(full));
		else if (name.includes('tfevents')) out.push({ path: full, bytes: new Uint8Array(readFileSync(full)) });
	}
	return out;
}

describe('fuzz: TensorBoard event files', () => {
	it('imports whole runs or fails with a coded error, never hangs', async () => {
		const seeds = ROOTS.flatMap(eventFiles);
		if (seeds.length < 10) throw new Error(`fuzz seeds missing: found ${seeds.length} event files`);
		const result = await sweep('tensorboard', sized(2000, 20_000), (prng, index) => {
			const seed = seeds[index % seeds.length] as (typeof seeds)[number];
			const other = prng.pick(seeds);
			const files = [
				fromBytes('logs/run/events.out.tfevents.1.host', mutateEventFile(prng, seed.bytes, other.bytes))
			];
			// Sometimes a second file in the run (a restart) or a second run beside it.
			if (prng.chance(0.3))
				files.push(
					fromBytes('logs/run/events.out.tfevents.2.host', mutateEventFile(prng, other.bytes, seed.bytes))
				);
			if (prng.chance(0.2)) files.push(fromBytes('logs/other/events.out.tfevents.1.host', other.bytes));
			return files;
		});
		expect(result.uncaught).toEqual([]);
		expect(result.partial).toEqual([]);
		expect(result.hangs).toEqual([]);
	});
});
