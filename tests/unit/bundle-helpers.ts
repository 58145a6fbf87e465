// Test helpers (Node only) for run bundles: random runs logged through the real API, and a database's whole
// content as plain data (experiments by name, runs by id with every point, artifact hashes and logged models),
// so two databases can be compared value for value. Experiment ids and times are left out: an import merges
// experiments by name into the ids and times of the database it writes to.
import { createHash } from 'node:crypto';
import type { DbApi } from '$lib/api/db-api';
import type { RunboardClient } from '$lib/client/runboard';
import { exportBundle } from '$lib/client/export-bundle';
import { Prng } from '../reliability/prng';

const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 1e-300, -1.5e308, 5e-324];
const KEY_PARTS = ['loss', 'val/acc', 'λ', 'точность', '損失', 'emoji 🙂', 'a b', 'x.y-z_1'];

/** Runs with random points (NaN, ±Infinity, −0 among them), unicode keys, artifacts (one over 1 MiB), nested runs and deleted ones. */
export async function logRandomRuns(client: RunboardClient, seed: number): Promise<string[]> {
	const prng = new Prng(seed);
	const experiments = [
		await client.createExperiment(`exp-${seed}-α`, { 'mlflow.note.content': 'notes **here**' }),
		await client.createExperiment(`exp-${seed}-β`)
	];
	const ids: string[] = [];
	for (let r = 0; r < 6; r++) {
		const run = await client.createRun({
			experimentId: prng.pick(experiments),
			runName: `run ${r} ${prng.pick(KEY_PARTS)}`,
			startTime: 1_700_000_000_000 + prng.int(1e6),
			tags: r > 0 && prng.chance(0.5) ? { 'mlflow.parentRunId': prng.pick(ids) } : {}
		});
		const id = run.info.runId;
		const metrics = [];
		const keys = [prng.pick(KEY_PARTS), `${prng.pick(KEY_PARTS)}/${r}`];
		const n = prng.int(300);
		for (let i = 0; i < n; i++) {
			const value = prng.chance(0.2) ? prng.pick(SPECIAL) : (prng.next() - 0.5) * 10 ** prng.int(12);
			metrics.push({ key: prng.pick(keys), value, step: prng.int(50) - 1, timestamp: 1_700_000_000_000 + i });
		}
		await client.logBatch(id, {
			metrics,
			params: { alpha: String(prng.next()), 'ключ 🙂': 'значение' },
			tags: { 'mlflow.note.content': `# run ${r}` }
		});
		const bytes = new Uint8Array(r === 0 ? 1_200_000 : prng.int(5000)).map(() => prng.int(256));
		await client.logArtifact(id, r === 0 ? 'model/weights.bin' : `files/${r}/data ü.bin`, new Blob([bytes]));
		await client.logArtifact(id, 'notes.txt', `run ${r} ✓`);
		if (prng.chance(0.3))
			await client.setTerminated(id, prng.pick(['FINISHED', 'FAILED', 'KILLED']), 1_800_000_000_000);
		if (r > 0 && prng.chance(0.3)) await client.deleteRun(id);
		ids.push(id);
	}
	return ids;
}

const num = (x: number) => (Object.is(x, -0) ? '-0' : Number.isFinite(x) ? x : String(x));

/** Everything a bundle should carry, as plain comparable data. */
export async function databaseContent(api: DbApi): Promise<unknown> {
	const experiments = await api.searchExperiments({ viewType: 'ALL', maxResults: 50_000 });
	const nameOf = new Map(experiments.map((e) => [e.experimentId, e.name]));
	const { runs } = await api.searchRuns({
		experimentIds: experiments.map((e) => e.experimentId),
		runViewType: 'ALL',
		maxResults: 50_000
	});
	const out = [];
	for (const id of runs.map((r) => r.info.runId).sort()) {
		const record = await api.getRunRecord(id);
		const { experimentId, ...info } = record.info;
		const m = record.metrics;
		const points = Array.from(m.values, (v, i) => [
			m.keys[m.keyIndex[i] as number],
			m.steps[i],
			m.timestamps[i],
			num(v)
		]);
		const files = [];
		for (const a of record.artifacts) {
			const bytes = new Uint8Array(await (await api.getArtifact({ runId: id }, a.path)).arrayBuffer());
			files.push([a.path, a.size, createHash('sha256').update(bytes).digest('hex')]);
		}
		const models = [];
		for (const model of record.loggedModels) {
			const modelFiles = [];
			for (const a of model.artifacts) {
				const bytes = new Uint8Array(
					await (await api.getArtifact({ modelId: model.modelId }, a.path)).arrayBuffer()
				);
				modelFiles.push([a.path, createHash('sha256').update(bytes).digest('hex')]);
			}
			const { experimentId: modelExperiment, metrics, ...fields } = model;
			models.push({
				...fields,
				experiment: nameOf.get(modelExperiment),
				metrics: metrics.map((x) => ({ ...x, value: num(x.value) })),
				artifacts: modelFiles
			});
		}
		out.push({
			...info,
			experiment: nameOf.get(experimentId),
			params: record.params,
			tags: record.tags,
			inputs: record.inputs,
			points,
			files,
			models
		});
	}
	return {
		experiments: experiments
			.map((e) => ({ name: e.name, stage: e.lifecycleStage, location: e.artifactLocation, tags: e.tags }))
			.sort((a, b) => (a.name < b.name ? -1 : 1)),
		runs: out
	};
}

/** The whole database as a bundle, as a file a user would drop. */
export async function bundleOf(api: DbApi, request: unknown = undefined): Promise<Blob> {
	return (await exportBundle(api, request)).blob;
}
