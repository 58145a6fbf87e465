import { expect, idle, openApp, test } from './fixtures';

test('a first visit shows the empty state; the demo loads real runs; pages deep-link and reload', async ({
	page
}) => {
	await openApp(page);
	await expect(page.getByTestId('empty-state')).toBeVisible();
	// The other way in: training in the browser, with the guided tour.
	await expect(page.getByRole('link', { name: 'Train it here' })).toHaveAttribute(
		'href',
		'/runboard/train/?tour=1'
	);
	await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
	await expect(page).toHaveURL(/\/runboard\/experiments\/\d+\/$/);
	await idle(page);
	const table = page.getByTestId('runs-table');
	await expect(table.locator('tbody tr')).toHaveCount(15);
	await expect(page.locator('h1').first()).toHaveText('diabetes-quickstart');
	// one column per param and per latest metric
	await expect(table.locator('th[data-column="param:alpha"]')).toBeVisible();
	await expect(table.locator('th[data-column="metric:rmse"]')).toBeVisible();

	// Sort by rmse ascending: the first row holds the smallest value the database has.
	await table.locator('th[data-column="metric:rmse"] button').click();
	const best = await page.evaluate(async () => {
		const exp = await window.runboard.getExperimentByName('diabetes-quickstart');
		const { runs } = await window.runboard.searchRuns({ experimentIds: [exp!.experimentId] });
		const values = runs.flatMap((r) => r.data.metrics.filter((m) => m.key === 'rmse').map((m) => m.value));
		return Math.min(...values);
	});
	const firstRmse = await table
		.locator('tbody tr')
		.first()
		.locator('td[data-column="metric:rmse"]')
		.textContent();
	expect(Number(firstRmse)).toBeCloseTo(best, 4);

	// Open a run, then reload its deep link.
	await table.getByRole('link', { name: 'sgd-iterative' }).click();
	await expect(page).toHaveURL(/\/runboard\/runs\/[0-9a-f]{32}\/$/);
	await idle(page);
	const runId = page.url().match(/runs\/([0-9a-f]{32})/)![1]!;
	const paramCount = await page.evaluate(
		async (id) => (await window.runboard.getRun(id)).data.params.length,
		runId
	);
	expect(paramCount).toBe(4);
	await expect(page.getByTestId('params').locator('tr')).toHaveCount(paramCount);
	// Charts are drawn once scrolled near, as a person reading down the page reaches them.
	await page.getByRole('heading', { name: /^Charts/ }).scrollIntoViewIfNeeded();
	await expect(page.getByTestId('line-chart').first()).toHaveAttribute('data-state', 'ready');
	await page.reload();
	await idle(page);
	await expect(page.getByTestId('params').locator('tr')).toHaveCount(paramCount);
});

test('an unknown run id shows a clear error, not a blank page', async ({ page }) => {
	await openApp(page, `runs/${'0'.repeat(32)}/`);
	await expect(page.getByRole('alert')).toContainText('No run with id');
});

test('the runs table refreshes live when runs are logged from the page API', async ({ page }) => {
	await openApp(page);
	const experimentId = await page.evaluate(() => window.runboard.createExperiment('live'));
	await openApp(page, `experiments/${experimentId}/`);
	await expect(page.getByTestId('no-runs')).toBeVisible();
	await page.evaluate(async (id) => {
		const run = await window.runboard.createRun({ experimentId: id, runName: 'from-api' });
		await window.runboard.logBatch(run.info.runId, {
			params: { lr: 0.01 },
			metrics: [{ key: 'loss', value: 0.5, step: 3 }]
		});
	}, experimentId);
	const row = page.getByTestId('runs-table').locator('tbody tr');
	await expect(row).toHaveCount(1);
	await expect(row.locator('td[data-column="param:lr"]')).toHaveText('0.01');
	await expect(row.locator('td[data-column="metric:loss"]')).toHaveText('0.5');
});

test('experiments can be created, renamed, deleted and restored from the UI', async ({ page }) => {
	await openApp(page);
	await page.getByLabel('New experiment').fill('from-ui');
	await page.getByRole('button', { name: 'Create' }).click();
	await expect(page.getByRole('link', { name: 'from-ui' })).toBeVisible();
	await page.getByRole('button', { name: 'Rename' }).click();
	await page.getByLabel('New name').fill('renamed');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('link', { name: 'renamed' })).toBeVisible();
	await page.getByRole('button', { name: 'Delete' }).click();
	await expect(page.getByRole('link', { name: 'renamed' })).toHaveCount(0);
	await page.getByLabel('Show deleted').check();
	await page.getByRole('button', { name: 'Restore' }).click();
	await page.getByLabel('Show deleted').uncheck();
	await expect(page.getByRole('link', { name: 'renamed' })).toBeVisible();
	// A duplicate name gets a readable error.
	await page.getByLabel('New experiment').fill('renamed');
	await page.getByRole('button', { name: 'Create' }).click();
	await expect(page.getByRole('alert')).toContainText('already exists');
});

test('a markdown note is rendered, sanitised: no script runs, unsafe links lose their target', async ({
	page
}) => {
	await page.addInitScript(() => {
		(window as unknown as { __pwned: number }).__pwned = 0;
	});
	await openApp(page);
	const runId = await page.evaluate(async () => {
		const id = await window.runboard.createExperiment('notes');
		const run = await window.runboard.createRun({
			experimentId: id,
			runName: '<img src=x onerror="window.__pwned++">'
		});
		await window.runboard.setTag(
			run.info.runId,
			'mlflow.note.content',
			'# Title\n\n<script>window.__pwned++</script><img src=x onerror="window.__pwned++">\n\n' +
				'[bad](javascript:window.__pwned++) [good](https://example.org)'
		);
		return run.info.runId;
	});
	await page.goto(`runs/${runId}/`);
	await idle(page);
	const note = page.getByTestId('markdown');
	await expect(note.locator('h1')).toHaveText('Title');
	await expect(note.locator('script, img')).toHaveCount(0);
	await expect(note.getByRole('link', { name: 'good' })).toHaveAttribute('href', 'https://example.org');
	expect(await note.locator('a', { hasText: 'bad' }).getAttribute('href')).toBeNull();
	await expect(page.locator('h1').first()).toHaveText('<img src=x onerror="window.__pwned++">');
	expect(await page.evaluate(() => (window as unknown as { __pwned: number }).__pwned)).toBe(0);
});
