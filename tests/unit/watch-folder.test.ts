// Following a folder (src/lib/watch/): a first look imports it, later looks import only the run folders whose
// files changed, over the real sqlite-wasm database; appended metric lines arrive without duplicates, a new run
// appears, a Lightning version folder is imported again, and a file that went away or cannot be read is a warning.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffFolder, filesToReimport, runFolderOf } from '$lib/watch/changes';
import { FolderFollower } from '$lib/watch/follow';
import { createTestDb, rejection } from './harness';
import { experimentMeta, MemoryFolder, metricLines, runMeta } from './watch-folder-files';

const EXP = '1';
const RUN_A = 'a'.repeat(32);
const RUN_B = 'b'.repeat(32);
const runPath = (run: string, rest: string) => `${EXP}/${run}/${rest}`;

function trainingFolder(): MemoryFolder {
	const folder = new MemoryFolder('mlruns');
	folder.write(`${EXP}/meta.yaml`, experimentMeta(EXP, 'live'));
	folder.write(runPath(RUN_A, 'meta.yaml'), runMeta(EXP, RUN_A, 'first'));
	folder.write(
		runPath(RUN_A, 'metrics/loss'),
		metricLines([
			[0, 1],
			[1, 0.5]
		])
	);
	folder.write(runPath(RUN_A, 'params/lr'), '0.1');
	return folder;
}

async function follow(folder: MemoryFolder) {
	const { client } = await createTestDb();
	const follower = new FolderFollower(
		folder.handle,
		(entries) => client.importFiles(entries),
		(runId, key, bytes) => client.appendMetricLines(runId, key, bytes)
	);
	const points = async (runId: string, key = 'loss') =>
		(await client.getMetricHistory(runId, key)).map((m) => [m.step, m.value]);
	return { client, follower, points };
}

describe('what changed in a folder', () => {
	it('tells new, grown and touched files from unchanged and removed ones', () => {
		const before = new Map([
			['a', { size: 1, lastModified: 1 }],
			['b', { size: 1, lastModified: 1 }],
			['c', { size: 1, lastModified: 1 }]
		]);
		const after = new Map([
			['a', { size: 1, lastModified: 1 }],
			['b', { size: 2, lastModified: 1 }],
			['d', { size: 1, lastModified: 1 }]
		]);
		expect(diffFolder(before, after)).toEqual({ changed: ['b', 'd'], removed: ['c'] });
	});

	it('finds an MLflow run by its meta.yaml, other logs by their folder, and adds the experiment meta.yaml', () => {
		const paths = new Set([
			'm/1/meta.yaml',
			'm/1/r/meta.yaml',
			'm/1/r/metrics/a/b',
			'm/1/s/meta.yaml',
			'm/1/s/params/p'
		]);
		expect(runFolderOf('m/1/r/metrics/a/b', paths)).toBe('m/1/r');
		expect(runFolderOf('logs/v0/metrics.csv', new Set(['logs/v0/metrics.csv']))).toBe('logs/v0');
		expect(filesToReimport(['m/1/r/metrics/a/b'], paths)).toEqual([
			'm/1/meta.yaml',
			'm/1/r/meta.yaml',
			'm/1/r/metrics/a/b'
		]);
		// An experiment's own meta.yaml changed: its whole folder, every run in it.
		expect(filesToReimport(['m/1/meta.yaml', 'm/1/r/metrics/a/b'], paths)).toEqual([...paths].sort());
	});
});

describe('following a folder', () => {
	it('imports the folder, then appended metric lines and new runs, each point once', async () => {
		const folder = trainingFolder();
		const { client, follower, points } = await follow(folder);

		const first = await follower.look();
		expect(first.report?.runsAdded).toBe(1);
		expect(await points(RUN_A)).toEqual([
			[0, 1],
			[1, 0.5]
		]);

		// Nothing changed: nothing is imported.
		expect((await follower.look()).imported).toEqual([]);

		await folder.append(
			runPath(RUN_A, 'metrics/loss'),
			metricLines([
				[2, 0.25],
				[3, 0.125]
			])
		);
		folder.write(runPath(RUN_B, 'meta.yaml'), runMeta(EXP, RUN_B, 'second'));
		folder.write(runPath(RUN_B, 'metrics/loss'), metricLines([[0, 9]]));
		const grown = await follower.look();
		// The appended lines were read by themselves (2 points); only the new run was imported.
		expect(grown.appendedPoints).toBe(2);
		expect(grown.report).toMatchObject({ runsAdded: 1, runsUpdated: 0 });
		expect(grown.imported.every((p) => !p.includes(RUN_A))).toBe(true);
		expect(await points(RUN_A)).toEqual([
			[0, 1],
			[1, 0.5],
			[2, 0.25],
			[3, 0.125]
		]);
		expect(await points(RUN_B)).toEqual([[0, 9]]);

		// Status and params change: the run is read again and replaced, not duplicated.
		folder.write(runPath(RUN_A, 'meta.yaml'), runMeta(EXP, RUN_A, 'first', 3));
		folder.write(runPath(RUN_A, 'params/batch'), '32');
		await follower.look();
		const run = await client.getRun(RUN_A);
		expect(run.info.status).toBe('FINISHED');
		expect(run.data.params.map((p) => p.key).sort()).toEqual(['batch', 'lr']);
		const experiment = await client.getExperimentByName('live');
		const { runs } = await client.searchRuns({ experimentIds: [experiment!.experimentId] });
		expect(runs.map((r) => r.info.runId).sort()).toEqual([RUN_A, RUN_B]);
	});

	it('reads only the appended bytes of a metric file, an unfinished last line when it is finished', async () => {
		const folder = trainingFolder();
		const { follower, points } = await follow(folder);
		await follower.look();
		const loss = runPath(RUN_A, 'metrics/loss');
		await folder.append(loss, '1700000000002 0.2');
		const unfinished = await follower.look();
		expect(unfinished).toMatchObject({ appendedPoints: 0, imported: [] });
		expect(await points(RUN_A)).toEqual([
			[0, 1],
			[1, 0.5]
		]);
		await folder.append(loss, '5 2\nnot a line\n1700000000003 0.1 3\n');
		const finished = await follower.look();
		expect(finished).toMatchObject({ appendedPoints: 2, imported: [] });
		expect(finished.warnings).toEqual([
			`mlruns/${loss}: appended line 2 'not a line': timestamp 'not' is not an integer`
		]);
		expect(await points(RUN_A)).toEqual([
			[0, 1],
			[1, 0.5],
			[2, 0.25],
			[3, 0.1]
		]);
	});

	it('imports a run again when an append cannot be stored by itself (a file that shrank)', async () => {
		const folder = trainingFolder();
		const { follower, points } = await follow(folder);
		await follower.look();
		folder.write(runPath(RUN_A, 'metrics/loss'), metricLines([[0, 7]]));
		const rewritten = await follower.look();
		expect(rewritten.report).toMatchObject({ runsUpdated: 1 });
		expect(await points(RUN_A)).toEqual([[0, 7]]);
	});

	it('reads only the run folders that changed', async () => {
		const folder = trainingFolder();
		folder.write(runPath(RUN_B, 'meta.yaml'), runMeta(EXP, RUN_B, 'second'));
		folder.write(runPath(RUN_B, 'metrics/loss'), metricLines([[0, 9]]));
		const { follower } = await follow(folder);
		await follower.look();
		folder.write(runPath(RUN_B, 'params/lr'), '0.2');
		const outcome = await follower.look();
		expect(outcome.imported).toEqual([
			`mlruns/${runPath(RUN_B, 'meta.yaml')}`,
			`mlruns/${runPath(RUN_B, 'metrics/loss')}`,
			`mlruns/${runPath(RUN_B, 'params/lr')}`,
			`mlruns/${EXP}/meta.yaml`
		]);
		expect(outcome.report).toMatchObject({ runsUpdated: 1, runsAdded: 0, runsWritten: 1 });
	});

	it('warns about a file that went away or cannot be read, keeps what was imported, and goes on', async () => {
		const folder = trainingFolder();
		const { follower, points } = await follow(folder);
		await follower.look();

		folder.unreadable.add(runPath(RUN_A, 'params/lr'));
		const locked = await follower.look();
		expect(locked.warnings).toEqual([
			expect.stringMatching(
				/^mlruns\/1\/a+\/params\/lr could not be read \(NotFoundError: .*\); it is tried again/
			)
		]);

		folder.remove(runPath(RUN_A, 'metrics/loss'));
		const gone = await follower.look();
		expect(gone.warnings).toContain(
			`mlruns/${runPath(RUN_A, 'metrics/loss')} is gone; what was imported from it stays.`
		);
		expect(await points(RUN_A)).toEqual([
			[0, 1],
			[1, 0.5]
		]);

		folder.unreadable.clear();
		folder.write(runPath(RUN_A, 'metrics/acc'), metricLines([[0, 0.5]]));
		const back = await follower.look();
		expect(back.warnings).toEqual([]);
		expect(await points(RUN_A, 'acc')).toEqual([[0, 0.5]]);
	});

	it('a broken file is a warning once, read again only when it changes', async () => {
		const folder = new MemoryFolder('logs');
		folder.write('notes.txt', 'not a log');
		const { follower } = await follow(folder);
		const first = await follower.look();
		expect(first.warnings).toEqual([expect.stringMatching(/^Reading 1 changed files failed: /)]);
		expect((await follower.look()).imported).toEqual([]);
	});
});

describe('appendMetricLines', () => {
	it('refuses a run that is not stored, a bad key and bytes that are not bytes', async () => {
		const { client } = await createTestDb();
		const line = new TextEncoder().encode('1 0.5 0\n');
		expect(await rejection(client.appendMetricLines('c'.repeat(32), 'loss', line))).toMatchObject({
			code: 'NOT_FOUND'
		});
		expect(await rejection(client.appendMetricLines('c'.repeat(32), '', line))).toMatchObject({
			code: 'INVALID_ARGUMENT'
		});
		expect(
			await rejection(client.appendMetricLines('c'.repeat(32), 'loss', 'x' as unknown as Uint8Array))
		).toMatchObject({ code: 'INVALID_ARGUMENT' });
	});
});

describe('following a Lightning CSVLogger folder', () => {
	const LOGS = fileURLToPath(
		new URL('../fixtures/public/csv/lightning/Driemann-ml-aos/lightning_logs/', import.meta.url)
	);

	it('imports a version folder again when rows are appended: the same runs, the new row read', async () => {
		const folder = new MemoryFolder('lightning_logs');
		for (const version of ['version_0', 'version_1'])
			for (const name of ['hparams.yaml', 'metrics.csv'])
				folder.write(`${version}/${name}`, readFileSync(`${LOGS}${version}/${name}`, 'utf8'));
		const { client, follower } = await follow(folder);
		const stored = async () => {
			const experiments = await client.searchExperiments();
			const { runs } = await client.searchRuns({ experimentIds: experiments.map((e) => e.experimentId) });
			const losses = await Promise.all(
				runs.map(async (r) => (await client.getMetricHistory(r.info.runId, 'train_loss')).length)
			);
			return { runs: runs.length, trainLoss: losses.reduce((a, b) => a + b, 0) };
		};
		expect((await follower.look()).report?.runsAdded).toBe(2);
		const before = await stored();
		expect(before.runs).toBe(2);

		await folder.append('version_1/metrics.csv', '0.01,0.0001,99,99999,,\n');
		const grown = await follower.look();
		expect(grown.imported).toEqual([
			'lightning_logs/version_1/hparams.yaml',
			'lightning_logs/version_1/metrics.csv'
		]);
		expect(grown.report).toMatchObject({ runsAdded: 0, runsUpdated: 1 });
		expect(await stored()).toEqual({ runs: 2, trainLoss: before.trainLoss + 1 });
	});
});

describe('following a TensorBoard log folder', () => {
	const RAW = fileURLToPath(
		new URL(
			'../fixtures/public/tensorboard/HumanCompatibleAI-imitation/gail/cartpole_0/n_expert_demos_1/raw/',
			import.meta.url
		)
	);
	const GEN = `${RAW}gen/events.out.tfevents.1630642253.puffin.2683740.1`;
	const DISC = `${RAW}disc/events.out.tfevents.1630642253.puffin.2683740.2`;

	/** The byte offset after the first `count` TFRecords (8-byte length, 4-byte CRC, data, 4-byte CRC). */
	function afterRecords(bytes: Uint8Array, count: number): number {
		let at = 0;
		for (let i = 0; i < count; i++)
			at += 16 + Number(new DataView(bytes.buffer, bytes.byteOffset + at).getBigUint64(0, true));
		return at;
	}

	it('imports a run folder again when records are appended to its event file, as a fresh import reads it', async () => {
		const gen = new Uint8Array(readFileSync(GEN));
		const folder = new MemoryFolder('logs');
		folder.files.set('disc/events.out.tfevents.1', new File([new Uint8Array(readFileSync(DISC))], 'x'));
		const half = afterRecords(gen, 20);
		folder.files.set(
			'gen/events.out.tfevents.1',
			new File([gen.subarray(0, half)], 'x', { lastModified: 1 })
		);
		const { follower } = await follow(folder);
		const first = await follower.look();
		expect(first.report?.runsAdded).toBe(2);

		folder.files.set('gen/events.out.tfevents.1', new File([gen], 'x', { lastModified: 2 }));
		const grown = await follower.look();
		expect(grown.imported).toEqual(['logs/gen/events.out.tfevents.1']);
		expect(grown.report).toMatchObject({ runsAdded: 0, runsUpdated: 1 });

		const whole = new MemoryFolder('logs');
		whole.files.set('gen/events.out.tfevents.1', new File([gen], 'x'));
		const fresh = await (await follow(whole)).follower.look();
		expect(grown.report?.metricPoints).toBe(fresh.report?.metricPoints);
		expect(grown.report?.metricPoints).toBeGreaterThan(0);
	});
});
