// The pure half of pushing a run's dataset inputs (runs/log-inputs) and the logged models it is the source of
// (logged-models/*): what MLflow refuses (mlflow/utils/validation.py of 3.x), what a server copy already holds,
// and the names its REST API uses. The calls are the database worker's (workers/db/push/push-lineage.ts).
import type { DatasetInput } from '../../model/types';
import type { PushWarning } from './check';

/** The tag that holds Runboard's model id on the server's copy: how a second push finds it instead of making one. */
export const SOURCE_MODEL_TAG = 'runboard.source_model_id';
/** MLflow's tag on a run input naming what the dataset was used for. */
export const DATASET_CONTEXT_TAG = 'mlflow.data.context';

/** MLflow's limits on a dataset and an input tag's value, in characters. */
const DATASET_LIMITS = {
	name: 500,
	digest: 36,
	source: 65_535,
	schema: 1_048_575,
	profile: 16_777_215,
	context: 500
} as const;
/** runs/log-inputs: datasets per call, and the body size the push aims to stay under (as for log-batch). */
export const INPUTS_PER_CALL = 1000;
const INPUT_BYTES_PER_CALL = 900_000;

/** Runboard's model status and the LoggedModelStatus names of MLflow's REST API. */
const STATUS_WIRE: Record<string, string> = {
	UNSPECIFIED: 'LOGGED_MODEL_STATUS_UNSPECIFIED',
	PENDING: 'LOGGED_MODEL_PENDING',
	READY: 'LOGGED_MODEL_READY',
	FAILED: 'LOGGED_MODEL_UPLOAD_FAILED'
};

export function modelStatusOnWire(status: string): string | undefined {
	return STATUS_WIRE[status];
}

/** The search filter that finds the server's copy of a Runboard logged model. */
export function sourceModelFilter(modelId: string): string {
	return `tags.\`${SOURCE_MODEL_TAG}\` = '${modelId.replace(/'/g, "\\'")}'`;
}

/** A dataset input as runs/log-inputs takes it. */
export interface WireInput {
	tags: { key: string; value: string }[];
	dataset: {
		name: string;
		digest: string;
		source_type: string;
		source: string;
		schema: string;
		profile: string;
	};
}

export function wireInput(input: DatasetInput): WireInput {
	return {
		tags: input.context === '' ? [] : [{ key: DATASET_CONTEXT_TAG, value: input.context }],
		dataset: {
			name: input.name,
			digest: input.digest,
			source_type: input.sourceType,
			source: input.source,
			schema: input.schema,
			profile: input.profile
		}
	};
}

/** What the server's copy of a run holds of a dataset input. */
export interface HeldInput {
	name: string;
	digest: string;
	context: string;
}

/**
 * The inputs to send: those MLflow accepts and the server's run lacks. MLflow keeps one input per dataset (name
 * and digest) and run and never changes it, so one held with another context is reported, not sent again.
 */
export function inputsToSend(
	runId: string,
	local: readonly DatasetInput[],
	held: readonly HeldInput[]
): { inputs: DatasetInput[]; warnings: PushWarning[] } {
	const run = `run ${runId.slice(0, 8)}`;
	const warnings: PushWarning[] = [];
	const have = new Map(held.map((h) => [`${h.name}\u0000${h.digest}`, h.context]));
	const inputs: DatasetInput[] = [];
	for (const input of local) {
		const over = (Object.keys(DATASET_LIMITS) as (keyof typeof DATASET_LIMITS)[]).find(
			(field) => input[field].length > DATASET_LIMITS[field]
		);
		if (over) {
			warnings.push({
				kind: 'dataset-too-long',
				message: `${run}: dataset "${input.name.slice(0, 60)}" has a ${over} of ${input[over].length} characters; MLflow allows ${DATASET_LIMITS[over]}. It was not pushed.`,
				runId
			});
			continue;
		}
		const key = `${input.name}\u0000${input.digest}`;
		const context = have.get(key);
		if (context === undefined) {
			inputs.push(input);
			have.set(key, input.context);
		} else if (context !== input.context) {
			warnings.push({
				kind: 'input-differs',
				message: `${run}: dataset "${input.name.slice(0, 60)}" (digest ${input.digest}) is an input of the server's run with context "${context}", here "${input.context}"; MLflow keeps one input per dataset and run, so the server keeps its own.`,
				runId
			});
		}
	}
	return { inputs, warnings };
}

/** The inputs cut into runs/log-inputs calls within MLflow's count and a body size the server takes. */
export function* inputCalls(inputs: readonly DatasetInput[]): Generator<WireInput[]> {
	let call: WireInput[] = [];
	let bytes = 0;
	for (const input of inputs) {
		const wire = wireInput(input);
		const size = JSON.stringify(wire).length * 3;
		if (call.length > 0 && (call.length >= INPUTS_PER_CALL || bytes + size > INPUT_BYTES_PER_CALL)) {
			yield call;
			call = [];
			bytes = 0;
		}
		call.push(wire);
		bytes += size;
	}
	if (call.length > 0) yield call;
}

/** Why MLflow refuses a logged model's name (_validate_logged_model_name), or null. */
export function modelNameProblem(name: string): string | null {
	if (name === '') return 'is empty';
	const bad = ['/', ':', '.', '%', '"', "'"].filter((c) => name.includes(c));
	return bad.length
		? `holds ${bad.map((c) => `"${c}"`).join(', ')}, which MLflow refuses in model names`
		: null;
}
