// The TensorBoard importer on real event files (tests/fixtures/public/tensorboard/: tensorboard-reducer's runs,
// imitation's GAIL logs, tfevents-js's TF2 file, Guild AI logs): runs by folder, points per tag, first and last
// values as the writers logged them, plus the CRC-32C check values of the format's spec.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ReadyItem } from '../../workers/import/prepare';
import { crc32c, maskedCrc32c } from '$lib/importers/tensorboard/crc32c';
import { importFiles } from './importer-golden';
import { fromNodeDir } from './node-files';

type ReadyRun = Extract<ReadyItem, { kind: 'run' }>['run'];

const PUBLIC = fileURLToPath(new URL('../fixtures/public/tensorboard/', import.meta.url));

const runsOf = (items: Awaited<ReturnType<typeof importFiles>>['items']) =>
	items.flatMap((i) => (i.kind === 'run' ? [i.run] : []));

function series(run: ReadyRun, key: string): { step: number; value: number }[] {
	const m = run.metrics;
	const id = m.keys.indexOf(key);
	const out = [];
	for (let i = 0; i < m.values.length; i++) {
		if (m.keyIndex[i] === id) out.push({ step: m.steps[i] as number, value: m.values[i] as number });
	}
	return out;
}

describe('CRC-32C as TFRecord frames use it', () => {
	it('matches the check values', () => {
		expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
		expect(maskedCrc32c(new Uint8Array([24, 0, 0, 0, 0, 0, 0, 0]))).toBe(0x224b7fa3);
	});
});

describe('TensorBoard importer on real event files', () => {
	it('tensorboard-reducer: a run per folder, every point of every tag', async () => {
		const result = await importFiles(fromNodeDir(`${PUBLIC}janosh-tensorboard-reducer/tests/runs`));
		expect(result.format).toBe('tensorboard');
		const runs = runsOf(result.items);
		expect(runs.map((r) => r.runName).sort()).toEqual([
			'duplicate_steps/run_1',
			'duplicate_steps/run_2',
			'duplicate_steps/run_3',
			'lax/run_1',
			'lax/run_2',
			'lax/run_3',
			'strict/run_1',
			'strict/run_2',
			'strict/run_3'
		]);
		const strict = runs.find((r) => r.runName === 'strict/run_1') as ReadyRun;
		expect(strict.metrics.keys).toEqual(['strict/foo']);
		const foo = series(strict, 'strict/foo');
		expect(foo).toHaveLength(100);
		expect(foo[0]?.step).toBe(0);
		expect(foo.at(-1)?.step).toBe(495);
		const dup = runs.find((r) => r.runName === 'duplicate_steps/run_1') as ReadyRun;
		expect(dup.metrics.values.length).toBe(420);
		const lax = runs.find((r) => r.runName === 'lax/run_3') as ReadyRun;
		expect(lax.metrics.keys.sort()).toEqual(['lax/bar_3', 'lax/bar_4', 'lax/foo']);
		expect(lax.startTime).toBeGreaterThan(1_622_543_340_000);
		expect(result.items.filter((i) => i.kind === 'warning')).toEqual([]);
	});

	it('imitation GAIL logs: nested folders are their own runs, csv files beside them ignored', async () => {
		const result = await importFiles(fromNodeDir(`${PUBLIC}HumanCompatibleAI-imitation/gail`));
		const runs = runsOf(result.items);
		expect(runs.map((r) => r.runName).sort()).toEqual([
			'cartpole_0/n_expert_demos_1',
			'cartpole_0/n_expert_demos_1/raw/disc',
			'cartpole_0/n_expert_demos_1/raw/gen',
			'pendulum_0/n_expert_demos_1',
			'pendulum_0/n_expert_demos_1/raw/disc',
			'pendulum_0/n_expert_demos_1/raw/gen'
		]);
		const top = runs.find((r) => r.runName === 'cartpole_0/n_expert_demos_1') as ReadyRun;
		expect(top.metrics.keys).toHaveLength(22);
		expect(top.metrics.values.length).toBe(102);
	});

	it('tfevents-js: the scalars plugin metadata with a simple value', async () => {
		const result = await importFiles(fromNodeDir(`${PUBLIC}dfalbel-tfevents-js`));
		const [run] = runsOf(result.items);
		expect(run?.metrics.keys).toEqual(['hello']);
		expect(run?.metrics.values.length).toBe(1);
	});
});
