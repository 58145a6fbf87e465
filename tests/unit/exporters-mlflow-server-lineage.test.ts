// The pure half of pushing dataset inputs and logged models (src/lib/exporters/mlflow-server/lineage.ts): what
// MLflow refuses is reported and left out, what the server's run already holds is not sent again, calls stay within
// MLflow's limits, and a model point names its model in runs/log-batch. The real server: tests/interop/push.spec.ts.
import { describe, expect, it } from 'vitest';
import {
	INPUTS_PER_CALL,
	inputCalls,
	inputsToSend,
	logBatches,
	modelNameProblem,
	modelStatusOnWire,
	sourceModelFilter,
	wireInput
} from '$lib/exporters/mlflow-server';
import type { DatasetInput } from '$lib/model/types';

const RUN = 'ab'.repeat(16);

function input(name: string, fields: Partial<DatasetInput> = {}): DatasetInput {
	return {
		name,
		digest: 'd1',
		sourceType: 'http',
		source: '{"url": "https://example.org"}',
		schema: '',
		profile: '',
		context: 'training',
		...fields
	};
}

describe('pushing dataset inputs', () => {
	it('sends what the server run lacks, once; reports a context the server holds otherwise', () => {
		const local = [input('a'), input('b'), input('b'), input('c', { context: 'testing' })];
		const held = [{ name: 'c', digest: 'd1', context: 'training' }];
		const { inputs, warnings } = inputsToSend(RUN, local, held);
		expect(inputs.map((i) => i.name)).toEqual(['a', 'b']);
		expect(warnings).toEqual([
			{
				kind: 'input-differs',
				message: `run abababab: dataset "c" (digest d1) is an input of the server's run with context "training", here "testing"; MLflow keeps one input per dataset and run, so the server keeps its own.`,
				runId: RUN
			}
		]);
	});

	it('leaves out a dataset over MLflow’s limits, naming the field', () => {
		const local = [input('ok'), input('long digest', { digest: 'x'.repeat(37) }), input('n'.repeat(501))];
		const { inputs, warnings } = inputsToSend(RUN, local, []);
		expect(inputs.map((i) => i.name)).toEqual(['ok']);
		expect(warnings.map((w) => w.message)).toEqual([
			'run abababab: dataset "long digest" has a digest of 37 characters; MLflow allows 36. It was not pushed.',
			`run abababab: dataset "${'n'.repeat(60)}" has a name of 501 characters; MLflow allows 500. It was not pushed.`
		]);
	});

	it('writes log-inputs bodies as MLflow reads them, within its count and a body size it takes', () => {
		expect(wireInput(input('a', { context: '' }))).toEqual({
			tags: [],
			dataset: {
				name: 'a',
				digest: 'd1',
				source_type: 'http',
				source: '{"url": "https://example.org"}',
				schema: '',
				profile: ''
			}
		});
		expect(wireInput(input('a')).tags).toEqual([{ key: 'mlflow.data.context', value: 'training' }]);
		const many = Array.from({ length: INPUTS_PER_CALL + 1 }, (_, i) => input(`d${i}`));
		expect([...inputCalls(many)].map((c) => c.length)).toEqual([INPUTS_PER_CALL, 1]);
		// Schemas of 400,000 characters: the calls stay under about 1 MB each, one dataset per call.
		const big = Array.from({ length: 3 }, (_, i) => input(`s${i}`, { schema: 's'.repeat(400_000) }));
		expect([...inputCalls(big)].map((c) => c.length)).toEqual([1, 1, 1]);
		expect([...inputCalls([])]).toEqual([]);
	});
});

describe('pushing logged models', () => {
	it('knows the names MLflow refuses and its status names', () => {
		expect(modelNameProblem('model')).toBeNull();
		expect(modelNameProblem('')).toBe('is empty');
		expect(modelNameProblem('v1.2/final')).toBe('holds "/", ".", which MLflow refuses in model names');
		expect(['READY', 'FAILED', 'PENDING', 'UNSPECIFIED', 'ARCHIVED'].map(modelStatusOnWire)).toEqual([
			'LOGGED_MODEL_READY',
			'LOGGED_MODEL_UPLOAD_FAILED',
			'LOGGED_MODEL_PENDING',
			'LOGGED_MODEL_STATUS_UNSPECIFIED',
			undefined
		]);
		expect(sourceModelFilter("m-1'")).toBe("tags.`runboard.source_model_id` = 'm-1\\''");
	});

	it('sends a model point through runs/log-batch with its model id', () => {
		const points = [
			{ key: 'rmse', value: NaN, step: 0, timestamp: 5, modelId: 'm-9' },
			{ key: 'rmse', value: 1, step: 1, timestamp: 6 }
		];
		const [body] = [...logBatches(RUN, [], [], points)];
		expect(body?.metrics).toEqual([
			{ key: 'rmse', value: 'NaN', step: 0, timestamp: 5, model_id: 'm-9' },
			{ key: 'rmse', value: 1, step: 1, timestamp: 6 }
		]);
	});
});
