// The well-behaved MLflow server the hostile one starts from: two experiments, two runs (3 points of "loss"
// each, one param), two artifact files per run ("notes.txt", "plots/a.txt") and one MLflow 3 logged model of the
// first run with one file ("MLmodel").
import type { ServerResponse } from 'node:http';

export type Endpoint =
	| 'version'
	| 'experiments'
	| 'runs'
	| 'history'
	| 'list'
	| 'artifact'
	/** logged-models/search, a model's artifacts/directories and its ajax-api file route (query `model_id`). */
	| 'models'
	| 'model-list'
	| 'model-file';

export interface Exchange {
	endpoint: Endpoint;
	query: URLSearchParams;
	body: Record<string, unknown>;
	/** This case's request number, from 1. */
	call: number;
	json(value: unknown): void;
	text(value: string): void;
	status(code: number, text: string): void;
	res: ServerResponse;
	count(bytes: number): void;
}

export const RUN_A = 'a'.repeat(32);
export const RUN_B = 'b'.repeat(32);
export const MODEL = `m-${'c'.repeat(32)}`;

/** What the well-behaved server holds. */
export const BASELINE = {
	experiments: [
		{ experiment_id: '0', name: 'Default', lifecycle_stage: 'active', tags: [] },
		{ experiment_id: '1', name: 'hostile', lifecycle_stage: 'active', tags: [{ key: 'team', value: 'x' }] }
	],
	runs: [RUN_A, RUN_B].map((id, i) => ({
		info: { run_id: id, experiment_id: '1', run_name: `run-${i}`, status: 'FINISHED', start_time: 1000 + i },
		data: { metrics: [{ key: 'loss', value: 0.3 }], params: [{ key: 'lr', value: '0.1' }], tags: [] }
	})),
	points: [0.5, 0.4, 0.3].map((value, step) => ({ key: 'loss', value, step, timestamp: 1000 + step })),
	folders: new Map<string, { path: string; is_dir: boolean; file_size?: number }[]>([
		[
			'',
			[
				{ path: 'plots', is_dir: true },
				{ path: 'notes.txt', is_dir: false, file_size: 5 }
			]
		],
		['plots', [{ path: 'plots/a.txt', is_dir: false, file_size: 3 }]]
	]),
	files: new Map([
		['notes.txt', 'hello'],
		['plots/a.txt', 'abc']
	]),
	models: [
		{
			info: {
				model_id: MODEL,
				experiment_id: '1',
				name: 'model',
				source_run_id: RUN_A,
				status: 'LOGGED_MODEL_READY',
				creation_timestamp_ms: 1500,
				tags: [{ key: 'stage', value: 'x' }]
			},
			data: {
				params: [{ key: 'alpha', value: '0.5' }],
				metrics: [{ key: 'rmse', value: 1.5, step: 0, timestamp: 1500, run_id: RUN_A, model_id: MODEL }]
			}
		}
	],
	modelFiles: new Map([['MLmodel', 'flavors: {}']])
};

/** The well-behaved answer of an endpoint. */
export function baseline(x: Exchange): void {
	const q = x.query;
	switch (x.endpoint) {
		case 'version':
			return x.text('3.1.0');
		case 'experiments':
			return x.json({ experiments: BASELINE.experiments });
		case 'runs':
			return x.json({ runs: BASELINE.runs });
		case 'history':
			return x.json({ metrics: q.get('metric_key') === 'loss' ? BASELINE.points : [] });
		case 'list':
			return x.json({ files: BASELINE.folders.get(q.get('path') ?? '') ?? [] });
		case 'artifact': {
			const file = BASELINE.files.get(q.get('path') ?? '');
			return file === undefined ? x.status(404, '{"error_code":"NOT_FOUND"}') : x.text(file);
		}
		case 'models':
			return x.json({ models: BASELINE.models });
		case 'model-list':
			return x.json({
				files: q.get('artifact_directory_path')
					? []
					: [...BASELINE.modelFiles].map(([path, text]) => ({ path, is_dir: false, file_size: text.length }))
			});
		case 'model-file': {
			const file = BASELINE.modelFiles.get(q.get('artifact_file_path') ?? '');
			return file === undefined ? x.status(404, '{"error_code":"NOT_FOUND"}') : x.text(file);
		}
	}
}
