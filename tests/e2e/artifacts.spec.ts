// The artifact browser on real MLflow files: the quickstart's logged model (MLmodel summary + requirements.txt)
// from both stores, every preview type on files logged by the real MLflow (tests/interop/artifacts.py),
// downloads, images by step, and hostile files that must stay inert.
import { cpSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { openEntry } from './artifact-tools';
import { expect, idle, openApp, test } from './fixtures';

const PREVIEWS = 'tests/fixtures/mlflow-artifacts/mlruns';

async function importFolder(page: Page, dir: string): Promise<void> {
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(dir);
	await expect(page.getByTestId('import-report')).toContainText('Import finished');
	await idle(page);
}

async function runIdByName(page: Page, experiment: string, runName: string): Promise<string> {
	return page.evaluate(
		async ({ experiment, runName }) => {
			const exp = await window.runboard.getExperimentByName(experiment);
			const { runs } = await window.runboard.searchRuns({ experimentIds: [exp!.experimentId] });
			return runs.find((r) => r.info.runName === runName)!.info.runId;
		},
		{ experiment, runName }
	);
}

async function openPreviewsRun(page: Page): Promise<string> {
	await importFolder(page, PREVIEWS);
	const runId = await runIdByName(page, 'artifact-previews', 'previews-0');
	await openApp(page, `runs/${runId}/`);
	return runId;
}

async function expectNothingRan(page: Page, title: string): Promise<void> {
	const seen = await page.evaluate(() => ({
		pwned: (window as unknown as { __pwned?: unknown }).__pwned,
		title: document.title,
		unsandboxed: document.querySelectorAll('iframe:not([sandbox])').length,
		sameOrigin: [...document.querySelectorAll('iframe')].filter((f) =>
			(f.getAttribute('sandbox') ?? '').includes('allow-same-origin')
		).length
	}));
	expect(seen).toEqual({ pwned: undefined, title, unsandboxed: 0, sameOrigin: 0 });
}

test.describe('logged models of the real MLflow quickstart', () => {
	async function checkModelCard(page: Page) {
		const runId = await page.evaluate(async () => {
			const exp = await window.runboard.getExperimentByName('diabetes-quickstart');
			const { runs } = await window.runboard.searchRuns({ experimentIds: [exp!.experimentId] });
			for (const run of runs) {
				const models = await window.runboard.listLoggedModels(run.info.runId);
				if (models.some((m) => m.files > 0)) return run.info.runId;
			}
			return '';
		});
		expect(runId).toMatch(/^[0-9a-f]{32}$/);
		await openApp(page, `runs/${runId}/`);
		await expect(page.getByTestId('logged-models-heading')).toBeVisible();
		const model = page.getByTestId('logged-model').first();
		await model.locator('summary').click();
		await model.locator('[data-testid="artifact-entry"][data-path="MLmodel"]').click();
		await idle(page);
		const card = page.getByTestId('mlmodel-summary');
		await expect(card.getByTestId('mlmodel-flavors')).toContainText('sklearn (sklearn 1.9.1)');
		await expect(card.getByTestId('mlmodel-flavors')).toContainText('python_function');
		await expect(card.getByTestId('mlmodel-python')).toHaveText('3.11.7');
		await expect(card.getByTestId('mlmodel-signature')).toContainText('bmi');
		await expect(card.getByTestId('mlmodel-signature')).toContainText('tensor float64 [-1]');
		await expect(card.getByTestId('mlmodel-requirements')).toContainText('mlflow==3.18.0');
		await expect(card.getByTestId('mlmodel-requirements')).toContainText('scikit-learn==1.9.1');
		await expect(card.getByTestId('mlmodel-environment')).toContainText('conda.yaml');
		// The environment files open in the preview pane.
		await card.getByRole('button', { name: 'python_env.yaml' }).click();
		await idle(page);
		await expect(page.getByTestId('artifact-preview')).toHaveAttribute('data-path', 'python_env.yaml');
		await expect(page.getByTestId('text-preview')).toContainText('python: 3.11.7');
	}

	test('from the mlruns folder: MLmodel summary and requirements.txt on the source run', async ({ page }) => {
		await importFolder(page, 'tests/fixtures/mlflow/mlruns');
		await checkModelCard(page);
	});

	test('from mlflow.db with its mlartifacts folder', async ({ page }) => {
		const dir = join(mkdtempSync(join(tmpdir(), 'runboard-artifacts-')), 'tracking');
		cpSync('tests/fixtures/mlflow/mlflow.db', join(dir, 'mlflow.db'));
		cpSync('tests/fixtures/mlflow/mlartifacts', join(dir, 'mlartifacts'), { recursive: true });
		await importFolder(page, dir);
		await checkModelCard(page);
	});
});

test('text, tables, JSON and YAML previews of real MLflow artifacts', async ({ page }) => {
	await openPreviewsRun(page);
	await openEntry(page, 'logs/train.log');
	await expect(page.getByTestId('text-preview')).toHaveAttribute('data-lines', '3000');
	await expect(page.getByTestId('text-preview')).toContainText('line 2999: ');

	await openEntry(page, 'tables/history.csv');
	await expect(page.getByTestId('table-count')).toContainText('700 rows × 3 columns · showing the first 500');
	const table = page.getByTestId('table-preview');
	await expect(table.locator('tbody tr')).toHaveCount(500);
	await table.getByRole('button', { name: 'epoch' }).click();
	await table.getByRole('button', { name: /epoch/ }).click();
	await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('500');

	await openEntry(page, 'tables/history.tsv');
	await expect(page.getByTestId('table-count')).toContainText('50 rows × 3 columns');

	// log_table's JSON is a table, with its tree one click away.
	await openEntry(page, 'tables/predictions.json');
	await expect(page.getByTestId('table-count')).toContainText('20 rows × 3 columns');
	await page.getByRole('button', { name: 'Tree' }).click();
	await expect(page.getByTestId('json-tree')).toContainText('columns');
	// One-line JSON as log_table writes it reads as indented, highlighted text.
	await page.getByRole('button', { name: 'Text' }).click();
	await expect(page.getByTestId('text-preview')).toHaveAttribute('data-highlighted', 'json');
	await expect(page.getByTestId('text-preview')).toContainText('"columns": [\n    "epoch",');

	// A "__proto__" key is shown as data and pollutes nothing.
	await openEntry(page, 'config/config.json');
	await expect(page.getByTestId('json-tree')).toContainText('__proto__');
	await expect(page.getByTestId('json-tree')).toContainText('polluted');
	expect(await page.evaluate(() => ({}) as Record<string, unknown>).then((o) => o.polluted)).toBeUndefined();

	await openEntry(page, 'config/config.yaml');
	await expect(page.getByTestId('text-preview')).toContainText('optimizer: adam');
	await expect(page.getByTestId('text-preview')).toHaveAttribute('data-highlighted', 'yaml');
	await expect(page.getByTestId('text-preview').locator('.tok.key', { hasText: 'optimizer' })).toHaveCount(1);
	await openEntry(page, 'config/unsafe.yaml');
	await expect(page.getByTestId('artifact-preview')).toContainText('Unresolved tag');

	await openEntry(page, 'data/weights.npy');
	await expect(page.getByTestId('hex-preview')).toContainText('|.NUMPY');
});

test('images with zoom, SVG as an image, PDF, audio, video and HTML in a sandboxed frame', async ({
	page
}) => {
	const title = await page.title();
	await openPreviewsRun(page);
	for (const path of [
		'curve.png',
		'images/red.jpg',
		'images/blue.gif',
		'images/green.webp',
		'images/yellow.bmp'
	]) {
		await openEntry(page, path);
		const img = page.getByTestId('image-preview');
		await expect(img).toBeVisible();
		await expect
			.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth), { message: path })
			.toBeGreaterThan(0);
	}
	await openEntry(page, 'curve.png');
	await page.getByRole('button', { name: 'Zoom the image in' }).click();
	await expect(page.getByTestId('image-zoom')).toHaveText('200%');

	await openEntry(page, 'figures/curve.svg');
	await expect
		.poll(() => page.getByTestId('image-preview').evaluate((i: HTMLImageElement) => i.naturalWidth))
		.toBeGreaterThan(0);
	await page.getByRole('button', { name: 'As a document (sandboxed)' }).click();
	await expect(page.getByTestId('document-frame')).toHaveAttribute('sandbox', '');

	// Chromium refuses to run its PDF viewer in a sandboxed frame, and documents are never shown unsandboxed:
	// a PDF is explained and offered for download.
	await openEntry(page, 'figures/curve.pdf');
	await expect(page.getByTestId('artifact-preview')).toHaveAttribute('data-kind', 'pdf');
	await expect(page.getByTestId('pdf-preview')).toContainText('PDF 1.4');
	await expect(page.getByTestId('artifact-preview').locator('iframe')).toHaveCount(0);

	await openEntry(page, 'media/tone.wav');
	await expect
		.poll(() => page.getByTestId('audio-preview').evaluate((a: HTMLAudioElement) => a.duration))
		.toBeCloseTo(0.25, 2);
	await openEntry(page, 'media/clip.webm');
	await expect
		.poll(() => page.getByTestId('video-preview').evaluate((v: HTMLVideoElement) => v.videoWidth))
		.toBe(64);

	await openEntry(page, 'reports/table.html');
	const frame = page.getByTestId('document-frame');
	await expect(frame).toHaveAttribute('sandbox', '');
	await expect(frame).not.toHaveAttribute('src', /./);
	await expect(page.getByTestId('document-frame-hint')).toContainText('scripts switched off');
	await expect(page.frameLocator('[data-testid="document-frame"]').locator('table tr').first()).toContainText(
		'epoch'
	);
	await expectNothingRan(page, title.replace(/^.*$/, await page.title()));
});

test('hostile files: an "image" that is HTML, an SVG with scripts, a truncated PNG — nothing runs', async ({
	page
}) => {
	await openPreviewsRun(page);
	const title = await page.title();

	await openEntry(page, 'hostile/fake.png');
	await expect(page.getByTestId('kind-note')).toContainText('Named like an image');
	await expect(page.getByTestId('text-preview')).toContainText('<script>parent.__pwned = 1;');
	await expect(page.getByTestId('text-preview')).toHaveAttribute('data-highlighted', '');
	await expect(page.getByTestId('artifact-preview').locator('img, iframe')).toHaveCount(0);

	await openEntry(page, 'hostile/script.svg');
	// Drawn as a PNG (sanitised, rasterised at 2×), never as an SVG document: its URL is a picture's.
	await expect(page.getByTestId('image-dims')).toHaveText('40 × 40 px');
	await expect
		.poll(() => page.getByTestId('image-preview').evaluate((i: HTMLImageElement) => i.naturalWidth))
		.toBeGreaterThanOrEqual(80);
	await expectNothingRan(page, title);
	// As a document, in a frame with an empty sandbox: no script runs, not even in the frame's opaque origin.
	await page.getByRole('button', { name: 'As a document (sandboxed)' }).click();
	const frame = page.frameLocator('[data-testid="document-frame"]');
	await expect(frame.locator('rect')).toHaveCount(1);
	await expectNothingRan(page, title);

	await openEntry(page, 'hostile/truncated.png');
	await expect(page.getByTestId('kind-note')).toContainText('truncated');
	await expectNothingRan(page, title);
});

test('download a file, a folder as a zip, and copy a path', async ({ page, context }) => {
	await openPreviewsRun(page);
	await openEntry(page, 'summary.txt');
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('download-file').click()
	]);
	expect(file.suggestedFilename()).toBe('summary.txt');
	expect(await readFile((await file.path())!, 'utf8')).toBe('run 0\nloss went down\nseed 0\n');

	await openEntry(page, 'config');
	const [zip] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('download-folder').click()
	]);
	expect(zip.suggestedFilename()).toBe('config.zip');
	const entries = unzipSync(new Uint8Array(await readFile((await zip.path())!)));
	expect(Object.keys(entries).sort()).toEqual([
		'config/config.json',
		'config/config.yaml',
		'config/unsafe.yaml'
	]);
	expect(new TextDecoder().decode(entries['config/config.yaml'])).toContain('optimizer: adam');

	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.getByTestId('copy-path').click();
	await expect(page.getByTestId('artifact-status')).toHaveText('Copied config');
});

test('images logged per step: a step slider over the grid', async ({ page }) => {
	await openPreviewsRun(page);
	const grid = page.getByTestId('step-images');
	await expect(grid.getByTestId('step-value')).toHaveText('3');
	await expect(grid.getByTestId('step-image-cell')).toHaveAttribute('data-step', '3');
	await grid.getByTestId('step-slider').fill('1');
	await expect(grid.getByTestId('step-value')).toHaveText('1');
	await expect(grid.getByTestId('step-image-cell')).toHaveAttribute('data-step', '1');
	await expect
		.poll(() => grid.getByTestId('artifact-image').evaluate((i: HTMLImageElement) => i.naturalWidth))
		.toBe(32);
});

test('logArtifact from the page: stored, listed, shown; bad paths are refused', async ({ page }) => {
	const runId = await openPreviewsRun(page);
	const result = await page.evaluate(async (id) => {
		const errors: string[] = [];
		for (const bad of ['../x', '/abs', '.. /x', '']) {
			await window.runboard.logArtifact(id, bad, 'x').catch((e: { code: string }) => errors.push(e.code));
		}
		await window.runboard.logArtifact(id, 'notes/from-page.txt', 'hello from the page');
		const listed = await window.runboard.listArtifacts(id, 'notes');
		const text = await (await window.runboard.getArtifact(id, 'notes/from-page.txt')).text();
		return { errors, listed, text };
	}, runId);
	expect(result.errors).toEqual([
		'INVALID_ARGUMENT',
		'INVALID_ARGUMENT',
		'INVALID_ARGUMENT',
		'INVALID_ARGUMENT'
	]);
	expect(result.listed).toEqual([{ path: 'notes/from-page.txt', isDir: false, size: 19 }]);
	expect(result.text).toBe('hello from the page');
	await idle(page);
	await openEntry(page, 'notes/from-page.txt');
	await expect(page.getByTestId('text-preview')).toContainText('hello from the page');
});

test('a folder of many files draws 500 entries, then more on request', async ({ page }) => {
	await openApp(page, '');
	const runId = await page.evaluate(async () => {
		const experimentId = await window.runboard.createExperiment('many-files');
		const run = await window.runboard.createRun({ experimentId, runName: 'many' });
		for (let i = 0; i < 502; i++) {
			await window.runboard.logArtifact(run.info.runId, `many/f${String(i).padStart(3, '0')}.txt`, `${i}`);
		}
		return run.info.runId;
	});
	await openApp(page, `runs/${runId}/`);
	await openEntry(page, 'many');
	const entries = page.getByTestId('artifact-browser').locator('[data-path^="many/"]');
	await expect(entries).toHaveCount(500);
	await page.getByRole('button', { name: 'Show 2 more of 2' }).click();
	await expect(entries).toHaveCount(502);
	await openEntry(page, 'many/f501.txt');
	await expect(page.getByTestId('text-preview')).toHaveText(/501/);
});
