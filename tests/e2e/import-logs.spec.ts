// Logs of other tools dropped on the Import page: a TensorBoard log folder (the event files tensorboardX and
// tensorboard's own writer wrote: tests/fixtures/tensorboard/logs), a TensorBoard.dev export, Lightning CSV logs:
// runs with their scalars, hparams and images.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEntry } from './artifact-tools';
import { expect, idle, openApp, test } from './fixtures';

test('a TensorBoard log folder imports a run per folder with its scalars, hparams and images', async ({
	page
}) => {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-tb-'));
	cpSync('tests/fixtures/tensorboard/logs', join(dir, 'logs'), { recursive: true });
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(join(dir, 'logs'));
	await expect(page.getByTestId('import-report')).toContainText('Import finished');
	await expect(page.getByTestId('runs-written')).toHaveText('6');
	await expect(page.getByTestId('import-report')).toContainText('TensorBoard event files');
	await idle(page);
	const tbx = await page.evaluate(async () => {
		const [experiment] = await window.runboard.searchExperiments();
		const { runs } = await window.runboard.searchRuns({
			experimentIds: [experiment?.experimentId as string],
			filter: "attributes.run_name = 'tbx'"
		});
		const run = runs[0];
		const loss = await window.runboard.getMetricHistory(run?.info.runId as string, 'train/loss');
		return {
			experiment: experiment?.name,
			runId: run?.info.runId,
			params: run?.data.params,
			points: loss.length,
			nan: loss.filter((p) => Number.isNaN(p.value)).length
		};
	});
	expect(tbx.experiment).toBe('logs');
	expect(tbx.points).toBe(50);
	expect(tbx.nan).toBe(1);
	expect(tbx.params).toEqual(expect.arrayContaining([{ key: 'optimizer', value: 'adam' }]));

	await openApp(page, `runs/${tbx.runId}/`);
	await expect(page.getByRole('heading', { name: 'tbx' })).toBeVisible();
	await expect(page.getByText('train/loss').first()).toBeVisible();
	await openEntry(page, 'tensorboard/images/samples/red/step_0.png');
	await expect
		.poll(() => page.getByTestId('image-preview').evaluate((i: HTMLImageElement) => i.naturalWidth))
		.toBe(4);
});

test('a TensorBoard.dev export imports its experiments with their names, notes and runs', async ({
	page
}) => {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-tbdev-'));
	cpSync('tests/fixtures/tensorboard-dev/export', join(dir, 'export'), { recursive: true });
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(join(dir, 'export'));
	await expect(page.getByTestId('runs-written')).toHaveText('3');
	await expect(page.getByTestId('import-report')).toContainText('TensorBoard.dev export');
	await page.getByTestId('import-report').getByRole('link', { name: 'MNIST sweep' }).click();
	await idle(page);
	await expect(page.getByTestId('run-total')).toHaveText('2');
	// The description is the experiment's note, rendered as sanitised markdown.
	await expect(page.getByText('Learning rates, conv and fc layers')).toBeVisible();
});

test("Lightning CSV logs import a run per version with the logger's hparams", async ({ page }) => {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-csv-'));
	cpSync('tests/fixtures/public/csv/lightning/Driemann-ml-aos/lightning_logs', join(dir, 'lightning_logs'), {
		recursive: true
	});
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(join(dir, 'lightning_logs'));
	await expect(page.getByTestId('runs-written')).toHaveText('2');
	await page.getByTestId('import-report').getByRole('link', { name: 'lightning_logs' }).click();
	await idle(page);
	await expect(page.getByRole('link', { name: 'version_1' })).toBeVisible();
	await page.getByRole('link', { name: 'version_1' }).click();
	await idle(page);
	await expect(page.getByRole('rowheader', { name: 'batch_size' })).toBeVisible();
	await expect(page.getByText('val_rmse').first()).toBeVisible();
});

test('Sacred runs import with their config, status, failure and captured output', async ({ page }) => {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-sacred-'));
	cpSync('tests/fixtures/sacred/runs', join(dir, 'observer'), { recursive: true });
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(join(dir, 'observer'));
	await expect(page.getByTestId('runs-written')).toHaveText('4');
	await page.getByTestId('import-report').getByRole('link', { name: 'sgd-demo' }).click();
	await idle(page);
	await page.getByRole('link', { name: 'sgd-demo #4' }).click();
	await idle(page);
	await expect(page.getByText('FAILED').first()).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'optimizer.momentum' })).toBeVisible();
	await expect(page.getByRole('cell', { name: 'RuntimeError: diverged' })).toBeVisible();
	await expect(
		page.getByTestId('artifact-browser').locator('[data-testid="artifact-entry"][data-path="cout.txt"]')
	).toBeVisible();
});

test('an unrecognised file lists TensorBoard among the formats read', async ({ page }) => {
	await openApp(page, 'import/');
	await page
		.getByTestId('file-input')
		.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
	await expect(page.getByTestId('import-error')).toContainText('TensorBoard event files');
});
