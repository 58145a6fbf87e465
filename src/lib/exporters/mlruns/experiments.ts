// The experiments of an mlruns/ tree: `<id>/meta.yaml` and `<id>/tags/`, deleted ones in `.trash/<id>/` as MLflow
// keeps them, and an experiment 0 "Default" when none is exported (MLflow's client falls back to it).
import type { Experiment } from '$lib/model/types';
import type { ZipSink } from '../bundle/zip-sink';
import { keyProblem, type PushWarning } from '../mlflow-server/check';
import { MLFLOW_LIMITS } from '../mlflow-server/limits';
import { MLFLOW_EXPERIMENT_ID, metaYaml } from './text';
import { withoutClashes } from './values';

/** The zip's top folder: unzipped, `file:./mlruns` (or MLflow run from that folder's parent) reads it. */
export const MLRUNS_ROOT = 'mlruns';

const text = (s: string) => new TextEncoder().encode(s);

/** Writes the experiments MLflow accepts; each one's folder by its id. */
export function writeExperiments(
	sink: ZipSink,
	experiments: readonly Experiment[],
	warnings: PushWarning[]
): Map<string, string> {
	/** Each experiment's folder below the root: deleted experiments live in .trash/ as MLflow keeps them. */
	const folders = new Map<string, string>();
	const all = [...experiments];
	// MLflow's client falls back to experiment 0 "Default": a tree without it cannot take a new run.
	if (!all.some((e) => e.experimentId === '0' || e.name === 'Default')) all.unshift(defaultExperiment());
	for (const e of all) {
		if (!MLFLOW_EXPERIMENT_ID.test(e.experimentId)) {
			warnings.push({
				kind: 'experiment-id',
				message: `experiment id "${e.experimentId}" is not one MLflow accepts; it was not exported`
			});
			continue;
		}
		const folder = `${MLRUNS_ROOT}/${e.lifecycleStage === 'deleted' ? '.trash/' : ''}${e.experimentId}`;
		folders.set(e.experimentId, folder);
		sink.addBytes(
			`${folder}/meta.yaml`,
			text(
				metaYaml({
					artifact_location: folder,
					creation_time: e.creationTime,
					experiment_id: e.experimentId,
					last_update_time: e.lastUpdateTime,
					lifecycle_stage: e.lifecycleStage,
					name: e.name
				})
			)
		);
		for (const tag of withoutClashes(`experiment ${e.experimentId}: tag`, e.tags, warnings)) {
			const problem = keyProblem(tag.key);
			const tooLong = tag.value.length > MLFLOW_LIMITS.experimentTagValueLength;
			if (problem || tooLong) {
				const why = problem
					? problem.why
					: `has a value of ${tag.value.length} characters; MLflow allows ${MLFLOW_LIMITS.experimentTagValueLength}`;
				warnings.push({
					kind: problem?.kind ?? 'value-too-long',
					message: `experiment ${e.experimentId}: tag "${tag.key}" ${why}. It was not exported.`
				});
				continue;
			}
			sink.addBytes(`${folder}/tags/${tag.key}`, text(tag.value));
		}
	}
	return folders;
}

function defaultExperiment(): Experiment {
	return {
		experimentId: '0',
		name: 'Default',
		artifactLocation: '',
		lifecycleStage: 'active',
		creationTime: 0,
		lastUpdateTime: 0,
		tags: []
	};
}
