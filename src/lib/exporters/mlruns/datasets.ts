// A run's dataset inputs in an mlruns/ tree, as MLflow 3's FileStore.log_inputs writes them: the dataset once per
// experiment in `<experiment>/datasets/<md5(name + digest)>/meta.yaml`, and the run's link to it in
// `<run>/inputs/<md5(dataset id + run id)>/meta.yaml` with the input's tags (Runboard keeps one:
// mlflow.data.context, the split the run used it for).
import type { DatasetInput } from '$lib/model/types';
import type { PushWarning } from '../mlflow-server/check';
import { DATASET_CONTEXT_TAG } from '../mlflow-server/lineage';
import { md5Hex } from './md5';
import { metaYaml, scalar } from './text';

export interface InputFile {
	path: string;
	text: string;
}

/**
 * The files of one run's inputs. `written` holds each dataset folder already in the zip with its fields: MLflow
 * keeps one dataset per name and digest in an experiment, so a run whose dataset of that name and digest differs
 * in another field reads the first one back, and the report says so.
 */
export function runInputFiles(
	experimentFolder: string,
	runFolder: string,
	runId: string,
	inputs: readonly DatasetInput[],
	written: Map<string, string>,
	warnings: PushWarning[]
): InputFile[] {
	const files: InputFile[] = [];
	for (const input of inputs) {
		const datasetId = md5Hex(input.name + input.digest);
		const datasetFolder = `${experimentFolder}/datasets/${datasetId}`;
		const meta = metaYaml({
			digest: input.digest,
			name: input.name,
			profile: input.profile,
			schema: input.schema,
			source: input.source,
			source_type: input.sourceType
		});
		const held = written.get(datasetFolder);
		if (held === undefined) {
			written.set(datasetFolder, meta);
			files.push({ path: `${datasetFolder}/meta.yaml`, text: meta });
		} else if (held !== meta) {
			warnings.push({
				kind: 'dataset-differs',
				message: `run ${runId.slice(0, 8)}: dataset "${input.name}" (digest ${input.digest}) differs from another run's dataset of the same name and digest in its source, schema or profile; MLflow keeps one per experiment, so this run reads the other one's.`,
				runId
			});
		}
		const inputId = md5Hex(datasetId + runId);
		const path = `${runFolder}/inputs/${inputId}/meta.yaml`;
		if (files.some((f) => f.path === path)) {
			warnings.push({
				kind: 'input-repeated',
				message: `run ${runId.slice(0, 8)}: dataset "${input.name}" (digest ${input.digest}) is an input twice; MLflow keeps one input per dataset and run, the first (context "${context(inputs, input)}").`,
				runId
			});
			continue;
		}
		files.push({ path, text: inputMeta(datasetId, input.context) });
	}
	return files;
}

function context(inputs: readonly DatasetInput[], input: DatasetInput): string {
	return inputs.find((i) => i.name === input.name && i.digest === input.digest)?.context ?? '';
}

/** MLflow writes the dataset's id as destination_id too (its own quirk); its reader only looks at source_id. */
function inputMeta(datasetId: string, context: string): string {
	const tags =
		context === '' ? 'tags: {}\n' : `tags:\n  ${scalar(DATASET_CONTEXT_TAG)}: ${scalar(context)}\n`;
	return (
		metaYaml({
			destination_id: datasetId,
			destination_type: 'RUN',
			source_id: datasetId,
			source_type: 'DATASET'
		}) + tags
	);
}
