// Fuzz: mutated JSON logs — Hugging Face trainer_state.json (the public sample) and Sacred FileStorageObserver runs
// (written by the real Sacred): lines dropped, repeated, cut, given odd tokens; values replaced by wrong types,
// bare NaN/Infinity, huge numbers, deep nesting; raw byte damage. One sweep per importer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import type { Prng } from '../prng';
import { sized } from '../size';
import { mutateBytes, mutateText, token } from './mutate-bytes';
import { sweep } from './sweep';

const at = (path: string) =>
	new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url))));
const enc = new TextEncoder();

/** A JSON-aware change: one value (after a `": `) replaced by another type, a huge number or deep nesting. */
function mutateJson(prng: Prng, bytes: Uint8Array): Uint8Array {
	const text = new TextDecoder().decode(bytes);
	const spots = [...text.matchAll(/": /g)].map((m) => (m.index ?? 0) + 3);
	const spot = spots.length ? prng.pick(spots) : 0;
	const end = text.slice(spot).search(/[,\n}]/);
	const replacement = prng.pick([
		'NaN',
		'-Infinity',
		'1e400',
		'null',
		'"x"',
		'[]',
		'{}',
		'true',
		JSON.stringify(token(prng)),
		'['.repeat(prng.pick([10, 5000])) + ']'.repeat(prng.int(3)),
		'{"a": '.repeat(200) + '1' + '}'.repeat(200)
	]);
	return enc.encode(text.slice(0, spot) + replacement + text.slice(spot + Math.max(end, 0)));
}

function mutate(prng: Prng, bytes: Uint8Array): Uint8Array {
	const kind = prng.int(3);
	return kind === 0
		? mutateBytes(prng, bytes)
		: kind === 1
			? mutateText(prng, bytes)
			: mutateJson(prng, bytes);
}

describe('fuzz: JSON logs', () => {
	it('Hugging Face trainer_state.json: whole runs or a coded error, never a hang', async () => {
		const state = at('public/hf-trainer/aigoncharov-trainer_state_viz/trainer_state.json');
		const result = await sweep('hf-trainer', sized(2000, 20_000), (prng) => {
			const files = [fromBytes('out/trainer_state.json', mutate(prng, state))];
			if (prng.chance(0.2)) files.push(fromBytes('out/checkpoint-5/trainer_state.json', mutate(prng, state)));
			return files;
		});
		expect(result.uncaught).toEqual([]);
		expect(result.partial).toEqual([]);
		expect(result.hangs).toEqual([]);
	});

	it('Sacred runs: whole runs or a coded error, never a hang', async () => {
		const parts = ['run.json', 'config.json', 'metrics.json', 'cout.txt'].map((name) => ({
			name,
			bytes: at(`sacred/runs/3/${name}`)
		}));
		const result = await sweep('sacred', sized(2000, 20_000), (prng) => {
			const damaged = prng.int(parts.length);
			return parts.map((p, i) =>
				fromBytes(`obs/3/${p.name}`, i === damaged ? mutate(prng, p.bytes) : p.bytes)
			);
		});
		expect(result.uncaught).toEqual([]);
		expect(result.partial).toEqual([]);
		expect(result.hangs).toEqual([]);
	});
});
