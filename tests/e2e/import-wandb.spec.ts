// A W&B `wandb/` folder dropped on the Import page (offline runs the real wandb SDK wrote:
// tests/fixtures/wandb/runs): a run per run log, with its history as metrics, its config as params, its notes,
// exit status and files.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, idle, openApp, test } from './fixtures';

test('a W&B folder of offline runs imports each run with its metrics, params, notes and status', async ({
	page
}) => {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-wandb-'));
	cpSync('tests/fixtures/wandb/runs', join(dir, 'wandb'), { recursive: true });
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(join(dir, 'wandb'));
	await expect(page.getByTestId('import-report')).toContainText('Import finished');
	await expect(page.getByTestId('runs-written')).toHaveText('4');
	await expect(page.getByTestId('import-report')).toContainText('W&B run folders');
	await page.getByTestId('import-report').getByRole('link', { name: 'runboard-demo' }).click();
	await idle(page);
	await expect(page.getByTestId('run-total')).toHaveText('4');
	await page.getByRole('link', { name: 'sgd-lr-0.1', exact: true }).click();
	await idle(page);
	await expect(page.getByRole('heading', { name: 'sgd-lr-0.1' })).toBeVisible();
	await expect(page.getByText('FINISHED').first()).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'optimizer.momentum' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'lr', exact: true })).toBeVisible();
	await expect(page.getByText('train/loss').first()).toBeVisible();
	await expect(page.getByText('A grid point with a larger learning rate.').first()).toBeVisible();
	await expect(
		page.getByTestId('artifact-browser').locator('[data-testid="artifact-entry"][data-path="output.log"]')
	).toBeVisible();
	const loss = await page.evaluate(async () => {
		const [experiment] = await window.runboard.searchExperiments();
		const { runs } = await window.runboard.searchRuns({
			experimentIds: [experiment?.experimentId as string],
			filter: "attributes.run_name = 'diverged'"
		});
		const run = runs[0];
		const points = await window.runboard.getMetricHistory(run?.info.runId as string, 'train/loss');
		return { status: run?.info.status, points: points.length };
	});
	expect(loss).toEqual({ status: 'FAILED', points: 20 });
});

test('an unrecognised file lists W&B among the formats read', async ({ page }) => {
	await openApp(page, 'import/');
	await page
		.getByTestId('file-input')
		.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
	await expect(page.getByTestId('import-error')).toContainText('W&B run folders');
});
