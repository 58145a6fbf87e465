// ElasticNet by cyclic coordinate descent, step for step as scikit-learn 1.9 fits it
// (`ElasticNet(alpha, l1_ratio, fit_intercept=True, max_iter=1000, tol=1e-4, selection='cyclic')`, dense X):
//  - X and y are centred on their training means; the intercept is ȳ − x̄·w afterwards (sklearn's _pre_fit and
//    _set_intercept);
//  - the solver minimises n × the documented objective, ½‖y − Xw‖² + a‖w‖₁ + ½b‖w‖² with a = α·l1_ratio·n and
//    b = α·(1 − l1_ratio)·n (enet_path);
//  - after each sweep over the coordinates, when the largest coefficient change relative to the largest
//    coefficient is ≤ tol (or at the last iteration), the duality gap is checked against tol·‖y‖² (cd_fast.pyx);
//  - gap safe screening (cd_fast.pyx's do_screening) drops features proven zero at each gap check, which changes
//    the order of later updates: it is reproduced so the coefficients follow sklearn's path, not just its optimum.
// Pure: no DOM, no worker API; `onIteration` lets a caller report each sweep.
import { dot, type Matrix } from './data';

export interface ElasticNetOptions {
	alpha: number;
	l1Ratio: number;
	maxIter?: number;
	tol?: number;
}

/** One sweep's figures, in the documented (1/n) scale: what the metric history shows. */
export interface ElasticNetIteration {
	/** 1-based, as sklearn's n_iter_ counts. */
	iteration: number;
	/** (1/2n)‖y − Xw − b‖² + α·l1_ratio·‖w‖₁ + ½α(1 − l1_ratio)‖w‖² on the training rows. */
	objective: number;
	/** The duality gap of the current w, divided by n like sklearn's dual_gap_. */
	dualGap: number;
	coef: Float64Array;
	intercept: number;
}

export interface ElasticNetFit {
	coef: number[];
	intercept: number;
	nIter: number;
	dualGap: number;
	/** False when max_iter was reached with the gap still above tol (sklearn's ConvergenceWarning). */
	converged: boolean;
}

interface Problem {
	columns: Float64Array[]; // centred X, one array per feature (sklearn's Fortran order)
	y: Float64Array; // centred y
	a: number;
	b: number;
}

/** The duality gap as cd_fast.pyx's gap_enet computes it (formulation A, or B when a = 0), with its dual norm. */
function gapOf(p: Problem, w: Float64Array, r: Float64Array, xta: Float64Array): [number, number] {
	const { a, b } = p;
	const rNorm2 = dot(r, r);
	const ry = dot(r, p.y);
	const wNorm2 = b > 0 ? dot(w, w) : 0;
	if (a === 0) {
		// l1_ratio = 0 (ridge): formulation B, whose dual needs no feasibility rescaling.
		for (let j = 0; j < w.length; j++) xta[j] = dot(p.columns[j]!, r);
		const xtaNorm2 = dot(xta, xta);
		return [rNorm2 + 0.5 * b * wNorm2 - ry + xtaNorm2 / (2 * b), xtaNorm2];
	}
	let dualNorm = 0;
	let wL1 = 0;
	for (let j = 0; j < w.length; j++) {
		xta[j] = dot(p.columns[j]!, r) - b * w[j]!;
		dualNorm = Math.max(dualNorm, Math.abs(xta[j]!));
		wL1 += Math.abs(w[j]!);
	}
	const primal = 0.5 * (rNorm2 + b * wNorm2) + a * wL1;
	const scale = dualNorm > a ? a / dualNorm : 1;
	const dual = -0.5 * scale * scale * (rNorm2 + b * wNorm2) + scale * ry;
	return [primal - dual, dualNorm];
}

export function fitElasticNet(
	X: Matrix,
	yRaw: ArrayLike<number>,
	options: ElasticNetOptions,
	onIteration?: (step: ElasticNetIteration) => void
): ElasticNetFit {
	const { alpha, l1Ratio, maxIter = 1000, tol = 1e-4 } = options;
	if (!(alpha > 0)) throw new RangeError('alpha must be > 0');
	if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new RangeError('l1_ratio must be in [0, 1]');
	const n = X.length;
	const m = X[0]?.length ?? 0;
	const xMean = new Float64Array(m);
	for (const row of X) for (let j = 0; j < m; j++) xMean[j]! += row[j]!;
	for (let j = 0; j < m; j++) xMean[j]! /= n;
	let yMean = 0;
	for (let i = 0; i < n; i++) yMean += yRaw[i]!;
	yMean /= n;
	const columns = Array.from({ length: m }, (_, j) => Float64Array.from(X, (row) => row[j]! - xMean[j]!));
	const y = Float64Array.from({ length: n }, (_, i) => yRaw[i]! - yMean);
	const p: Problem = { columns, y, a: alpha * l1Ratio * n, b: alpha * (1 - l1Ratio) * n };
	const { a, b } = p;

	const w = new Float64Array(m);
	const r = Float64Array.from(y); // residual y − Xw, w = 0
	const xta = new Float64Array(m);
	const norm2 = columns.map((c) => dot(c, c));
	const gapTol = tol * dot(y, y);
	const interceptOf = () => yMean - dot(xMean, w);

	let [gap, dualNorm] = gapOf(p, w, r, xta);
	if (gap <= gapTol)
		return { coef: [...w], intercept: interceptOf(), nIter: 0, dualGap: gap / n, converged: true };

	// Gap safe screening (https://arxiv.org/abs/1802.07481, Eq. 11): keep j unless it is proven zero.
	let active: number[] = [];
	const excluded = new Uint8Array(m);
	const screen = (candidates: Iterable<number>) => {
		active = [];
		const radius = Math.sqrt(2 * gap) / a;
		for (const j of candidates) {
			if (norm2[j] === 0) {
				w[j] = 0;
				excluded[j] = 1;
				continue;
			}
			const d = (1 - Math.abs(xta[j]! / Math.max(a, dualNorm))) / Math.sqrt(norm2[j]! + b);
			if (d <= radius) {
				active.push(j);
				excluded[j] = 0;
			} else {
				if (w[j] !== 0) {
					axpy(w[j]!, columns[j]!, r);
					w[j] = 0;
				}
				excluded[j] = 1;
			}
		}
	};
	const doScreening = a > 0;
	if (doScreening) screen(columns.keys());
	else active = [...columns.keys()];

	let nIter = 0;
	let converged = false;
	for (let iter = 0; iter < maxIter; iter++) {
		let wMax = 0;
		let dwMax = 0;
		for (const j of active) {
			if (norm2[j] === 0) continue;
			const wj = w[j]!;
			const t = dot(columns[j]!, r) + wj * norm2[j]!;
			w[j] = (Math.sign(t) * Math.max(Math.abs(t) - a, 0)) / (norm2[j]! + b);
			if (w[j] !== wj) axpy(wj - w[j]!, columns[j]!, r);
			dwMax = Math.max(dwMax, Math.abs(w[j]! - wj));
			wMax = Math.max(wMax, Math.abs(w[j]!));
		}
		nIter = iter + 1;
		// Computed every sweep for the history; the solver itself reads it only where cd_fast.pyx computes it.
		[gap, dualNorm] = gapOf(p, w, r, xta);
		const rNorm2 = dot(r, r);
		onIteration?.({
			iteration: nIter,
			objective: (0.5 * (rNorm2 + b * dot(w, w)) + a * sumAbs(w)) / n,
			dualGap: gap / n,
			coef: Float64Array.from(w),
			intercept: interceptOf()
		});
		if (wMax === 0 || dwMax / wMax <= tol || iter === maxIter - 1) {
			if (gap <= gapTol) {
				converged = true;
				break;
			}
			if (doScreening) screen([...columns.keys()].filter((j) => !excluded[j]));
		}
	}
	return { coef: [...w], intercept: interceptOf(), nIter, dualGap: gap / n, converged };
}

/** y += s·x */
function axpy(s: number, x: Float64Array, y: Float64Array): void {
	for (let i = 0; i < y.length; i++) y[i]! += s * x[i]!;
}

function sumAbs(v: Float64Array): number {
	let s = 0;
	for (const x of v) s += Math.abs(x);
	return s;
}
