// Fuzz: mutated TensorBoard.dev exports (tests/fixtures/tensorboard-dev/export, written by the real exporter):
// lines dropped, repeated, cut, given odd tokens; values swapped for wrong types, huge or deeply nested JSON;
// metadata.json damaged; raw byte damage.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import type { Prng } from '../prng';
import { sized } from '../size';
import { mutateBytes, mutateText, token } from './mutate-bytes';
import { sweep } from './sweep';

const EXPERIMENT = fileURLToPath(
	new URL('../../fixtures/tensorboard-dev/export/experiment_AdbfrmHBRbC7Dfz3vTUDwQ/', import.meta.url)
);
const enc = new TextEncoder();

/** A JSON-aware change: a value of the wrong type, a list made huge or nested deep, a key renamed. */
function mutateJsonLine(prng: Prng, bytes: Uint8Array): Uint8Array {
	const lines = new TextDecoder().decode(bytes).split('\n');
	const i = prng.int(lines.length);
	const swaps: [RegExp, string][] = [
		[
			/"steps": \[[^\]]*\]/,
			`"steps": ${prng.pick(['"x"', 'null', '{}', '[1.5]', '[1e400]', '[-9007199254740993]'])}`
		],
		[/"values": \[/, `"values": [${prng.pick(['"a", ', 'true, ', '[1], ', 'null, '])}`],
		[
			/"run": "[^"]*"/,
			`"run": ${prng.pick(['1', 'null', JSON.stringify(token(prng)), '"' + 'r'.repeat(5000) + '"'])}`
		],
		[
			/"tag": "[^"]*"/,
			`"tag": ${prng.pick(['[]', '""', JSON.stringify(token(prng)), '"' + 't'.repeat(300) + '"'])}`
		],
		[/"wall_times": \[/, `"wall_times": [${'['.repeat(prng.pick([10, 1000, 100000]))}`],
		[/"points": /, `"points": ${prng.pick(['null', '[]', '"p"'])}, "x": `]
	];
	const [pattern, replacement] = prng.pick(swaps);
	lines[i] = (lines[i] ?? '').replace(pattern, replacement);
	return enc.encode(lines.join('\n'));
}

describe('fuzz: TensorBoard.dev export', () => {
	it('imports whole runs or fails with a coded error, never hangs', async () => {
		const scalars = new Uint8Array(readFileSync(`${EXPERIMENT}scalars.json`));
		const metadata = new Uint8Array(readFileSync(`${EXPERIMENT}metadata.json`));
		const result = await sweep('tensorboard-dev', sized(2000, 20_000), (prng) => {
			const kind = prng.int(4);
			const damaged =
				kind === 0
					? mutateBytes(prng, scalars)
					: kind === 1
						? mutateText(prng, scalars)
						: mutateJsonLine(prng, scalars);
			const meta = kind === 3 ? mutateText(prng, metadata) : metadata;
			return [
				fromBytes('export/experiment_a/scalars.json', damaged),
				fromBytes('export/experiment_a/metadata.json', meta)
			];
		});
		expect(result.uncaught).toEqual([]);
		expect(result.partial).toEqual([]);
		expect(result.hangs).toEqual([]);
	});
});
