// The browser's ElasticNet against scikit-learn's own fits (tests/fixtures/train/sklearn-elasticnet.json, written by
// tests/interop/export_diabetes.py from the same static/train/diabetes.json rows): coefficients, intercept,
// iteration count and test scores equal to 1e-6.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDiabetes } from '$lib/train/data';
import { fitElasticNet } from '$lib/train/elastic-net';
import { predict, scores } from '$lib/train/metrics';

interface Reference {
	provenance: { script: string; sklearn_version: string };
	fits: {
		alpha: number;
		l1_ratio: number;
		coef: number[];
		intercept: number;
		n_iter: number;
		dual_gap: number;
		rmse: number;
		r2: number;
		mae: number;
	}[];
}

const data = parseDiabetes(JSON.parse(readFileSync('static/train/diabetes.json', 'utf8')));
const reference = JSON.parse(
	readFileSync('tests/fixtures/train/sklearn-elasticnet.json', 'utf8')
) as Reference;

/** |a − b| ≤ 1e-6, with the index in the message. */
function expectClose(actual: number[], expected: number[], what: string): void {
	expect(actual).toHaveLength(expected.length);
	actual.forEach((v, i) =>
		expect(Math.abs(v - expected[i]!), `${what}[${i}]: ${v} vs ${expected[i]}`).toBeLessThan(1e-6)
	);
}

describe('ElasticNet by coordinate descent, as scikit-learn fits it', () => {
	it('has the reference it is checked against (3×3 grid, with provenance)', () => {
		expect(reference.provenance.script).toContain('export_diabetes.py');
		expect(reference.provenance.sklearn_version).toMatch(/^\d+\.\d+/);
		expect(reference.fits.map((f) => [f.alpha, f.l1_ratio])).toEqual([
			[0.01, 0.1],
			[0.01, 0.5],
			[0.01, 0.9],
			[0.1, 0.1],
			[0.1, 0.5],
			[0.1, 0.9],
			[1, 0.1],
			[1, 0.5],
			[1, 0.9]
		]);
	});

	for (const ref of reference.fits) {
		it(`alpha=${ref.alpha} l1_ratio=${ref.l1_ratio}: coef, intercept, n_iter, rmse, r2, mae`, () => {
			const fit = fitElasticNet(data.xTrain, data.yTrain, { alpha: ref.alpha, l1Ratio: ref.l1_ratio });
			expectClose(fit.coef, ref.coef, 'coef');
			expectClose([fit.intercept], [ref.intercept], 'intercept');
			expect(fit.nIter).toBe(ref.n_iter);
			expectClose([fit.dualGap], [ref.dual_gap], 'dual_gap');
			const s = scores(data.yTest, predict(data.xTest, fit.coef, fit.intercept));
			expectClose([s.rmse, s.r2, s.mae], [ref.rmse, ref.r2, ref.mae], 'rmse, r2, mae');
		});
	}
});
