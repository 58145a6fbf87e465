// Reliability item 2: kills at random moments of imports and logBatch calls. Three kinds of kill — the database
// worker terminated, the tab closed, the browser process SIGKILLed — each ≥ 50 times per CI run over the three
// operations (import of an mlruns zip, import of an mlflow.db, a series of logBatch calls), more nightly.
// After each: the same profile reopens on its stored database, integrity_check is ok, every stored run of the
// imports is whole, every batch is whole or absent (acknowledged ones present), and a new write succeeds.
import { expect, test } from '@playwright/test';
import { sized } from '../size';
import { completeOperations, type Reference } from './operations';
import { Prng } from '../prng';
import { sweepSeed } from './seed';
import { makeSources, removeSources, type SourceFiles } from './sources';
import { KillSweep, type KillKind } from './sweep';

const KILLS_PER_KIND = sized(51, 300);
// A kill cycle takes 1.5–4 s (a browser kill restarts the browser): the nightly size needs more than the default.
test.describe.configure({ timeout: sized(1_200_000, 3_600_000) });

let sources: SourceFiles;
let reference: Reference;

test.beforeAll(async () => {
	sources = makeSources();
	reference = await completeOperations(sources);
	const ms = reference.durationMs;
	console.log(
		`kills: complete operations take import zip ${ms['import zip']} ms (${reference.runIds['import zip'].length} runs), ` +
			`mlflow.db ${ms['mlflow.db']} ms (${reference.runIds['mlflow.db'].length} runs), logBatch ${ms.logBatch} ms`
	);
});

test.afterAll(() => removeSources(sources));

for (const kind of ['worker', 'page', 'browser'] as KillKind[]) {
	test(`kills of kind "${kind}" leave no corrupt database, no partial run, no partial batch`, async () => {
		const seed = sweepSeed();
		console.log(`kills: ${kind} sweep, seed ${seed} (replay with KILLS_SEED=${seed})`);
		const sweep = new KillSweep(kind, reference, sources, new Prng(seed));
		const started = Date.now();
		try {
			await sweep.open();
			await sweep.run(KILLS_PER_KIND);
		} finally {
			await sweep.close();
		}
		const f = sweep.figures;
		const total = f.kills['import zip'] + f.kills['mlflow.db'] + f.kills.logBatch;
		console.log(
			`kills: ${kind} ${total} (import zip ${f.kills['import zip']}, mlflow.db ${f.kills['mlflow.db']}, ` +
				`logBatch ${f.kills.logBatch}), ${f.corrupt} corrupt, ${f.partialRuns} partial runs, ` +
				`${f.partialBatches} partial batches`
		);
		console.log(
			`kills: ${kind} details: ${f.midOperation} of ${total} before the operation ended, ` +
				`${f.partialModels} partial logged models, ${f.lostBatches} acknowledged batches lost, ${f.failedWrites} failed writes, ` +
				`imports left none/some/all of their runs ${f.importOutcome.none}/${f.importOutcome.some}/` +
				`${f.importOutcome.all}, ${f.stragglers} stray processes, ${((Date.now() - started) / 1000).toFixed(0)} s`
		);
		for (const failure of f.failures.slice(0, 20)) console.log(`kills: FAILED ${failure}`);
		expect(total).toBeGreaterThanOrEqual(50);
		expect(f.failures).toEqual([]);
		expect({ corrupt: f.corrupt, partialRuns: f.partialRuns, partialBatches: f.partialBatches }).toEqual({
			corrupt: 0,
			partialRuns: 0,
			partialBatches: 0
		});
	});
}
