// Runs tables with unprefixed columns: W&B's runs "Export CSV" and MLflow UI's "Download CSV" (fixtures built by
// the writers' documented/source layout: tests/fixtures/csv/README.md). Goldens, the same under other names, and
// damaged copies.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { runsOf, series, type ReadyRun } from './imported-runs';
import { fromNodeDir } from './node-files';

// MLflow's UI writes start times in the downloading browser's zone, with no zone: they are read as local time, so
// the goldens are made in one zone wherever they run.
process.env.TZ = 'UTC';

const FIXTURES = fileURLToPath(new URL('../fixtures/csv/', import.meta.url));
const tagOf = (run: ReadyRun | undefined, key: string) => run?.tags.find((t) => t.key === key)?.value;

describe('W&B runs export CSV', () => {
	it('a run per row: name, state, times, config as params, summary as metrics, notes/user/tags as tags', async () => {
		const result = await importFiles(fromNodeDir(`${FIXTURES}wandb`));
		expect(result.format).toBe('csv');
		const runs = runsOf(result.items);
		expect(runs.map((r) => [r.runName, r.status])).toEqual([
			['wise-sun-3', 'FINISHED'],
			['misty-river-2', 'FAILED'],
			['fancy-hill-1', 'RUNNING']
		]);
		const wise = runs.find((r) => r.runName === 'wise-sun-3');
		expect(wise?.params).toEqual([
			{ key: 'batch_size', value: '64' },
			{ key: 'learning_rate', value: '0.001' },
			{ key: 'optimizer', value: 'adam' },
			{ key: 'epochs', value: '10' }
		]);
		expect(wise?.metrics.keys).toEqual([
			'_runtime',
			'_step',
			'_timestamp',
			'accuracy',
			'loss',
			'val/accuracy',
			'val/loss'
		]);
		expect(series(wise as ReadyRun, 'val/loss')).toEqual([[0, 0.301]]);
		expect(wise?.startTime).toBe(Date.parse('2024-03-14T10:22:01.000Z'));
		expect(wise?.endTime).toBe(Date.parse('2024-03-14T10:22:01.000Z') + 312_000);
		expect(tagOf(wise, 'wandb.tags')).toBe('baseline, resnet');
		expect(tagOf(wise, 'mlflow.note.content')).toBe('baseline');
		expect(tagOf(wise, 'mlflow.user')).toBe('ada');
		expect(tagOf(runs[2], 'wandb.sweep')).toBe('sweep-abc');
		expect(series(runs[1] as ReadyRun, 'val/loss')).toEqual([[0, NaN]]);
		expect(new Set(runs.map((r) => r.runId)).size).toBe(3);
	});

	it('golden, and the same runs from the file renamed', async () => {
		const files = fromNodeDir(`${FIXTURES}wandb`);
		expectGolden('csv-wandb-runs', goldenDump(await importFiles(files)));
		await expectGoldenRenamed(
			'csv-wandb-runs',
			renamed(files, (p) => p.replace(/\.csv$/, '.txt')),
			{}
		);
	});
});

describe("MLflow UI's runs CSV", () => {
	it('run ids kept, quotes and formula escapes undone, params before the numeric metric columns, mlflow.* tags', async () => {
		const runs = runsOf((await importFiles(fromNodeDir(`${FIXTURES}mlflow-ui`))).items);
		expect(runs.map((r) => r.runId)).toEqual([
			'8179cf1107164471b8dab55c0fa33ac2',
			'6b9f4624aff8437584ee436a72f55389',
			'0f0e0d0c0b0a09080706050403020100'
		]);
		const [first, second, third] = runs as ReadyRun[];
		expect(first?.runName).toBe('elasticnet-1');
		expect(first?.params).toEqual([
			{ key: 'alpha', value: '0.01' },
			{ key: 'l1_ratio', value: '0.5' },
			{ key: 'selection', value: 'cyclic' }
		]);
		expect(series(first as ReadyRun, 'r2')).toEqual([[0, -0.153]]);
		expect(first?.metrics.keys).toEqual(['mae', 'r2', 'rmse']);
		expect(tagOf(first, 'mlflow.source.git.commit')).toBe('6f1e2a');
		// The UI's formula guard is taken off; the text stays text (never run: docs/security.md).
		expect(second?.runName).toBe('=HYPERLINK("http://x")');
		expect(second?.status).toBe('FAILED');
		const start = Date.parse('2024-03-14T10:25:12');
		expect([second?.startTime, second?.endTime]).toEqual([start, start + 150_000]);
		expect(third?.runName).toBe('with, comma "quoted"');
		expect(third?.endTime).toBeNull();
	});

	it('golden, and the same runs from the file renamed', async () => {
		const files = fromNodeDir(`${FIXTURES}mlflow-ui`);
		expectGolden('csv-mlflow-ui-runs', goldenDump(await importFiles(files)));
		await expectGoldenRenamed(
			'csv-mlflow-ui-runs',
			renamed(files, (p) => p.replace(/\.csv$/, '')),
			{}
		);
	});

	it('damaged: a cut file imports the whole rows before the cut; rows without a run id are skipped', async () => {
		const text = readFileSync(`${FIXTURES}mlflow-ui/runs.csv`, 'utf8');
		const cut =
			text.slice(0, text.indexOf('\n', text.indexOf('\n') + 1) + 1) + '"2024-03-14 10:25:12","1s",""\n';
		const runs = runsOf((await importFiles([fromBytes('cut.csv', new TextEncoder().encode(cut))])).items);
		expect(runs.map((r) => r.runName)).toEqual(['elasticnet-1']);
		const header = text.slice(0, text.indexOf('\n') + 1);
		await expect(importFiles([fromBytes('empty.csv', new TextEncoder().encode(header))])).rejects.toThrow(
			/No metric values/
		);
	});
});
