// The Train page on the built site: the default grid trains six ElasticNet runs into the workshop experiment (params,
// per-iteration histories, scores, model files that open on the run page) and tells the tour; the form refuses bad
// input and trains nothing; Stop ends the run in progress as KILLED; a prefilled SGD run logs an epoch history.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { openEntry } from './artifact-tools';
import { expect, idle, openApp, test } from './fixtures';

interface RunDigest {
	name: string;
	status: string;
	params: Record<string, string>;
	metrics: Record<string, number>;
	histories: Record<string, number[]>;
	files: string[];
}

/** Every run of the workshop experiment, with its histories and files ([] when there is no such experiment). */
async function workshopRuns(page: Page): Promise<RunDigest[]> {
	return page.evaluate(async () => {
		const rb = window.runboard;
		const experiment = await rb.getExperimentByName('diabetes-workshop');
		if (!experiment) return [];
		const { runs } = await rb.searchRuns({
			experimentIds: [experiment.experimentId],
			orderBy: ['attributes.run_name ASC']
		});
		return Promise.all(
			runs.map(async (run) => {
				const histories: Record<string, number[]> = {};
				for (const key of ['objective', 'dual_gap', 'train_rmse', 'test_rmse']) {
					histories[key] = (await rb.getMetricHistory(run.info.runId, key)).map((m) => m.step);
				}
				const files = await rb.listArtifactFilesOf({ runId: run.info.runId });
				return {
					name: run.info.runName,
					status: run.info.status,
					params: Object.fromEntries(run.data.params.map((p) => [p.key, p.value])),
					metrics: Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value])),
					histories,
					files: files.map((f) => f.path).sort()
				};
			})
		);
	});
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

test('the default grid trains six ElasticNet runs, logged with histories and model files, and tells the tour', async ({
	page
}) => {
	await openApp(page, 'train/');
	await expect(page.getByTestId('grid-size')).toHaveText('This makes 6 runs.');
	await page.evaluate(() => {
		const seen: unknown[] = [];
		(window as unknown as { __tour: unknown[] }).__tour = seen;
		window.addEventListener('runboard-tour', (e) => seen.push((e as CustomEvent).detail));
	});
	await page.locator('[data-tour="train-button"]').click();
	await expect(page.getByTestId('train-status')).toContainText('Run 1 of 6');
	const open = page.locator('[data-tour="open-experiment"]');
	await expect(open).toBeVisible({ timeout: 60_000 });
	await expect(page.getByTestId('train-status')).toHaveText('6 of 6 runs finished.');

	const runs = await workshopRuns(page);
	// scikit-learn's n_iter_ for each setting (tests/interop/export_diabetes.py fit): the history has one point per iteration.
	const iterations: Record<string, number> = {
		'elasticnet-a0.0001-l1r0.2': 132,
		'elasticnet-a0.0001-l1r0.8': 278,
		'elasticnet-a0.001-l1r0.2': 14,
		'elasticnet-a0.001-l1r0.8': 43,
		'elasticnet-a0.01-l1r0.2': 6,
		'elasticnet-a0.01-l1r0.8': 10
	};
	expect(runs.map((r) => r.name)).toEqual(Object.keys(iterations));
	for (const run of runs) {
		expect(run.status, run.name).toBe('FINISHED');
		expect(Object.keys(run.params).sort()).toEqual(['alpha', 'l1_ratio', 'max_iter', 'model', 'tol']);
		expect(run.params).toMatchObject({ model: 'ElasticNet', max_iter: '1000', tol: '0.0001' });
		expect(run.name).toBe(`elasticnet-a${run.params.alpha}-l1r${run.params.l1_ratio}`);
		for (const key of ['objective', 'dual_gap', 'train_rmse', 'test_rmse'])
			expect(run.histories[key], `${run.name} ${key}`).toEqual(range(iterations[run.name]!));
		expect(run.metrics.rmse).toBeGreaterThan(50);
		expect(run.metrics.rmse).toBeLessThan(62);
		expect(run.metrics.r2).toBeGreaterThan(0.3);
		expect(run.files).toEqual([
			'model/MLmodel',
			'model/coefficients.json',
			'model/requirements.txt',
			'residuals.svg'
		]);
	}
	const tour = await page.evaluate(
		() => (window as unknown as { __tour: { signal: string; experimentId: string }[] }).__tour
	);
	const experimentId = await page.evaluate(
		async () => (await window.runboard.getExperimentByName('diabetes-workshop'))!.experimentId
	);
	expect(tour).toEqual([{ signal: 'trained', experimentId }]);

	// The link opens the experiment with its six runs.
	await open.click();
	await expect(page).toHaveURL(new RegExp(`/experiments/${experimentId}/`));
	await idle(page);
	await expect(page.getByRole('link', { name: 'elasticnet-a0.001-l1r0.8' })).toBeVisible();

	// A run's model files open on its page: the MLmodel card (signature from the feature names, requirements),
	// requirements.txt as text, the residuals plot as a picture.
	await page.getByRole('link', { name: 'elasticnet-a0.001-l1r0.8' }).click();
	await idle(page);
	await openEntry(page, 'model/MLmodel');
	const card = page.getByTestId('mlmodel-summary');
	await expect(card.getByTestId('mlmodel-flavors')).toContainText('linear_model');
	await expect(card.getByTestId('mlmodel-signature')).toContainText('bmi');
	await expect(card.getByTestId('mlmodel-signature')).toContainText('target');
	await expect(card.getByTestId('mlmodel-requirements')).toContainText('scikit-learn==');
	await openEntry(page, 'model/requirements.txt');
	await expect(page.getByTestId('text-preview')).toContainText('ElasticNet(alpha=0.001, l1_ratio=0.8');
	await openEntry(page, 'model/coefficients.json');
	await expect(page.getByTestId('json-tree')).toContainText('intercept');
	await openEntry(page, 'residuals.svg');
	await expect
		.poll(() => page.getByTestId('image-preview').evaluate((i: HTMLImageElement) => i.naturalWidth))
		.toBeGreaterThan(0);
});

test('bad input gets a message that names the problem, and trains nothing', async ({ page }) => {
	await openApp(page, 'train/');
	const cases: [alpha: string, l1Ratio: string, message: string][] = [
		['abc', '0.5', 'alpha: “abc” is not a number.'],
		['-0.5', '0.5', 'alpha must be greater than 0 and at most 1000 (got -0.5).'],
		['0.1', '1.5', 'l1_ratio must be between 0 and 1 (got 1.5).'],
		['0.1, , 1', '0.5', 'alpha: a value is missing between two commas.'],
		[
			'1,2,3,4,5,6',
			'0.1,0.2,0.3,0.4,0.5',
			'That grid is 30 runs (6 alphas × 5 l1_ratios); at most 25 at once.'
		]
	];
	for (const [alpha, l1Ratio, message] of cases) {
		await page.getByLabel('alpha', { exact: true }).fill(alpha);
		await page.getByLabel('l1_ratio', { exact: true }).fill(l1Ratio);
		await page.locator('[data-tour="train-button"]').click();
		await expect(page.getByTestId('train-invalid')).toHaveText(message);
		await expect(page.getByTestId('grid-size')).toHaveCount(0);
	}
	await expect(page.getByTestId('train-runs')).toHaveCount(0);
	expect(await page.evaluate(() => window.runboard.getExperimentByName('diabetes-workshop'))).toBeNull();
	// Corrected, the message goes and training starts.
	await page.getByLabel('alpha', { exact: true }).fill('0.01');
	await page.getByLabel('l1_ratio', { exact: true }).fill('0.5');
	await page.locator('[data-tour="train-button"]').click();
	await expect(page.getByTestId('train-invalid')).toHaveCount(0);
	await expect(page.locator('[data-tour="open-experiment"]')).toBeVisible({ timeout: 30_000 });
	expect((await workshopRuns(page)).map((r) => [r.name, r.status])).toEqual([
		['elasticnet-a0.01-l1r0.5', 'FINISHED']
	]);
});

test('Stop ends the run in progress as KILLED and starts no other', async ({ page }) => {
	await openApp(page, 'train/');
	// By keyboard: Enter in a field trains, the focus moves to Stop, Enter there stops.
	await page.getByLabel('alpha', { exact: true }).press('Enter');
	await expect(page.getByTestId('train-stop')).toBeFocused();
	// The first run (132 iterations) is under way: its steps are showing.
	await expect(page.getByTestId('train-step')).toBeVisible();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Stopped' })).toBeVisible();
	await expect(page.getByTestId('train-stop')).toHaveCount(0);
	await expect(page.locator('[data-tour="train-button"]')).toBeEnabled();
	await expect
		.poll(async () => (await workshopRuns(page)).filter((r) => r.status === 'KILLED').length)
		.toBe(1);
	const runs = await workshopRuns(page);
	expect(runs.length).toBeLessThan(6);
	expect(runs.filter((r) => r.status !== 'KILLED').every((r) => r.status === 'FINISHED')).toBe(true);
	const killed = runs.find((r) => r.status === 'KILLED')!;
	expect(killed.files).toEqual([]); // no model files for a run that did not finish
	expect(killed.metrics.rmse).toBeUndefined();
	await expect(page.locator(`[data-state="killed"]`)).toHaveCount(1);
	await expect(page.locator('[data-tour="open-experiment"]')).toBeVisible();
});

test('?model=sgd&alpha=…&l1_ratio=… fills the form; SGD logs one point per epoch and its loss falls', async ({
	page
}) => {
	await openApp(page, 'train/?model=sgd&alpha=0.001&l1_ratio=0.5');
	await expect(page.getByLabel('SGDRegressor')).toBeChecked();
	await expect(page.getByLabel('alpha', { exact: true })).toHaveValue('0.001');
	await expect(page.getByLabel('l1_ratio', { exact: true })).toHaveValue('0.5');
	await expect(page.getByTestId('grid-size')).toHaveText('This makes 1 run.');
	await page.locator('[data-tour="train-button"]').click();
	await expect(page.locator('[data-tour="open-experiment"]')).toBeVisible({ timeout: 30_000 });
	const losses = await page.evaluate(async () => {
		const rb = window.runboard;
		const experiment = (await rb.getExperimentByName('diabetes-workshop'))!;
		const { runs } = await rb.searchRuns({ experimentIds: [experiment.experimentId] });
		const run = runs[0]!;
		return {
			name: run.info.runName,
			model: run.data.params.find((p) => p.key === 'model')?.value,
			history: (await rb.getMetricHistory(run.info.runId, 'train_rmse')).map((m) => [m.step, m.value])
		};
	});
	expect(losses.name).toBe('sgd-a0.001-l1r0.5');
	expect(losses.model).toBe('SGDRegressor');
	expect(losses.history.map(([step]) => step)).toEqual(range(60));
	expect(losses.history.at(-1)![1]!).toBeLessThan(losses.history[0]![1]! * 0.8);
});

for (const theme of ['light', 'dark'] as const) {
	test(`no serious or critical axe violations on the Train page, ${theme} theme`, async ({ page }) => {
		await page.addInitScript((t) => localStorage.setItem('runboard:theme', t), theme);
		const found: string[] = [];
		const check = async (where: string) => {
			await idle(page);
			const result = await new AxeBuilder({ page }).analyze();
			for (const v of result.violations)
				if (v.impact === 'serious' || v.impact === 'critical')
					found.push(`${where}: ${v.id} ×${v.nodes.length}: ${v.nodes[0]?.target.join(' ')} — ${v.help}`);
		};
		await openApp(page, 'train/?alpha=abc');
		await page.locator('[data-tour="train-button"]').click();
		await expect(page.getByTestId('train-invalid')).toBeVisible();
		await check('refused input');
		await page.getByLabel('alpha', { exact: true }).fill('0.01');
		await page.locator('[data-tour="train-button"]').click();
		await expect(page.locator('[data-tour="open-experiment"]')).toBeVisible({ timeout: 30_000 });
		await check('trained');
		expect(found).toEqual([]);
	});
}
