// Linear regression by stochastic gradient descent, one sample at a time, with an elastic-net penalty: the
// second model of the Train page, there so that curves move over many epochs. It follows the shape of
// scikit-learn's SGDRegressor (squared loss, penalty α·(l1_ratio‖w‖₁ + ½(1 − l1_ratio)‖w‖²), "invscaling"
// learning rate η = η₀ / t^0.25) but is not a port of it: the L1 part is a plain proximal (soft-threshold) step.
// Features are standardised on the training rows first (the diabetes features are tiny, ≈ ±0.1); the fitted
// coefficients are mapped back to the raw features, so they apply to the same inputs as ElasticNet's.
// Deterministic: the sample order of each epoch comes from a seeded generator.
import { dot, type Matrix } from './data';
import { predict, rmse } from './metrics';

export interface SgdOptions {
	alpha: number;
	l1Ratio: number;
	epochs?: number;
	eta0?: number;
	powerT?: number;
	seed?: number;
}

export const SGD_DEFAULTS = { epochs: 60, eta0: 0.01, powerT: 0.25, seed: 42 } as const;

export interface SgdEpoch {
	/** 1-based. */
	epoch: number;
	/** ½·mean squared error on the training rows plus the penalty (on standardised features). */
	objective: number;
	trainRmse: number;
	testRmse: number;
}

export interface SgdFit {
	/** On the raw features, as ElasticNet's. */
	coef: number[];
	intercept: number;
	epochs: number;
}

/** mulberry32: a small seeded generator, so every browser shuffles alike. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function shuffle(order: number[], random: () => number): void {
	for (let i = order.length - 1; i > 0; i--) {
		const k = Math.floor(random() * (i + 1));
		[order[i], order[k]] = [order[k]!, order[i]!];
	}
}

export function fitSgd(
	X: Matrix,
	y: readonly number[],
	xTest: Matrix,
	yTest: readonly number[],
	options: SgdOptions,
	onEpoch?: (step: SgdEpoch) => void
): SgdFit {
	const { alpha, l1Ratio } = options;
	const { epochs, eta0, powerT, seed } = { ...SGD_DEFAULTS, ...options };
	if (!(alpha >= 0)) throw new RangeError('alpha must be ≥ 0');
	if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new RangeError('l1_ratio must be in [0, 1]');
	const n = X.length;
	const m = X[0]?.length ?? 0;
	const mean = new Array<number>(m).fill(0);
	const std = new Array<number>(m).fill(0);
	for (const row of X) for (let j = 0; j < m; j++) mean[j]! += row[j]! / n;
	for (const row of X) for (let j = 0; j < m; j++) std[j]! += (row[j]! - mean[j]!) ** 2 / n;
	for (let j = 0; j < m; j++) std[j] = Math.sqrt(std[j]!) || 1;
	const standardise = (rows: Matrix) => rows.map((row) => row.map((v, j) => (v - mean[j]!) / std[j]!));
	const xs = standardise(X);
	const xsTest = standardise(xTest);

	const w = new Array<number>(m).fill(0);
	let b = 0;
	let t = 1;
	const random = seededRandom(seed);
	const order = Array.from({ length: n }, (_, i) => i);
	for (let epoch = 1; epoch <= epochs; epoch++) {
		shuffle(order, random);
		for (const i of order) {
			const eta = eta0 / t ** powerT;
			const row = xs[i]!;
			const error = dot(row, w) + b - y[i]!; // d(½e²)/d(prediction)
			const shrink = eta * alpha * l1Ratio;
			for (let j = 0; j < m; j++) {
				const next = w[j]! - eta * (error * row[j]! + alpha * (1 - l1Ratio) * w[j]!);
				w[j] = Math.sign(next) * Math.max(Math.abs(next) - shrink, 0);
			}
			b -= eta * error;
			t++;
		}
		const trainPred = predict(xs, w, b);
		const trainRmse = rmse(y, trainPred);
		const penalty =
			alpha * (l1Ratio * w.reduce((s, v) => s + Math.abs(v), 0) + 0.5 * (1 - l1Ratio) * dot(w, w));
		onEpoch?.({
			epoch,
			objective: 0.5 * trainRmse ** 2 + penalty,
			trainRmse,
			testRmse: rmse(yTest, predict(xsTest, w, b))
		});
	}
	const coef = w.map((v, j) => v / std[j]!);
	return { coef, intercept: b - dot(coef, mean), epochs };
}
