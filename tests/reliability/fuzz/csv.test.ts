// Fuzz: mutated CSV logs (Lightning's public metrics.csv + hparams.yaml, Keras's CSVLogger files, MLflow's
// search_runs CSV and metric history): lines dropped, repeated, cut, given odd tokens; cells of wrong types,
// unbalanced quotes, very wide rows, separators swapped; hparams.yaml damaged; raw byte damage. Also W&B's and
// MLflow UI's runs CSVs, a table of no known shape with its column map file (the map damaged too), and the chunked
// parse checked against the whole-string parse on the same mutated bytes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTable } from '$lib/importers/csv/chunked';
import { COLUMN_MAP_FILE, columnMapFile, headerHash } from '$lib/importers/csv/mapping';
import { fromBytes } from '$lib/importers/source-files';
import { Prng } from '../prng';
import { sized } from '../size';
import { mutateBytes, mutateText, token } from './mutate-bytes';
import { SEED, sweep } from './sweep';

const at = (path: string) =>
	new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url))));
const TRIALS =
	'trial,iter_no,acc,lr,clock\nA,1,0.5,0.1,1700000000\nA,2,0.6,0.1,1700000010\nB,1,0.4,0.2,1700000020\n';
const MAP = columnMapFile({
	[headerHash(['trial', 'iter_no', 'acc', 'lr', 'clock'])]: {
		step: 'iter_no',
		run: 'trial',
		time: 'clock',
		metrics: ['acc'],
		params: ['lr']
	}
});
const LIGHTNING = 'public/csv/lightning/Driemann-ml-aos/lightning_logs/version_0/';
const SEEDS = [
	{ name: 'logs/version_0/metrics.csv', bytes: at(`${LIGHTNING}metrics.csv`) },
	{ name: 'logs/training.log', bytes: at('csv/keras/training.log') },
	{ name: 'logs/resumed.csv', bytes: at('csv/keras/resumed.csv') },
	{ name: 'logs/runs.csv', bytes: at('csv/mlflow/quickstart-runs.csv') },
	{ name: 'logs/history.csv', bytes: at('csv/mlflow/metric-history.csv') },
	{ name: 'logs/wandb-runs.csv', bytes: at('csv/wandb/runs-export.csv') },
	{ name: 'logs/mlflow-ui-runs.csv', bytes: at('csv/mlflow-ui/runs.csv') },
	{ name: 'logs/trials.csv', bytes: new TextEncoder().encode(TRIALS) }
];
const HPARAMS = at(`${LIGHTNING}hparams.yaml`);
const enc = new TextEncoder();

/** A CSV-aware change: a cell replaced, quotes unbalanced, a row made very wide, the separator swapped. */
function mutateCsv(prng: Prng, bytes: Uint8Array): Uint8Array {
	const lines = new TextDecoder().decode(bytes).split('\n');
	const i = prng.int(lines.length);
	const cells = (lines[i] ?? '').split(',');
	switch (prng.int(5)) {
		case 0:
			cells[prng.int(cells.length)] = prng.pick([
				token(prng),
				'"',
				'"a""b',
				'1e999',
				'-0',
				'x'.repeat(100_000)
			]);
			break;
		case 1:
			cells.push(...Array.from({ length: prng.pick([10, 1000, 20_000]) }, () => '1'));
			break;
		case 2:
			lines[i] = cells.join(prng.pick([';', '\t', '|', '']));
			return enc.encode(lines.join('\n'));
		case 3:
			lines.splice(i, 0, `"${'\n'.repeat(prng.int(5))}`);
			return enc.encode(lines.join('\n'));
		default:
			lines.splice(i, 0, ...Array.from({ length: prng.int(200) }, () => lines[i] ?? ''));
			return enc.encode(lines.join('\n'));
	}
	lines[i] = cells.join(',');
	return enc.encode(lines.join('\n'));
}

describe('fuzz: CSV logs', () => {
	it('imports whole runs or fails with a coded error, never hangs', async () => {
		const result = await sweep('csv', sized(2000, 20_000), (prng, index) => {
			const seed = SEEDS[index % SEEDS.length] as (typeof SEEDS)[number];
			const kind = prng.int(3);
			const bytes =
				kind === 0
					? mutateBytes(prng, seed.bytes)
					: kind === 1
						? mutateText(prng, seed.bytes)
						: mutateCsv(prng, seed.bytes);
			const files = [fromBytes(seed.name, bytes)];
			if (seed.name.endsWith('trials.csv')) {
				const map = enc.encode(MAP);
				files.push(fromBytes(`logs/${COLUMN_MAP_FILE}`, prng.chance(0.5) ? mutateText(prng, map) : map));
			}
			if (seed.name.includes('version_0')) {
				const yaml = prng.chance(0.5) ? mutateText(prng, HPARAMS) : HPARAMS;
				files.push(fromBytes('logs/version_0/hparams.yaml', yaml));
			}
			return files;
		});
		expect(result.uncaught).toEqual([]);
		expect(result.partial).toEqual([]);
		expect(result.hangs).toEqual([]);
	});

	it('the chunked parse gives the whole-string parse on mutated files, in any chunk size', async () => {
		const prng = new Prng(SEED);
		const count = sized(2000, 20_000);
		let differing = 0;
		for (let index = 0; index < count; index++) {
			const seed = SEEDS[index % SEEDS.length] as (typeof SEEDS)[number];
			const bytes = prng.chance(0.5) ? mutateText(prng, seed.bytes) : mutateCsv(prng, seed.bytes);
			const step = 1 + prng.int(4096);
			const file = {
				...fromBytes(seed.name, bytes),
				stream: () =>
					new ReadableStream<Uint8Array>({
						start(controller) {
							for (let at = 0; at < bytes.length; at += step)
								controller.enqueue(bytes.subarray(at, at + step));
							controller.close();
						}
					})
			};
			const whole = await readTable(file);
			const chunked = await readTable(file, 0, 1 + prng.int(20_000));
			if (JSON.stringify(whole) !== JSON.stringify(chunked)) {
				differing++;
				if (differing <= 3) console.log(`csv chunked: index ${index} differs (seed ${SEED})`);
			}
		}
		console.log(`csv chunked: ${count} mutated files, ${differing} differing`);
		expect(differing).toBe(0);
	}, 600_000);
});
