// The guided tour's pure logic: which signal moves which step, Back/Next, start and resume, the stored state,
// and the helpers pages use to mark the best run and a model's files.
import { describe, expect, it } from 'vitest';
import { fakeRun } from './fake-run';
import {
	back,
	canGoBack,
	canGoNext,
	freshState,
	next,
	onSignal,
	parseState,
	startOrResume,
	stepIndex,
	STEPS,
	type StepId,
	type TourState
} from '$lib/tour/steps';
import { bestRunId, isModelArtifact, opensModel, rankingMetric, rankRuns } from '$lib/tour/marks';

const at = (id: StepId, extra: Partial<TourState> = {}): TourState => ({
	...freshState(),
	step: stepIndex(id),
	furthest: stepIndex(id),
	...extra
});
const stepOf = (s: TourState) => STEPS[s.step]?.id;

describe('tour steps', () => {
	it('walks the tutorial in order: train, open, select, compare, best run, model, done', () => {
		expect(STEPS.map((s) => s.id)).toEqual([
			'train',
			'open-experiment',
			'select-runs',
			'compare',
			'best-run',
			'model',
			'done'
		]);
		let s = freshState();
		s = onSignal(s, 'trained', { experimentId: '7' });
		expect(stepOf(s)).toBe('open-experiment');
		s = onSignal(s, 'experiment-opened', { experimentId: '7' });
		expect(stepOf(s)).toBe('select-runs');
		s = onSignal(s, 'runs-selected', { runIds: ['a', 'b'] });
		expect(stepOf(s)).toBe('compare');
		s = onSignal(s, 'compared', { runIds: ['a', 'b'], runId: 'b' });
		expect(stepOf(s)).toBe('best-run');
		s = onSignal(s, 'best-run-opened', { runId: 'b' });
		expect(stepOf(s)).toBe('model');
		s = onSignal(s, 'model-opened', { runId: 'b' });
		expect(stepOf(s)).toBe('done');
		expect(s.furthest).toBe(STEPS.length - 1);
		expect(s.context).toEqual({ experimentId: '7', runIds: ['a', 'b'], bestRunId: 'b' });
	});

	it('skips training when the experiment opened already has two runs, not with fewer or unknown', () => {
		const s = freshState();
		expect(stepOf(onSignal(s, 'experiment-opened', { experimentId: '1' }, { runCount: 2 }))).toBe(
			'select-runs'
		);
		expect(stepOf(onSignal(s, 'experiment-opened', { experimentId: '1' }, { runCount: 1 }))).toBe('train');
		expect(stepOf(onSignal(s, 'experiment-opened', { experimentId: '1' }))).toBe('train');
		// What it learned is kept even when it does not move.
		expect(onSignal(s, 'experiment-opened', { experimentId: '1' }).context.experimentId).toBe('1');
	});

	it('moves on for the step shown or the one after it, never further, and never back', () => {
		// "Compare all" without selecting: compared from the select step.
		expect(stepOf(onSignal(at('select-runs'), 'compared', { runIds: ['a', 'b'] }))).toBe('best-run');
		// Opening a run's model two steps early does not finish the tour.
		expect(stepOf(onSignal(at('select-runs'), 'model-opened', { runId: 'a' }))).toBe('select-runs');
		// Opening the experiment again later keeps the step.
		expect(stepOf(onSignal(at('compare'), 'experiment-opened', { experimentId: '1' }))).toBe('compare');
		expect(stepOf(onSignal(at('model'), 'trained', { experimentId: '1' }))).toBe('model');
	});

	it('counts only the best run once Compare named it', () => {
		const s = at('best-run', { context: { bestRunId: 'best' } });
		expect(stepOf(onSignal(s, 'best-run-opened', { runId: 'other' }))).toBe('best-run');
		expect(stepOf(onSignal(s, 'best-run-opened', { runId: 'best' }))).toBe('model');
		// Not another run's model from the step before; on the model step any run's (the best may have none).
		expect(stepOf(onSignal(s, 'model-opened', { runId: 'other' }))).toBe('best-run');
		expect(stepOf(onSignal(s, 'model-opened', { runId: 'best' }))).toBe('done');
		const m = at('model', { context: { bestRunId: 'best' } });
		expect(stepOf(onSignal(m, 'model-opened', { runId: 'other' }))).toBe('done');
		// Unknown best (a tour resumed on a run page): any run does.
		expect(stepOf(onSignal(at('best-run'), 'best-run-opened', { runId: 'x' }))).toBe('model');
	});

	it('does not move while hidden or done, but learns', () => {
		const hidden = { ...at('select-runs'), status: 'hidden' as const };
		const after = onSignal(hidden, 'runs-selected', { runIds: ['a', 'b'] });
		expect(stepOf(after)).toBe('select-runs');
		expect(after.context.runIds).toEqual(['a', 'b']);
		expect(stepOf(onSignal({ ...at('model'), status: 'done' }, 'model-opened', {}))).toBe('model');
	});

	it('Back goes one step back; Next only up to the furthest step reached', () => {
		let s = at('compare');
		expect(canGoNext(s)).toBe(false);
		expect(next(s).step).toBe(s.step);
		s = back(back(s));
		expect(stepOf(s)).toBe('open-experiment');
		expect(canGoNext(s)).toBe(true);
		s = next(next(next(s)));
		expect(stepOf(s)).toBe('compare');
		expect(back(freshState()).step).toBe(0);
		expect(canGoBack(freshState())).toBe(false);
		expect(canGoBack(at('done'))).toBe(false);
		// A signal after Back moves from the step shown, and the furthest step stays.
		const revisited = onSignal(back(at('best-run')), 'compared', { runIds: ['a', 'b'] });
		expect(stepOf(revisited)).toBe('best-run');
		expect(revisited.furthest).toBe(stepIndex('best-run'));
	});

	it('starts fresh when never started or finished, resumes a hidden tour at its step', () => {
		expect(startOrResume(null)).toEqual(freshState());
		const hidden = { ...at('best-run'), status: 'hidden' as const, context: { bestRunId: 'b' } };
		expect(startOrResume(hidden)).toEqual({ ...hidden, status: 'active' });
		const done = { ...at('done'), status: 'done' as const, context: { experimentId: '3' } };
		expect(startOrResume(done)).toEqual(freshState({ experimentId: '3' }));
	});

	it('reads back what it stored and refuses anything else', () => {
		const s = { ...at('model'), status: 'hidden' as const, context: { experimentId: '1', runIds: ['a'] } };
		expect(parseState(JSON.stringify(s))).toEqual({
			...s,
			context: { experimentId: '1', runIds: ['a'], bestRunId: undefined }
		});
		for (const bad of [
			null,
			'',
			'not json',
			'null',
			'[]',
			'{"step":99,"furthest":99,"status":"active"}',
			'{"step":2,"furthest":1,"status":"active"}',
			'{"step":1,"furthest":1,"status":"paused"}',
			'{"step":1.5,"furthest":2,"status":"active"}'
		])
			expect(parseState(bad), String(bad)).toBeNull();
		// A damaged context is dropped field by field, not the whole state.
		expect(
			parseState('{"step":1,"furthest":1,"status":"active","context":{"runIds":[1,"a"],"bestRunId":5}}')
				?.context
		).toEqual({ experimentId: undefined, runIds: ['a'], bestRunId: undefined });
	});

	it('says where to go for every step but the last, from what earlier steps learned', () => {
		const ctx = { experimentId: '4', runIds: ['a', 'b'], bestRunId: 'b' };
		const paths = STEPS.map((s) => s.away(ctx, '/')?.path ?? null);
		expect(paths).toEqual([
			'/train/',
			'/experiments/4/',
			'/experiments/4/',
			'/experiments/4/',
			'/runs/b/',
			'/runs/b/',
			null
		]);
		expect(STEPS[stepIndex('best-run')]?.away({ runIds: ['a', 'b'] }, '/')?.path).toBe('/compare/?runs=a,b');
		expect(STEPS[stepIndex('open-experiment')]?.away({}, '/')?.path).toBe('/');
		expect(STEPS.slice(0, -1).every((s) => s.targets.length > 0 && s.signal)).toBe(true);
	});

	it('on a compared run that kept no model, points at the next best one, then gives up honestly', () => {
		const model = STEPS[stepIndex('model')]!;
		const ctx = { runIds: ['b', 'c', 'a'], bestRunId: 'b' };
		expect(model.away(ctx, '/runs/b/')).toEqual({
			path: '/runs/c/',
			label: 'Open the next best run',
			note: 'This run kept no model files.'
		});
		expect(model.away(ctx, '/runs/c/')?.path).toBe('/runs/a/');
		expect(model.away(ctx, '/runs/a/')).toMatchObject({ path: '/', note: 'This run kept no model files.' });
		expect(model.away(ctx, '/compare/')).toEqual({ path: '/runs/b/', label: 'Open the best run' });
		expect(model.away({}, '/compare/')).toBeNull();
	});
});

describe('tour marks', () => {
	const run = (runId: string, metrics: Record<string, number>) => fakeRun({ runId, metrics });

	it('the best run is the lowest rmse when there is one', () => {
		const runs = [run('a', { rmse: 60, r2: 0.9 }), run('b', { rmse: 52, r2: 0.1 }), run('c', { r2: 0.99 })];
		expect(rankingMetric(runs)).toBe('rmse');
		expect(bestRunId(runs)).toBe('b');
	});

	it('else the first metric by name, highest for accuracy-like keys; NaN and missing values lose', () => {
		expect(bestRunId([run('a', { loss: 0.3 }), run('b', { loss: NaN }), run('c', { loss: 0.2 })])).toBe('c');
		expect(bestRunId([run('a', { val_accuracy: 0.8 }), run('b', { val_accuracy: 0.9 })])).toBe('b');
		expect(rankingMetric([run('a', { mae: 1, loss: 2 })])).toBe('loss');
		expect(bestRunId([run('a', {}), run('b', {})])).toBeUndefined();
		expect(bestRunId([run('a', { rmse: NaN })])).toBeUndefined();
	});

	it('ranks runs best first, those without a value last in their order', () => {
		const runs = [run('a', { rmse: 60 }), run('x', {}), run('b', { rmse: 52 }), run('y', { rmse: NaN })];
		expect(rankRuns(runs)).toEqual(['b', 'a', 'x', 'y']);
		expect(rankRuns([run('p', { r2: 0.2 }), run('q', { r2: 0.7 })])).toEqual(['q', 'p']);
	});

	it('marks a model folder and its MLmodel and requirements.txt, and only those files open the model', () => {
		expect(isModelArtifact({ path: 'model', isDir: true })).toBe(true);
		expect(isModelArtifact({ path: 'model/MLmodel', isDir: false })).toBe(true);
		expect(isModelArtifact({ path: 'requirements.txt', isDir: false })).toBe(true);
		expect(isModelArtifact({ path: 'model/model.pkl', isDir: false })).toBe(false);
		expect(isModelArtifact({ path: 'plots', isDir: true })).toBe(false);
		expect(isModelArtifact({ path: 'model', isDir: false })).toBe(false);
		expect(opensModel('model/requirements.txt')).toBe(true);
		expect(opensModel('model/conda.yaml')).toBe(false);
	});
});
