// Fuzz: more metric logs — JSONL logs written with Python's json module (tests/fixtures/jsonl/logs) and DVCLive
// folders written by the real dvclive (tests/fixtures/dvclive/runs), gzipped single files, and the public Sacred
// MongoDB dump (BSON lengths and type bytes rewritten): lines dropped,
// repeated, cut, given non-object lines, values replaced by wrong types, bare NaN/Infinity, huge numbers, deep
// nesting; raw byte damage. One sweep per importer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import type { Prng } from '../prng';
import { sized } from '../size';
import { mutateBytes, mutateText, token } from './mutate-bytes';
import { sweep, type SweepResult } from './sweep';

const at = (path: string) =>
	new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url))));
const enc = new TextEncoder();
const dec = new TextDecoder();

const ODD_VALUES = [
	'NaN',
	'-Infinity',
	'1e400',
	'null',
	'"x"',
	'[]',
	'{}',
	'true',
	'-0',
	'{"a": '.repeat(300) + '1' + '}'.repeat(300),
	'['.repeat(5000) + ']'.repeat(5000)
];

/** A JSON-aware change: a value (after `": `) replaced by another type, or a whole line by a non-object. */
function mutateJsonl(prng: Prng, bytes: Uint8Array): Uint8Array {
	const text = dec.decode(bytes);
	if (prng.chance(0.3)) {
		const lines = text.split('\n');
		const i = prng.int(lines.length);
		lines[i] = prng.pick(['[1, 2]', '42', '"text"', 'null', '{}', '{"key": 3, "value": "x"}', token(prng)]);
		return enc.encode(lines.join('\n'));
	}
	const spots = [...text.matchAll(/": /g)].map((m) => (m.index ?? 0) + 3);
	const spot = spots.length ? prng.pick(spots) : 0;
	const end = text.slice(spot).search(/[,\n}]/);
	return enc.encode(text.slice(0, spot) + prng.pick(ODD_VALUES) + text.slice(spot + Math.max(end, 0)));
}

export function mutate(prng: Prng, bytes: Uint8Array): Uint8Array {
	const kind = prng.int(3);
	return kind === 0
		? mutateBytes(prng, bytes)
		: kind === 1
			? mutateText(prng, bytes)
			: mutateJsonl(prng, bytes);
}

function expectClean(result: SweepResult): void {
	expect(result.uncaught).toEqual([]);
	expect(result.partial).toEqual([]);
	expect(result.hangs).toEqual([]);
}

describe('fuzz: more metric logs', () => {
	it('JSONL metric logs: whole runs or a coded error, never a hang', async () => {
		const names = ['train.jsonl', 'points.jsonl', 'sweep.jsonl'];
		const parts = names.map((name) => ({ name, bytes: at(`jsonl/logs/${name}`) }));
		const result = await sweep('jsonl', sized(2000, 20_000), (prng) => {
			const damaged = prng.int(parts.length);
			// Alone (the file is the drop) or in a folder with the others.
			const chosen = prng.chance(0.5) ? [parts[damaged]!] : parts;
			return chosen.map((p) =>
				fromBytes(`logs/${p.name}`, p === parts[damaged] ? mutate(prng, p.bytes) : p.bytes)
			);
		});
		expectClean(result);
	});

	it('DVCLive folders: whole runs or a coded error, never a hang', async () => {
		const names = [
			'metrics.json',
			'params.yaml',
			'plots/metrics/lr.tsv',
			'plots/metrics/train/loss.tsv',
			'plots/metrics/val/loss.tsv',
			'report.html'
		];
		const parts = names.map((name) => ({ name, bytes: at(`dvclive/runs/run-b/dvclive/${name}`) }));
		const result = await sweep('dvclive', sized(2000, 20_000), (prng) => {
			const damaged = prng.int(parts.length);
			const times = 1 + prng.int(2);
			// One file in three drops has every history damaged, so the "no readable history" path is reached too.
			const everyHistory = prng.chance(1 / 3);
			return parts.map((p, i) => {
				let bytes: Uint8Array = p.bytes;
				const hit = i === damaged || (everyHistory && p.name.endsWith('.tsv'));
				for (let t = 0; t < times && hit; t++) bytes = mutate(prng, bytes);
				return fromBytes(`run-b/dvclive/${p.name}`, bytes);
			});
		});
		expectClean(result);
	});

	it('gzip single files: whole runs or a coded error, never a hang', async () => {
		const plain = ['jsonl/logs/train.jsonl', 'csv/keras/training.log'].map(at);
		const zipped = plain.map((p) => new Uint8Array(gzipSync(p)));
		const result = await sweep('gzip', sized(2000, 20_000), (prng) => {
			const i = prng.int(plain.length);
			// Damage to the gzip itself, or to the file inside it (then gzipped whole).
			const bytes = prng.chance(0.5)
				? mutateBytes(prng, zipped[i]!)
				: new Uint8Array(gzipSync(mutate(prng, plain[i]!)));
			return [fromBytes(prng.chance(0.5) ? 'log.gz' : 'upload', bytes)];
		});
		expectClean(result);
	});

	it('Sacred MongoDB dump: whole runs or a coded error, never a hang', async () => {
		const dump = 'public/sacred/chovanecm-sacredboard/mongodb/dump/sacred07';
		const parts = ['runs.bson', 'metrics.bson'].map((name) => ({ name, bytes: at(`${dump}/${name}`) }));
		const result = await sweep('sacred-mongo', sized(2000, 20_000), (prng) => {
			const damaged = prng.int(parts.length);
			return parts.map((p, i) =>
				fromBytes(`dump/sacred07/${p.name}`, i === damaged ? mutateBson(prng, p.bytes) : p.bytes)
			);
		});
		expectClean(result);
	});
});

/** Byte damage, or a BSON-aware change: a declared length or an element's type byte rewritten. */
function mutateBson(prng: Prng, bytes: Uint8Array): Uint8Array {
	if (prng.chance(0.5)) return mutateBytes(prng, bytes);
	const out = bytes.slice();
	const view = new DataView(out.buffer);
	const at = prng.int(Math.max(1, out.length - 4));
	if (prng.chance(0.5))
		view.setInt32(at, prng.pick([-1, 0, 4, 5, 0x7fffffff, out.length, view.getInt32(at, true) + 1]), true);
	else
		out[at] = prng.pick([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x07, 0x09, 0x0b, 0x10, 0x12, 0x13, 0x20, 0xff]);
	return out;
}
