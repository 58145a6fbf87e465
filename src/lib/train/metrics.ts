// Regression scores as scikit-learn's mean_squared_error (rooted), r2_score and mean_absolute_error compute them.
import { dot, type Matrix } from './data';

export interface Scores {
	rmse: number;
	r2: number;
	mae: number;
}

export function predict(X: Matrix, coef: ArrayLike<number>, intercept: number): number[] {
	return X.map((row) => dot(row, coef) + intercept);
}

export function rmse(yTrue: readonly number[], yPred: readonly number[]): number {
	let s = 0;
	for (let i = 0; i < yTrue.length; i++) s += (yTrue[i]! - yPred[i]!) ** 2;
	return Math.sqrt(s / yTrue.length);
}

export function scores(yTrue: readonly number[], yPred: readonly number[]): Scores {
	const n = yTrue.length;
	let mean = 0;
	for (const v of yTrue) mean += v;
	mean /= n;
	let residual = 0;
	let total = 0;
	let absolute = 0;
	for (let i = 0; i < n; i++) {
		const e = yTrue[i]! - yPred[i]!;
		residual += e * e;
		absolute += Math.abs(e);
		total += (yTrue[i]! - mean) ** 2;
	}
	// sklearn: a constant target scores 1 when predicted exactly, else 0 (force_finite).
	const r2 = total === 0 ? (residual === 0 ? 1 : 0) : 1 - residual / total;
	return { rmse: Math.sqrt(residual / n), r2, mae: absolute / n };
}
