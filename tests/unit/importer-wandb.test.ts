// W&B run folders: written by the real wandb SDK in offline mode (tests/fixtures/wandb/runs: a grid, NaN and
// infinities, a nested metric and a text value, a failed run) and a public run of a 2021 SDK
// (tests/fixtures/public/wandb/); goldens, the same runs under other names, and what W&B's log holds.
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { runsOf, series, type ReadyRun } from './imported-runs';
import { fromNodeDir } from './node-files';

const RUNS = fileURLToPath(new URL('../fixtures/wandb/runs', import.meta.url));
const PUBLIC = fileURLToPath(new URL('../fixtures/public/wandb/wandb-wandb', import.meta.url));

/** Run folders renamed and each log given a name that says nothing; files/ keep theirs (they are artifacts). */
const neutral = (path: string) => {
	const parts = path.split('/');
	parts[0] = 'dropped';
	if (parts.length > 2) parts[1] = `r-${parts[1]?.slice(-4)}`;
	if (parts.at(-1)?.endsWith('.wandb')) parts[parts.length - 1] = 'log.bin';
	return parts.join('/');
};

const tag = (run: ReadyRun, key: string) => run.tags.find((t) => t.key === key)?.value;

describe('W&B run folders', () => {
	it('runs of the real wandb SDK: config, history with times, summary, tags, notes, exit', async () => {
		const result = await importFiles(fromNodeDir(RUNS));
		expect(result.format).toBe('wandb');
		const experiments = result.items.flatMap((i) => (i.kind === 'experiment' ? [i.experiment.name] : []));
		expect(experiments).toEqual(['runboard-demo']);
		const runs = runsOf(result.items);
		expect(runs.map((r) => [r.runName, r.status]).sort()).toEqual([
			['diverged', 'FAILED'],
			['odd-values', 'FINISHED'],
			['sgd-lr-0.01', 'FINISHED'],
			['sgd-lr-0.1', 'FINISHED']
		]);
		const byName = new Map(runs.map((r) => [r.runName, r]));
		const first = byName.get('sgd-lr-0.01') as ReadyRun;
		expect(first.params).toEqual(
			expect.arrayContaining([
				{ key: 'lr', value: '0.01' },
				{ key: 'layers', value: '[16,8]' },
				{ key: 'optimizer.momentum', value: '0.9' },
				{ key: 'optimizer.name', value: 'sgd' }
			])
		);
		expect(first.params.some((p) => p.key.startsWith('_wandb'))).toBe(false);
		expect(series(first, 'train/loss')).toHaveLength(20);
		expect(series(first, 'val/accuracy').map(([step]) => step)).toEqual([0, 5, 10, 15]);
		expect(series(first, 'best_accuracy')).toHaveLength(1);
		expect(first.metrics.timestamps[0]).toBeGreaterThan(Date.parse('2025-01-01T00:00:00Z'));
		expect(tag(first, 'wandb.tags')).toBe('grid, sgd');
		expect(tag(first, 'mlflow.note.content')).toBe('A grid point with a small learning rate.');
		expect(tag(first, 'mlflow.source.name')).toBe('write_runs.py');
		expect(tag(first, 'wandb.run_id')).toMatch(/^[a-z0-9]{8}$/);
		expect(first.artifacts.map((a) => a.path).sort()).toEqual(['output.log', 'requirements.txt']);
		const odd = byName.get('odd-values') as ReadyRun;
		expect(series(odd, 'train/loss').slice(3, 6)).toEqual([
			[3, NaN],
			[4, Infinity],
			[5, -Infinity]
		]);
		expect(series(odd, 'grad.norm')).toEqual([[6, 2.5]]);
		const warnings = result.items.flatMap((i) => (i.kind === 'warning' ? [i.warning.message] : []));
		expect(warnings.join('\n')).toContain('of phase are no number');
		expect(tag(byName.get('diverged') as ReadyRun, 'wandb.exit_code')).toBe('1');
		expectGolden('wandb-runs', goldenDump(result));
		await expectGoldenRenamed('wandb-runs', renamed(fromNodeDir(RUNS), neutral), {});
	});

	it('a public offline run of a 2021 SDK: no history, metadata as tags, files as artifacts', async () => {
		const result = await importFiles(fromNodeDir(PUBLIC));
		expect(result.format).toBe('wandb');
		const run = runsOf(result.items)[0] as ReadyRun;
		expect(run.runName).toBe('g9dvvkua');
		expect(run.status).toBe('FINISHED');
		expect(tag(run, 'mlflow.source.git.commit')).toBe('86db7dc9144c87a4b41cad77a0dae2e55288b587');
		expect(tag(run, 'wandb.host')).toBe('cvp');
		expect(tag(run, 'wandb.cli_version')).toBe('0.10.20.dev1');
		expect(run.artifacts.map((a) => a.path)).toContain('wandb-metadata.json');
		expect(result.items.filter((i) => i.kind === 'warning')).toEqual([]);
		expectGolden('wandb-public', goldenDump(result));
		await expectGoldenRenamed('wandb-public', renamed(fromNodeDir(PUBLIC), neutral), {});
	});

	it('a zip of the wandb/ folder gives the same runs as the folder', async () => {
		const entries: Record<string, Uint8Array> = {};
		for (const file of fromNodeDir(RUNS, 'wandb')) entries[file.path] = await file.bytes();
		const zipped = await importFiles([fromBytes('wandb.zip', zipSync(entries))]);
		const folder = await importFiles(fromNodeDir(RUNS, 'wandb'));
		expect(goldenDump(zipped)).toBe(goldenDump(folder));
		expect(runsOf(zipped.items)).toHaveLength(4);
	});
});
