// "Export as mlruns (zip)" against the real MLflow 3.18: runs logged in Runboard and the real quickstart fixture are
// exported, unzipped by Python and read with the real MlflowClient (tests/interop/read_mlruns.py); every
// experiment, run, param, tag, metric point, artifact, dataset input and logged model equals what Runboard holds,
// except the values the export names as refused (here a tag over MLflow's 8,000 characters), which MLflow does not
// get at all.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openApp, test } from '../e2e/fixtures';
import { importQuickstart, logSampleRuns, type SampleRuns } from './sample-runs';
import { type Dump, type DumpedRun, dumpRunboard, normaliseDump } from './push-compare';

const PYTHON = 'tests/interop/.venv/bin/python';
const NAMES = ['runboard-exported', 'diabetes-quickstart', 'interop/edge-cases'];

/** tests/interop/lineage.py's shape: inputs and models as plain JSON, compared whole. */
type Lineage = Record<
	string,
	{ inputs: unknown[]; models: Record<string, { metrics: unknown[]; files: Record<string, string> }> }
>;

interface MlflowRead {
	experiments: Record<string, { name: string; lifecycleStage: string; tags: Record<string, string> }>;
	runs: Record<
		string,
		{
			tags: Record<string, string>;
			runs: Record<string, DumpedRun & { experimentId: string; userId: string } & Lineage[string]>;
		}
	>;
}

function python<T>(script: string, ...args: string[]): Promise<T> {
	return new Promise((resolve, reject) => {
		const py = spawn(PYTHON, [`tests/interop/${script}`, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		py.stdout.on('data', (d: Buffer) => (out += d.toString()));
		py.once('exit', (code) =>
			code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${script} exited ${code}`))
		);
	});
}

const readWithMlflow = (zip: string) => python<MlflowRead>('read_mlruns.py', zip);

/** Each run's dataset inputs and logged models as MLflow read them, for runs that have any. */
function lineageOf(read: MlflowRead): Lineage {
	const out: Lineage = {};
	for (const e of Object.values(read.runs))
		for (const [id, r] of Object.entries(e.runs))
			if (r.inputs.length || Object.keys(r.models).length) out[id] = { inputs: r.inputs, models: r.models };
	return out;
}

/** MLflow's read in the shape of Runboard's dump: experiments by name, runs by id (the export keeps run ids). */
function asDump(read: MlflowRead, names: string[]): Dump {
	const out: Dump = {};
	for (const name of names) {
		const e = read.runs[name];
		if (!e) continue;
		const runs: Dump[string]['runs'] = {};
		for (const [id, run] of Object.entries(e.runs)) {
			const copy: Partial<typeof run> = { ...run };
			delete copy.experimentId;
			delete copy.userId;
			delete copy.inputs;
			delete copy.models;
			runs[id] = copy as DumpedRun;
		}
		out[name] = { tags: e.tags, runs };
	}
	return normaliseDump(out);
}

/** Runs logged through the page API, see sample-runs.ts. */
const SAMPLE: SampleRuns = {
	experiment: 'runboard-exported',
	heading: '# Exported',
	lossKey: 'train/loss',
	lossSteps: 500,
	odd: [NaN, Infinity, -Infinity, 0.1, 1e-300],
	firstOddStep: -1,
	unicodeValue: 'välue ✓',
	deletedRunName: "gone: 'yes'\n\t#2 \u0085 ü \u{1F642}"
};

test('an mlruns export reads back through MlflowClient value for value; refused values are named, not sent', async ({
	page
}) => {
	test.setTimeout(600_000);
	const dir = mkdtempSync(join(tmpdir(), 'runboard-mlruns-out-'));
	await openApp(page);
	await logSampleRuns(page, SAMPLE);
	await importQuickstart(page);
	const held = normaliseDump(await dumpRunboard(page, NAMES));
	// The 9,000-character description is over MLflow's 8,000 for run tags: named in the warnings, left out.
	const child = Object.entries(held['runboard-exported']!.runs).find(([, r]) => r.runName === 'child')!;
	delete held['runboard-exported']!.runs[child[0]]!.tags['mlflow.note.content'];

	// Everything, through the API; and what Runboard holds of dataset inputs and logged models, as a run bundle.
	const all = await page.evaluate(async () => {
		const base64 = async (blob: Blob) => {
			let text = '';
			for (const b of new Uint8Array(await blob.arrayBuffer())) text += String.fromCharCode(b);
			return btoa(text);
		};
		const { blob, warnings } = await window.runboard.exportMlruns();
		return { zip: await base64(blob), warnings, bundle: await base64(await window.runboard.exportBundle()) };
	});
	expect(all.warnings.map((w) => w.message)).toEqual([
		`run ${child[0].slice(0, 8)}: tag "mlflow.note.content" has a value of 9000 characters; MLflow allows 8000. It was not exported.`
	]);
	writeFileSync(join(dir, 'all.mlruns.zip'), Buffer.from(all.zip, 'base64'));
	writeFileSync(join(dir, 'all.runboard.zip'), Buffer.from(all.bundle, 'base64'));
	const read = await readWithMlflow(join(dir, 'all.mlruns.zip'));
	expect(asDump(read, NAMES)).toEqual(held);

	// Dataset inputs (name, digest, source, schema, profile, context) and logged models (name, status, source run,
	// params, tags, metrics, files) as MLflow reads them equal Runboard's; MLflow's file store gives back the latest
	// point of each model metric, so that is what is compared of those.
	const lineage = lineageOf(read);
	const heldLineage = await python<Lineage>('lineage.py', join(dir, 'all.runboard.zip'), '--latest');
	for (const [id, l] of Object.entries(heldLineage))
		if (!l.inputs.length && !Object.keys(l.models).length) delete heldLineage[id];
	expect(lineage).toEqual(heldLineage);
	const models = Object.values(lineage).flatMap((l) => Object.values(l.models));
	expect([Object.values(lineage).flatMap((l) => l.inputs).length, models.length]).toEqual([27, 13]);
	expect(models.every((m) => m.metrics.length > 0 && Object.keys(m.files).includes('MLmodel'))).toBe(true);
	// Not a comparison of empty dumps: every run, the deleted ones, the points and the files are there.
	expect(NAMES.map((n) => Object.keys(read.runs[n]?.runs ?? {}).length)).toEqual([3, 15, 14]);
	expect(Object.keys(read.runs['deleted-experiment']?.runs ?? {})).toHaveLength(1);
	// Who ran it (not in the dump above): the quickstart's user.
	expect(new Set(Object.values(read.runs['diabetes-quickstart']!.runs).map((r) => r.userId))).toEqual(
		new Set(['root'])
	);
	const trained = Object.values(read.runs['runboard-exported']!.runs).find((r) => r.runName === 'trained');
	expect(trained?.history['train/loss']).toHaveLength(500);
	expect(trained?.history.odd?.map((p) => p[2])).toEqual(['NaN', 'Infinity', '-Infinity', 0.1, 1e-300]);
	expect(Object.keys(trained?.files ?? {}).sort()).toEqual(['data/bytes.bin', 'notes/hello.txt']);
	const experiments = Object.values(read.experiments).map((e) => [e.name, e.lifecycleStage]);
	expect(experiments).toContainEqual(['deleted-experiment', 'deleted']);
	expect(experiments).toContainEqual(['runboard-exported', 'active']);

	// One experiment, through its page's button: the download is an mlruns tree MLflow reads the same way.
	const id = await page.evaluate(
		async () => (await window.runboard.getExperimentByName('runboard-exported'))?.experimentId
	);
	await openApp(page, `experiments/${id}/`);
	const download = page.waitForEvent('download');
	await page.getByTestId('export-mlruns').click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('runboard-exported.mlruns.zip');
	await file.saveAs(join(dir, 'one.mlruns.zip'));
	await expect(page.getByTestId('export-warnings')).toContainText('has a value of 9000 characters');
	const one = await readWithMlflow(join(dir, 'one.mlruns.zip'));
	expect(Object.keys(one.runs).sort()).toEqual(['Default', 'runboard-exported']);
	// The page exports the runs it shows: the deleted run is not among them.
	const shown = structuredClone(held['runboard-exported']!);
	for (const [runId, r] of Object.entries(shown.runs))
		if (r.lifecycleStage === 'deleted') delete shown.runs[runId];
	expect(asDump(one, ['runboard-exported'])).toEqual({ 'runboard-exported': shown });
});
