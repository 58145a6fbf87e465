// Runs as an mlruns/ tree in a zip, the folder layout MLflow's FileStore reads (docs/formats.md §1): records in,
// a zip Blob out, run by run through the bundle's zip sink, so only one run's points and one artifact are held at
// once. Experiments first (experiments.ts); each run brings its dataset inputs (datasets.ts) and the logged
// models it is the source of (models.ts).
// Values MLflow cannot store (keys it refuses or that are no file name, values over its limits, a metric point
// whose step or time is no integer) are left out and named in the warnings; nothing is cut or renamed.
import type { ArtifactRoot, LoggedModelRecord, RunRecord } from '$lib/api/db-api';
import type { Experiment } from '$lib/model/types';
import { ZipSink } from '../bundle/zip-sink';
import { safeFileName } from '../file-name';
import { checkForServer, type PushWarning } from '../mlflow-server/check';
import { runInputFiles } from './datasets';
import { writeExperiments } from './experiments';
import { loggedModelFiles } from './models';
import { STATUS_NUMBER, metaYaml, metricLine } from './text';
import { metricsByKey, withoutClashes } from './values';

export type MlrunsWarning = PushWarning;

export interface MlrunsInput {
	experiments: readonly Experiment[];
	runs: AsyncIterable<RunRecord>;
	readArtifact: (root: ArtifactRoot, path: string) => Promise<Blob>;
}

export interface MlrunsOutput {
	blob: Blob;
	warnings: MlrunsWarning[];
	counts: {
		experiments: number;
		runs: number;
		/** Of runs; a logged model's points are not counted here. */
		metricPoints: number;
		/** Of runs and of logged models. */
		artifacts: number;
		datasetInputs: number;
		loggedModels: number;
	};
}

export { MLRUNS_ROOT } from './experiments';
/** Written beside the tree when anything was left out, so the reader of the zip sees it too. */
export const WARNINGS_FILE = 'runboard-export-warnings.txt';

const text = (s: string) => new TextEncoder().encode(s);
const EMPTY = new Uint8Array(0);

export async function writeMlruns(input: MlrunsInput): Promise<MlrunsOutput> {
	const sink = new ZipSink();
	const warnings: MlrunsWarning[] = [];
	const counts = {
		experiments: 0,
		runs: 0,
		metricPoints: 0,
		artifacts: 0,
		datasetInputs: 0,
		loggedModels: 0
	};
	const folders = writeExperiments(sink, input.experiments, warnings);
	counts.experiments = folders.size;
	/** Dataset folders already written, with their meta.yaml (one per name and digest in an experiment). */
	const datasets = new Map<string, string>();
	async function addModel(model: LoggedModelRecord): Promise<void> {
		const experimentFolder = folders.get(model.experimentId);
		const files = experimentFolder === undefined ? null : loggedModelFiles(experimentFolder, model, warnings);
		if (experimentFolder === undefined)
			warnings.push({
				kind: 'experiment-id',
				message: `logged model ${model.modelId.slice(0, 40)}: its experiment was not exported`,
				runId: model.sourceRunId ?? undefined
			});
		if (!files) return;
		for (const f of files.texts) sink.addBytes(f.path, text(f.text));
		const folder = `${experimentFolder}/models/${model.modelId}`;
		for (const sub of ['metrics', 'params', 'tags', 'artifacts']) sink.addBytes(`${folder}/${sub}/`, EMPTY);
		for (const file of files.artifacts) {
			await sink.addBlob(file.to, await input.readArtifact({ modelId: model.modelId }, file.from));
			counts.artifacts++;
		}
		counts.loggedModels++;
	}
	for await (const record of input.runs) {
		const { info } = record;
		const experimentFolder = folders.get(info.experimentId);
		if (experimentFolder === undefined) {
			warnings.push({
				kind: 'experiment-id',
				message: `run ${info.runId}: its experiment was not exported`,
				runId: info.runId
			});
			continue;
		}
		const folder = `${experimentFolder}/${info.runId}`;
		const series = metricsByKey(record.metrics, info.runId, warnings);
		const checked = checkForServer(
			info.runId,
			{ params: record.params, tags: record.tags, metricKeys: [...series.keys()] },
			'exported'
		);
		warnings.push(...checked.warnings);
		sink.addBytes(
			`${folder}/meta.yaml`,
			text(
				metaYaml({
					artifact_uri: `${folder}/artifacts`,
					end_time: info.endTime,
					entry_point_name: '',
					experiment_id: info.experimentId,
					lifecycle_stage: info.lifecycleStage,
					run_id: info.runId,
					run_name: info.runName,
					run_uuid: info.runId,
					source_name: '',
					source_type: 4,
					source_version: '',
					start_time: info.startTime,
					status: STATUS_NUMBER[info.status],
					user_id: info.userId
				})
			)
		);
		// MLflow's FileStore takes a folder for a run only when metrics/, params/ and artifacts/ are there, empty or not.
		for (const sub of ['metrics', 'params', 'tags', 'artifacts']) sink.addBytes(`${folder}/${sub}/`, EMPTY);
		const runLabel = `run ${info.runId.slice(0, 8)}`;
		for (const p of withoutClashes(`${runLabel}: param`, checked.params, warnings))
			sink.addBytes(`${folder}/params/${p.key}`, text(p.value));
		for (const t of withoutClashes(`${runLabel}: tag`, checked.tags, warnings))
			sink.addBytes(`${folder}/tags/${t.key}`, text(t.value));
		const metricKeys = [...series.keys()].filter((k) => !checked.refusedMetricKeys.has(k));
		for (const { key } of withoutClashes(
			`${runLabel}: metric`,
			metricKeys.map((key) => ({ key, value: '' })),
			warnings
		)) {
			const lines = series.get(key) ?? [];
			sink.addBytes(
				`${folder}/metrics/${key}`,
				text(lines.map((p) => metricLine(p.timestamp, p.value, p.step)).join(''))
			);
			counts.metricPoints += lines.length;
		}
		for (const file of record.artifacts) {
			if (file.isDir) continue;
			await sink.addBlob(
				`${folder}/artifacts/${file.path}`,
				await input.readArtifact({ runId: info.runId }, file.path)
			);
			counts.artifacts++;
		}
		for (const f of runInputFiles(experimentFolder, folder, info.runId, record.inputs, datasets, warnings))
			sink.addBytes(f.path, text(f.text));
		counts.datasetInputs += record.inputs.length;
		for (const model of record.loggedModels) await addModel(model);
		counts.runs++;
	}
	if (warnings.length > 0) sink.addBytes(WARNINGS_FILE, text(warnings.map((w) => `${w.message}\n`).join('')));
	return { blob: sink.finish(), warnings, counts };
}

/** The download's name: `<what>.mlruns.zip`. */
export function mlrunsFileName(what: string): string {
	return safeFileName(what, 'mlruns.zip');
}
