// The CSV log importer on real files: Lightning's CSVLogger output from a public repository
// (tests/fixtures/public/csv/lightning/), Keras's CSVLogger and MLflow's search_runs CSV written by the real tools
// (tests/fixtures/csv/), and shapes a person writes by hand.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import { importFiles } from './importer-golden';
import { runsOf, series, type ReadyRun } from './imported-runs';
import { fromNodeDir } from './node-files';

const LIGHTNING = fileURLToPath(
	new URL('../fixtures/public/csv/lightning/Driemann-ml-aos/lightning_logs', import.meta.url)
);
const enc = new TextEncoder();

describe('CSV importer', () => {
	it('Lightning CSVLogger: a run per version folder, sparse rows, step as x, epoch a metric, hparams.yaml as params', async () => {
		const result = await importFiles(fromNodeDir(LIGHTNING));
		expect(result.format).toBe('csv');
		const runs = runsOf(result.items);
		expect(runs.map((r) => r.runName)).toEqual(['version_0', 'version_1']);
		const experiments = result.items.flatMap((i) => (i.kind === 'experiment' ? [i.experiment.name] : []));
		expect(experiments).toEqual(['lightning_logs']);
		const v0 = runs[0] as ReadyRun;
		expect(v0.metrics.keys).toEqual(['train_rmse', 'train_loss', 'epoch', 'val_rmse', 'val_loss']);
		expect(series(v0, 'train_rmse')[0]).toEqual([49, 0.20767414569854736]);
		expect(series(v0, 'val_rmse')[0]).toEqual([150, 0.023177266120910645]);
		expect(v0.params).toEqual(
			expect.arrayContaining([
				{ key: 'batch_size', value: '256' },
				{ key: 'pin_memory', value: 'true' }
			])
		);
		expect(result.items.filter((i) => i.kind === 'warning')).toEqual([]);
	});

	it('a wide table with NA, nan, inf and text cells; a long table with a run column; separators sniffed', async () => {
		const wide = 'epoch;loss;val_loss;note\n0;0.5;NA;ok\n1;nan;inf;x\n2;0.25;-inf;\n';
		const long =
			'run,key,step,value,timestamp\na,loss,0,1.5,1700000000\na,loss,1,1.25,1700000001\nb,loss,0,2,1700000002\n';
		const result = await importFiles([
			fromBytes('logs/keras.log', enc.encode(wide)),
			fromBytes('logs/history.csv', enc.encode(long))
		]);
		const runs = runsOf(result.items);
		expect(runs.map((r) => r.runName)).toEqual(['a', 'b', 'keras']);
		const keras = runs[2] as ReadyRun;
		expect(series(keras, 'loss')).toEqual([
			[0, 0.5],
			[1, NaN],
			[2, 0.25]
		]);
		expect(series(keras, 'val_loss')).toEqual([
			[1, Infinity],
			[2, -Infinity]
		]);
		expect(keras.metrics.keys).not.toContain('note');
		expect(JSON.stringify(result.items.filter((i) => i.kind === 'warning'))).toContain(
			'2 cell(s) that are not numbers skipped'
		);
		expect((runs[0] as ReadyRun).metrics.timestamps[1]).toBe(1_700_000_001_000);
	});

	it('a runs table (MLflow search_runs, Runboard Export CSV) keeps run ids, params, metrics and tags', async () => {
		const csv = [
			'run_id,run_name,status,start_time,end_time,params.alpha,metrics.rmse,tags.team',
			'0123456789abcdef0123456789abcdef,first,FINISHED,2024-01-02T03:04:05.000Z,,0.5,0.75,ml',
			'not-an-id,second,KILLED,,,1,nan,'
		].join('\n');
		const runs = runsOf((await importFiles([fromBytes('runs.csv', enc.encode(csv))])).items);
		expect(runs.map((r) => [r.runId.length, r.runName, r.status])).toEqual([
			[32, 'first', 'FINISHED'],
			[32, 'second', 'KILLED']
		]);
		expect(runs[0]?.runId).toBe('0123456789abcdef0123456789abcdef');
		expect(runs[0]?.params).toEqual([{ key: 'alpha', value: '0.5' }]);
		expect(runs[0]?.startTime).toBe(Date.parse('2024-01-02T03:04:05.000Z'));
		expect(series(runs[1] as ReadyRun, 'rmse')).toEqual([[0, NaN]]);
	});
});

const FIXTURES = fileURLToPath(new URL('../fixtures/csv/', import.meta.url));

describe('CSV importer on files of the real writers', () => {
	it('Keras CSVLogger: NA is missing, nan kept, epoch is the step; a resumed `;` file is one run', async () => {
		const runs = runsOf((await importFiles(fromNodeDir(`${FIXTURES}keras`))).items);
		expect(runs.map((r) => r.runName)).toEqual(['resumed', 'training']);
		const training = runs[1] as ReadyRun;
		expect(series(training, 'val_loss')).toEqual([
			[1, 0.6],
			[2, 0.39999999999999997],
			[3, 0.3],
			[4, 0.24]
		]);
		expect(series(training, 'val_accuracy')[1]).toEqual([2, NaN]);
		expect(series(runs[0] as ReadyRun, 'lr').map(([s]) => s)).toEqual([0, 1, 2, 3, 4, 5]);
		expect((runs[0] as ReadyRun).metrics.keys).not.toContain('val_lr');
	});

	it("MLflow's search_runs CSV: each run with its id, params, latest metrics and tags", async () => {
		const result = await importFiles(fromNodeDir(`${FIXTURES}mlflow`));
		const runs = runsOf(result.items);
		// The runs table's rows carry MLflow's tags; the long history's run has none.
		const table = runs.filter((r) => r.tags.length > 0);
		expect(table).toHaveLength(15);
		expect(table.every((r) => /^[0-9a-f]{32}$/.test(r.runId))).toBe(true);
		const first = table[0] as ReadyRun;
		expect(first.runId).toBe('8179cf1107164471b8dab55c0fa33ac2');
		expect(first.params).toEqual(expect.arrayContaining([{ key: 'alpha', value: '0.01' }]));
		expect(series(first, 'rmse')).toEqual([[0, 61.282703118246616]]);
		// The long metric history (one run's train/rmse and val/rmse): a run per run_id value, every point with its
		// step and timestamp.
		const history = runs.filter((r) => r.tags.length === 0);
		expect(history.map((r) => r.runName)).toEqual(['6b9f4624aff8437584ee436a72f55389']);
		expect(series(history[0] as ReadyRun, 'val/rmse')).toHaveLength(30);
		expect(series(history[0] as ReadyRun, 'train/rmse')[0]).toEqual([0, 77.59241251779834]);
		expect((history[0] as ReadyRun).metrics.timestamps[0]).toBe(1_795_722_501_162);
	});
});
