// The Train page's other parts, without a browser: the SGD model (deterministic, its losses fall), the form's grid
// (values, refusals with the field and value named), the files a run logs (an MLmodel the run page reads, an SVG of
// shapes and numbers only), and the jobs' metric histories.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarizeMlmodel } from '$lib/artifacts/mlmodel';
import { coefficientsJson, mlmodelYaml, requirementsTxt, residualsSvg } from '$lib/train/artifacts';
import { parseDiabetes } from '$lib/train/data';
import { DEFAULT_FORM, MAX_RUNS, parseGrid } from '$lib/train/grid';
import { runName, trainJob, type TrainStep } from '$lib/train/jobs';
import { fitSgd } from '$lib/train/sgd';

const data = parseDiabetes(JSON.parse(readFileSync('static/train/diabetes.json', 'utf8')));

describe('the diabetes split', () => {
	it('is the quickstart split: 331 training and 111 test rows of the ten features', () => {
		expect(data.featureNames).toEqual(['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6']);
		expect([data.xTrain.length, data.yTrain.length, data.xTest.length, data.yTest.length]).toEqual([
			331, 331, 111, 111
		]);
		expect(data.sklearnVersion).toMatch(/^\d+\.\d+/);
	});
	it('refuses a damaged file, saying what is wrong', () => {
		expect(() => parseDiabetes({ feature_names: ['a'], X_train: [[1, 2]] })).toThrow(
			'X_train is not a list of rows of 1 numbers'
		);
		expect(() => parseDiabetes('nope')).toThrow('not a JSON object');
	});
});

describe('SGD linear regression', () => {
	const fit = (
		onEpoch?: (e: { epoch: number; trainRmse: number; testRmse: number; objective: number }) => void
	) => fitSgd(data.xTrain, data.yTrain, data.xTest, data.yTest, { alpha: 0.001, l1Ratio: 0.5 }, onEpoch);

	it('is deterministic: the same seed gives the same coefficients, bit for bit', () => {
		expect(fit().coef).toEqual(fit().coef);
		const other = fitSgd(data.xTrain, data.yTrain, data.xTest, data.yTest, {
			alpha: 0.001,
			l1Ratio: 0.5,
			seed: 7
		});
		expect(other.coef).not.toEqual(fit().coef);
	});

	it('reports every epoch, and its losses fall from the first epoch to the last', () => {
		const epochs: { epoch: number; trainRmse: number; testRmse: number; objective: number }[] = [];
		fit((e) => epochs.push(e));
		expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
		const first = epochs[0]!;
		const last = epochs.at(-1)!;
		expect(last.trainRmse).toBeLessThan(first.trainRmse * 0.8);
		expect(last.testRmse).toBeLessThan(first.testRmse * 0.8);
		expect(last.objective).toBeLessThan(first.objective);
		// It ends near the least-squares fit (ElasticNet at alpha 0.001 scores 53.0 on these rows).
		expect(last.testRmse).toBeGreaterThan(50);
		expect(last.testRmse).toBeLessThan(58);
	});
});

describe('the grid of the form', () => {
	it('crosses every alpha with every l1_ratio, alphas outermost; the default is six ElasticNet runs', () => {
		const grid = parseGrid({ model: 'elasticnet', alpha: '0.01, 0.1 ,1', l1Ratio: '0.1,0.5,0.9' });
		expect(grid.ok && grid.value.map(runName)).toEqual([
			'elasticnet-a0.01-l1r0.1',
			'elasticnet-a0.01-l1r0.5',
			'elasticnet-a0.01-l1r0.9',
			'elasticnet-a0.1-l1r0.1',
			'elasticnet-a0.1-l1r0.5',
			'elasticnet-a0.1-l1r0.9',
			'elasticnet-a1-l1r0.1',
			'elasticnet-a1-l1r0.5',
			'elasticnet-a1-l1r0.9'
		]);
		const defaults = parseGrid(DEFAULT_FORM);
		expect(defaults.ok && defaults.value.length).toBe(6);
		const once = parseGrid({ model: 'sgd', alpha: '1e-3, 0.001', l1Ratio: '0' });
		expect(once).toEqual({ ok: true, value: [{ model: 'sgd', alpha: 0.001, l1Ratio: 0 }] });
	});

	it.each([
		['abc', '0.5', 'alpha: “abc” is not a number.'],
		['-0.1', '0.5', 'alpha must be greater than 0 and at most 1000 (got -0.1).'],
		['0', '0.5', 'alpha must be greater than 0 and at most 1000 (got 0).'],
		['0.1,,0.2', '0.5', 'alpha: a value is missing between two commas.'],
		['  ', '0.5', 'Enter at least one alpha.'],
		['0.1', '1.5', 'l1_ratio must be between 0 and 1 (got 1.5).'],
		['0.1', '0x1', 'l1_ratio: “0x1” is not a number.'],
		[
			'1,2,3,4,5,6',
			'0.1,0.2,0.3,0.4,0.5',
			`That grid is 30 runs (6 alphas × 5 l1_ratios); at most ${MAX_RUNS} at once.`
		]
	])('alpha "%s", l1_ratio "%s" is refused: %s', (alpha, l1Ratio, error) => {
		expect(parseGrid({ model: 'elasticnet', alpha, l1Ratio })).toEqual({ ok: false, error });
	});
});

describe('a job and the files its run logs', () => {
	const job = { model: 'elasticnet' as const, alpha: 0.001, l1Ratio: 0.8 };
	const steps: TrainStep[] = [];
	const result = trainJob(job, data, (s) => steps.push(s));

	it('reports objective, dual gap and train/test rmse at every iteration; the objective never rises', () => {
		expect(steps.map((s) => s.step)).toEqual(Array.from({ length: result.steps }, (_, i) => i + 1));
		expect(Object.keys(steps[0]!.metrics)).toEqual(['objective', 'dual_gap', 'train_rmse', 'test_rmse']);
		for (let i = 1; i < steps.length; i++)
			expect(steps[i]!.metrics.objective).toBeLessThanOrEqual(steps[i - 1]!.metrics.objective! + 1e-12);
		expect(result.steps).toBe(43); // scikit-learn's n_iter_ for this setting
		expect(steps.at(-1)!.metrics.test_rmse).toBeCloseTo(result.scores.rmse, 10);
	});

	it('writes an MLmodel that the run page reads: flavor, run id, signature from the feature names', () => {
		const summary = summarizeMlmodel(mlmodelYaml(job, data, 'f'.repeat(32), new Date(0)), [
			'requirements.txt'
		]);
		expect(summary.warnings).toEqual([]);
		expect(summary.flavors.map((f) => f.name)).toEqual(['linear_model']);
		expect(summary.runId).toBe('f'.repeat(32));
		expect(summary.created).toBe('1970-01-01 00:00:00.000');
		expect(summary.inputs.map((f) => `${f.name}:${f.type}`)).toEqual(
			data.featureNames.map((n) => `${n}:double`)
		);
		expect(summary.outputs).toEqual([{ name: 'target', type: 'double' }]);
		expect(summary.environmentFiles).toEqual(['requirements.txt']);
		expect(requirementsTxt(job, data)).toContain(`scikit-learn==${data.sklearnVersion}`);
		const coefficients = JSON.parse(coefficientsJson(job, result, data));
		expect(coefficients).toMatchObject({
			model: 'ElasticNet',
			coef: result.coef,
			intercept: result.intercept
		});
		expect(coefficients.settings).toMatchObject({
			alpha: 0.001,
			l1_ratio: 0.8,
			max_iter: 1000,
			tol: 1e-4,
			selection: 'cyclic',
			random_state: 42
		});
	});

	it('draws residuals as shapes and numbers only, even from non-finite values', () => {
		const svg = residualsSvg(data.yTest, result.predictions);
		expect(svg.match(/<circle /g)).toHaveLength(111);
		const odd = residualsSvg([1, 2, NaN], [Infinity, 2, 3]);
		for (const text of [svg, odd]) {
			expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
			expect(text).not.toMatch(/script|href|foreignObject|on\w+=|NaN|Infinity/i);
		}
	});
});
