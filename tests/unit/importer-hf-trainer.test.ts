// Hugging Face trainer_state.json: the public sample (tests/fixtures/public/hf-trainer/: 216 log rows of six eval
// sets over 30 epochs), checkpoints of one run (the latest read), bare NaN/Infinity, and damaged files through the
// real pipeline.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { importIntoDb, runsOf, series, type ReadyRun } from './imported-runs';
import { fromNodeDir } from './node-files';

const SAMPLE = fileURLToPath(
	new URL('../fixtures/public/hf-trainer/aigoncharov-trainer_state_viz', import.meta.url)
);
const enc = new TextEncoder();

describe('Hugging Face trainer_state.json', () => {
	it('the public sample: every eval row a point at its step, epoch a metric, settings as params', async () => {
		const result = await importFiles(fromNodeDir(SAMPLE));
		expect(result.format).toBe('hf-trainer');
		const [run] = runsOf(result.items) as ReadyRun[];
		const acc = series(run as ReadyRun, 'eval_g0_accuracy');
		expect(acc[0]).toEqual([0, 0.7082294264339152]);
		expect(series(run as ReadyRun, 'eval_g5_loss').at(-1)).toEqual([12030, 4.835134983062744]);
		expect(run?.params).toEqual(expect.arrayContaining([{ key: 'num_train_epochs', value: '30' }]));
		expectGolden('hf-trainer-public', goldenDump(result));
		await expectGoldenRenamed(
			'hf-trainer-public',
			renamed(fromNodeDir(SAMPLE), (p) => p.replace(/trainer_state\.json$/, 'state.json')),
			{}
		);
	});

	it('checkpoints: the latest state is read, once; bare NaN and Infinity are kept', async () => {
		const state = (step: number, loss: string) =>
			enc.encode(
				`{"global_step": ${step}, "log_history": [{"step": 1, "loss": ${loss}, "grad_norm": Infinity}], "trial_params": {"lr": 0.1}}`
			);
		const result = await importFiles([
			fromBytes('out/checkpoint-10/trainer_state.json', state(10, '1.0')),
			fromBytes('out/checkpoint-20/trainer_state.json', state(20, 'NaN'))
		]);
		const runs = runsOf(result.items);
		expect(runs).toHaveLength(1);
		expect(series(runs[0] as ReadyRun, 'loss')).toEqual([[1, NaN]]);
		expect(series(runs[0] as ReadyRun, 'grad_norm')).toEqual([[1, Infinity]]);
		expect(runs[0]?.params).toEqual(expect.arrayContaining([{ key: 'lr', value: '0.1' }]));
		expect(JSON.stringify(result.items)).toContain('2 trainer states (checkpoints)');
	});

	it('a cut or broken state imports nothing and says why', async () => {
		const text = readFileSync(`${SAMPLE}/trainer_state.json`);
		for (const bytes of [text.subarray(0, 5000), enc.encode('{"log_history": 5, "global_step": 1}')]) {
			const { report, experiments } = await importIntoDb([fromBytes('out/trainer_state.json', bytes)]);
			expect(report).toBeInstanceOf(Error);
			expect((report as Error).message).toMatch(/No trainer state could be read|not recogni/);
			expect(experiments).toEqual([]);
		}
	});
});
