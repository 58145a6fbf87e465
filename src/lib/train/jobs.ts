// One training run of the Train page, whichever model: what it is asked (a TrainJob), what it reports per step
// (the metric history) and what it ends with (coefficients and test scores). Pure: the worker runs it, the unit
// tests run it in Node.
import type { Dataset } from './data';
import { fitElasticNet } from './elastic-net';
import { predict, scores, type Scores } from './metrics';
import { fitSgd, SGD_DEFAULTS } from './sgd';

export type ModelKind = 'elasticnet' | 'sgd';

export const MODEL_LABELS: Record<ModelKind, string> = {
	elasticnet: 'ElasticNet',
	sgd: 'SGDRegressor'
};

export interface TrainJob {
	model: ModelKind;
	alpha: number;
	l1Ratio: number;
}

/** ElasticNet's fixed settings: scikit-learn's defaults, with its random_state as in the MLflow tutorial. */
export const ELASTIC_NET_SETTINGS = {
	max_iter: 1000,
	tol: 1e-4,
	fit_intercept: true,
	selection: 'cyclic',
	random_state: 42
} as const;

/** One point of each metric at one step (an iteration of ElasticNet, an epoch of SGD). */
export interface TrainStep {
	step: number;
	metrics: Record<string, number>;
}

export interface TrainResult {
	coef: number[];
	intercept: number;
	/** Iterations (ElasticNet) or epochs (SGD) run. */
	steps: number;
	converged: boolean;
	scores: Scores;
	/** Test-set predictions, for the residuals plot. */
	predictions: number[];
}

/** A readable, unique-per-setting run name: `elasticnet-a0.1-l1r0.5`. */
export function runName(job: TrainJob): string {
	return `${job.model}-a${job.alpha}-l1r${job.l1Ratio}`;
}

/** The params a run logs: the job and the settings of its model that one might change. */
export function jobParams(job: TrainJob): Record<string, string | number> {
	const common = { model: MODEL_LABELS[job.model], alpha: job.alpha, l1_ratio: job.l1Ratio };
	if (job.model === 'elasticnet')
		return { ...common, max_iter: ELASTIC_NET_SETTINGS.max_iter, tol: ELASTIC_NET_SETTINGS.tol };
	return { ...common, epochs: SGD_DEFAULTS.epochs, eta0: SGD_DEFAULTS.eta0, learning_rate: 'invscaling' };
}

/** Every setting of the fit, for the model's files. */
export function jobSettings(job: TrainJob): Record<string, string | number | boolean> {
	const common = { alpha: job.alpha, l1_ratio: job.l1Ratio };
	if (job.model === 'elasticnet') return { ...common, ...ELASTIC_NET_SETTINGS };
	return {
		...common,
		penalty: 'elasticnet',
		learning_rate: 'invscaling',
		eta0: SGD_DEFAULTS.eta0,
		power_t: SGD_DEFAULTS.powerT,
		epochs: SGD_DEFAULTS.epochs,
		random_state: SGD_DEFAULTS.seed,
		standardize: true
	};
}

export function trainJob(job: TrainJob, data: Dataset, onStep: (step: TrainStep) => void): TrainResult {
	const { xTrain, yTrain, xTest, yTest } = data;
	let fit: { coef: number[]; intercept: number; steps: number; converged: boolean };
	if (job.model === 'elasticnet') {
		const result = fitElasticNet(
			xTrain,
			yTrain,
			{
				alpha: job.alpha,
				l1Ratio: job.l1Ratio,
				maxIter: ELASTIC_NET_SETTINGS.max_iter,
				tol: ELASTIC_NET_SETTINGS.tol
			},
			(it) =>
				onStep({
					step: it.iteration,
					metrics: {
						objective: it.objective,
						dual_gap: it.dualGap,
						train_rmse: scores(yTrain, predict(xTrain, it.coef, it.intercept)).rmse,
						test_rmse: scores(yTest, predict(xTest, it.coef, it.intercept)).rmse
					}
				})
		);
		fit = { ...result, steps: result.nIter };
	} else {
		const result = fitSgd(xTrain, yTrain, xTest, yTest, { alpha: job.alpha, l1Ratio: job.l1Ratio }, (e) =>
			onStep({
				step: e.epoch,
				metrics: { objective: e.objective, train_rmse: e.trainRmse, test_rmse: e.testRmse }
			})
		);
		fit = { ...result, steps: result.epochs, converged: true };
	}
	const predictions = predict(xTest, fit.coef, fit.intercept);
	return { ...fit, scores: scores(yTest, predictions), predictions };
}
