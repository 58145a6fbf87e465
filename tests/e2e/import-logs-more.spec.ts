// More logs dropped on the Import page: a DVCLive project folder (written by the real dvclive), a JSONL metric log
// (written with Python's json module), a gzipped JSONL log, and Sacred's MongoDB dump (the public sample): runs with
// their params and metrics on screen.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, idle, openApp, test } from './fixtures';

test('a DVCLive folder imports a run per project with its params and histories', async ({ page }) => {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-dvclive-'));
	cpSync('tests/fixtures/dvclive/runs', join(dir, 'projects'), { recursive: true });
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(join(dir, 'projects'));
	await expect(page.getByTestId('runs-written')).toHaveText('2');
	await expect(page.getByTestId('import-report')).toContainText('DVCLive logs');
	await page.getByTestId('import-report').getByRole('link', { name: 'projects' }).click();
	await idle(page);
	await page.getByRole('link', { name: 'run-b' }).click();
	await idle(page);
	await expect(page.getByRole('rowheader', { name: 'optimizer/momentum' })).toBeVisible();
	await expect(page.getByText('train/loss').first()).toBeVisible();
	await expect(
		page.getByTestId('artifact-browser').locator('[data-testid="artifact-entry"][data-path="report.html"]')
	).toBeVisible();
});

test('a JSONL metric log imports as a run with its metrics', async ({ page }) => {
	await openApp(page, 'import/');
	await page.getByTestId('file-input').setInputFiles('tests/fixtures/jsonl/logs/train.jsonl');
	await expect(page.getByTestId('runs-written')).toHaveText('1');
	await expect(page.getByTestId('import-report')).toContainText('JSONL metric logs');
	await page.getByTestId('import-report').getByRole('link', { name: 'JSONL logs' }).click();
	await idle(page);
	await page.getByRole('link', { name: 'train', exact: true }).click();
	await idle(page);
	await expect(page.getByRole('heading', { name: 'train' })).toBeVisible();
	await expect(page.getByText('grad_norm').first()).toBeVisible();
});

test('a gzipped log is read as the file it holds', async ({ page }) => {
	await openApp(page, 'import/');
	await page.getByTestId('file-input').setInputFiles({
		name: 'points.jsonl.gz',
		mimeType: 'application/gzip',
		buffer: gzipSync(readFileSync('tests/fixtures/jsonl/logs/points.jsonl'))
	});
	await expect(page.getByTestId('runs-written')).toHaveText('1');
	await expect(page.getByTestId('import-report')).toContainText('JSONL metric logs');
	const points = await page.evaluate(async () => {
		const experiments = await window.runboard.searchExperiments();
		const { runs } = await window.runboard.searchRuns({
			experimentIds: experiments.map((e) => e.experimentId)
		});
		const run = runs.find((r) => r.info.runName === 'points');
		return (await window.runboard.getMetricHistory(run?.info.runId as string, 'val/acc')).length;
	});
	expect(points).toBe(4);
});

test("Sacred's MongoDB dump imports its runs with config, status and metrics", async ({ page }) => {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-sacred-mongo-'));
	cpSync('tests/fixtures/public/sacred/chovanecm-sacredboard/mongodb/dump', join(dir, 'dump'), {
		recursive: true
	});
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(join(dir, 'dump'));
	await expect(page.getByTestId('runs-written')).toHaveText('37');
	await expect(page.getByTestId('import-report')).toContainText('Sacred MongoDB dumps');
	await page.getByTestId('import-report').getByRole('link', { name: 'iris_rbf_svm' }).click();
	await idle(page);
	await page.getByRole('link', { name: 'iris_rbf_svm #3' }).click();
	await idle(page);
	await expect(page.getByRole('rowheader', { name: 'gamma' })).toBeVisible();
	await expect(page.getByText('FINISHED').first()).toBeVisible();
});

test('an unrecognised file lists the log formats read', async ({ page }) => {
	await openApp(page, 'import/');
	await page
		.getByTestId('file-input')
		.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
	for (const format of ['JSONL metric logs', 'DVCLive logs', 'Sacred MongoDB dumps'])
		await expect(page.getByTestId('import-error')).toContainText(format);
});
