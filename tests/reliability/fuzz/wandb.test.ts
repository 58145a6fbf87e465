// Fuzz: mutated W&B run logs (tests/fixtures/wandb/runs, written by the real wandb SDK; and the public 2021 run),
// most of them framed again with correct CRC-32s so that the protobuf decoding is reached: bit flips inside a
// message, wrong wire types, huge declared lengths, messages spliced from another log, deep nesting in a value;
// plus raw damage (cut logs, flipped bytes, lying record lengths and types) that the framing must catch.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import type { Prng } from '../prng';
import { sized } from '../size';
import { splitMessages, writeLog } from '../../unit/wandb-log';
import { concat, mutateBytes, mutateText } from './mutate-bytes';
import { sweep } from './sweep';

const ROOTS = ['../../fixtures/wandb/runs', '../../fixtures/public/wandb'].map((p) =>
	fileURLToPath(new URL(p, import.meta.url))
);

function logs(dir: string): { path: string; bytes: Uint8Array }[] {
	const out: { path: string; bytes: Uint8Array }[] = [];
	for (const name of readdirSync(dir).sort()) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) out.push(...logs(full));
		else if (name.endsWith('.wandb')) out.push({ path: full, bytes: new Uint8Array(readFileSync(full)) });
	}
	return out;
}

const varint = (n: number): Uint8Array => {
	const out: number[] = [];
	do {
		let b = n % 128;
		n = Math.floor(n / 128);
		if (n > 0) b |= 0x80;
		out.push(b);
	} while (n > 0);
	return new Uint8Array(out);
};
const field = (number: number, body: Uint8Array) => concat(varint(number * 8 + 2), varint(body.length), body);
const text = (s: string) => new TextEncoder().encode(s);

/** A history row whose value is JSON nested `depth` deep (objects or lists). */
function deepHistory(prng: Prng, depth: number): Uint8Array {
	const open = prng.chance(0.5) ? '{"a":' : '[';
	const close = open === '[' ? ']' : '}';
	const json = `${open.repeat(depth)}1${close.repeat(depth)}`;
	const item = concat(field(2, text('deep')), field(16, text(json)));
	const step = concat(field(1, concat(field(2, text('_step')), field(16, text('3')))));
	return field(2, concat(field(1, item), step));
}

function mutateLog(prng: Prng, bytes: Uint8Array, other: Uint8Array): Uint8Array {
	const messages = splitMessages(bytes);
	const pick = () => prng.int(Math.max(messages.length, 1));
	switch (prng.int(8)) {
		case 0:
			return mutateBytes(prng, bytes); // raw damage: the framing must notice
		case 1: {
			const i = pick();
			messages[i] = mutateBytes(prng, messages[i] ?? new Uint8Array(0));
			return writeLog(messages).bytes;
		}
		case 2: {
			// A record length or type that lies (its CRC still computed over the real data).
			const i = pick();
			const lie = prng.pick([0, 1, 7, 0xffff, 32_000]);
			return prng.chance(0.5)
				? writeLog(messages, { lengthOf: (j, n) => (j === i ? lie : n) }).bytes
				: writeLog(messages, { typeOf: (j, t) => (j === i ? prng.pick([0, 2, 3, 4, 5, 255]) : t) }).bytes;
		}
		case 3: {
			// Messages spliced from another log, in any order.
			const mixed = [...messages, ...splitMessages(other)].filter(() => prng.chance(0.7));
			for (let i = mixed.length - 1; i > 0; i--) {
				const j = prng.int(i + 1);
				[mixed[i], mixed[j]] = [mixed[j] as Uint8Array, mixed[i] as Uint8Array];
			}
			return writeLog(mixed).bytes;
		}
		case 4: {
			// A field's wire type changed.
			const i = pick();
			const m = (messages[i] ?? new Uint8Array(1)).slice();
			const at = prng.int(Math.max(m.length, 1));
			if (m.length > 0) m[at] = ((m[at] as number) & ~7) | prng.int(8);
			messages[i] = m;
			return writeLog(messages).bytes;
		}
		case 5: {
			// A huge varint length inside a message.
			const i = pick();
			const m = messages[i] ?? new Uint8Array(0);
			const at = prng.int(m.length + 1);
			messages[i] = concat(
				m.subarray(0, at),
				varint(prng.pick([2 ** 31, 2 ** 50, 2 ** 53 - 1])),
				m.subarray(at)
			);
			return writeLog(messages).bytes;
		}
		case 6:
			// Deep nesting in a history value, and a message larger than a block.
			messages.splice(pick(), 0, deepHistory(prng, prng.pick([20, 2000, 200_000])));
			if (prng.chance(0.3)) messages.push(field(5, field(1, field(16, text(`"${'x'.repeat(70_000)}"`)))));
			return writeLog(messages).bytes;
		default:
			return bytes.subarray(0, prng.int(bytes.length + 1)); // cut at any byte
	}
}

describe('fuzz: W&B run logs', () => {
	it('imports whole runs or fails with a coded error, never hangs', async () => {
		const seeds = ROOTS.flatMap(logs);
		if (seeds.length < 5) throw new Error(`fuzz seeds missing: found ${seeds.length} run logs`);
		const config = text('wandb_version: 1\nlr:\n  desc: null\n  value: 0.1\n');
		const result = await sweep('wandb', sized(2000, 20_000), (prng, index) => {
			const seed = seeds[index % seeds.length] as (typeof seeds)[number];
			const other = prng.pick(seeds);
			const files = [fromBytes('wandb/run-a/run-a1.wandb', mutateLog(prng, seed.bytes, other.bytes))];
			if (prng.chance(0.3))
				files.push(
					fromBytes('wandb/run-a/files/config.yaml', prng.chance(0.5) ? mutateText(prng, config) : config)
				);
			if (prng.chance(0.2)) files.push(fromBytes('wandb/run-b/run-b1.wandb', other.bytes));
			return files;
		});
		expect(result.uncaught).toEqual([]);
		expect(result.partial).toEqual([]);
		expect(result.hangs).toEqual([]);
	});
});
