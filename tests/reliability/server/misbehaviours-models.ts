// The hostile server's misbehaviours about MLflow 3 logged models: no such endpoint (MLflow 2), page tokens that
// repeat or never end, endless model folders, models of the wrong shape, a listing that never answers.
import { BASELINE, type Exchange, RUN_B } from './baseline';
import { type Misbehaviour, never, tokenOf } from './misbehaviours';

const models = (x: Exchange, value: unknown, next?: string) =>
	x.endpoint === 'models' && (x.json({ models: value, next_page_token: next }), true);

export const MODEL_MISBEHAVIOURS: Record<string, Misbehaviour> = {
	'no-logged-models': (x) => x.endpoint === 'models' && (x.status(404, 'not found'), true),
	'repeat-token-models': (x) => models(x, BASELINE.models, 'same'),
	'endless-pages-models': (x) => models(x, BASELINE.models, `p${Number(tokenOf(x).slice(1)) + 1}`),
	'models-as-object': (x) => models(x, { m: BASELINE.models[0] }),
	'endless-model-folders': (x) => {
		if (x.endpoint !== 'model-list') return false;
		const path = x.query.get('artifact_directory_path');
		x.json({ files: [{ path: path ? `${path}/d` : 'd', is_dir: true }] });
		return true;
	},
	'bad-models': (x) => {
		const [model] = BASELINE.models;
		const broken = {
			info: { model_id: 'm-bad', experiment_id: 1, name: 7, status: {}, source_run_id: RUN_B },
			data: { params: 'a=1', metrics: [{ key: 'k', value: 'abc' }, 'x'] }
		};
		return models(x, [
			model,
			model,
			{ info: 'x' },
			'x',
			{ info: { model_id: 'm-x', experiment_id: '99' } },
			{ info: { model_id: 'y'.repeat(300), experiment_id: '1' } },
			broken
		]);
	},
	'model-list-never-answers': (x) => (x.endpoint === 'model-list' ? never() : false)
};
