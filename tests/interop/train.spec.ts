// The Train page against the REAL scikit-learn: the built site trains a 3×3 grid of ElasticNet runs in the
// browser, every run is read back through window.runboard (params, scores, the iteration history and the
// coefficients.json artifact), and scikit-learn in the interop venv fits the same grid afresh
// (tests/interop/export_diabetes.py fit, not the committed unit-test fixture). Coefficients, intercept, rmse, r2
// and mae agree to 1e-6, and the history has one point per scikit-learn iteration.
import { execFileSync } from 'node:child_process';
import { expect, openApp, test } from '../e2e/fixtures';

const PYTHON = 'tests/interop/.venv/bin/python';
const ALPHAS = ['0.01', '0.1', '1'];
const L1_RATIOS = ['0.1', '0.5', '0.9'];
const TOLERANCE = 1e-6;

interface Fit {
	alpha: number;
	l1_ratio: number;
	coef: number[];
	intercept: number;
	n_iter: number;
	rmse: number;
	r2: number;
	mae: number;
}

function sklearnFits(): { sklearn_version: string; fits: Fit[] } {
	const out = execFileSync(
		PYTHON,
		['tests/interop/export_diabetes.py', 'fit', '--alpha', ...ALPHAS, '--l1-ratio', ...L1_RATIOS],
		{ encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } }
	);
	return JSON.parse(out) as { sklearn_version: string; fits: Fit[] };
}

test('a 3×3 ElasticNet grid trained in the browser equals scikit-learn’s fits to 1e-6', async ({ page }) => {
	await openApp(page, `train/?model=elasticnet&alpha=${ALPHAS.join(',')}&l1_ratio=${L1_RATIOS.join(',')}`);
	await expect(page.getByTestId('grid-size')).toHaveText('This makes 9 runs.');
	await page.locator('[data-tour="train-button"]').click();
	await expect(page.locator('[data-tour="open-experiment"]')).toBeVisible({ timeout: 120_000 });
	await expect(page.getByTestId('train-status')).toHaveText('9 of 9 runs finished.');

	const browser: Fit[] = await page.evaluate(async () => {
		const rb = window.runboard;
		const experiment = (await rb.getExperimentByName('diabetes-workshop'))!;
		const { runs } = await rb.searchRuns({ experimentIds: [experiment.experimentId] });
		return Promise.all(
			runs.map(async ({ info }) => {
				const run = await rb.getRun(info.runId);
				const param = (key: string) => Number(run.data.params.find((p) => p.key === key)!.value);
				const metric = (key: string) => run.data.metrics.find((m) => m.key === key)!.value;
				const model = JSON.parse(await (await rb.getArtifact(info.runId, 'model/coefficients.json')).text());
				return {
					alpha: param('alpha'),
					l1_ratio: param('l1_ratio'),
					coef: model.coef,
					intercept: model.intercept,
					n_iter: (await rb.getMetricHistory(info.runId, 'objective')).length,
					rmse: metric('rmse'),
					r2: metric('r2'),
					mae: metric('mae')
				};
			})
		);
	});
	const reference = sklearnFits();
	expect(reference.sklearn_version).toMatch(/^\d+\.\d+/);
	expect(reference.fits).toHaveLength(9);
	expect(browser).toHaveLength(9);

	let worst = 0;
	for (const expected of reference.fits) {
		const label = `alpha=${expected.alpha} l1_ratio=${expected.l1_ratio}`;
		const got = browser.find((b) => b.alpha === expected.alpha && b.l1_ratio === expected.l1_ratio);
		expect(got, label).toBeDefined();
		expect(got!.n_iter, `${label} iterations`).toBe(expected.n_iter);
		expect(got!.coef, label).toHaveLength(10);
		const pairs: [string, number, number][] = [
			...expected.coef.map((c, i): [string, number, number] => [`coef[${i}]`, got!.coef[i]!, c]),
			['intercept', got!.intercept, expected.intercept],
			['rmse', got!.rmse, expected.rmse],
			['r2', got!.r2, expected.r2],
			['mae', got!.mae, expected.mae]
		];
		for (const [what, actual, want] of pairs) {
			const difference = Math.abs(actual - want);
			worst = Math.max(worst, difference);
			expect(difference, `${label} ${what}: browser ${actual}, scikit-learn ${want}`).toBeLessThanOrEqual(
				TOLERANCE
			);
		}
	}
	console.log(
		`[train interop] scikit-learn ${reference.sklearn_version}: largest difference ${worst.toExponential(2)}`
	);
});
