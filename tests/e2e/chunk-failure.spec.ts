// A part of the app fetched on demand (an import() chunk) that fails to download — offline with a half-filled
// cache, or a new version published since the page opened — leaves a clear message with Retry, never a blank;
// Retry shows the part once the chunk downloads again. The chunks are failed by what they hold (their names are
// hashes). Service workers are blocked so that every chunk comes from the network, as when the offline copy
// lacks it.
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumOptions } from '../../scripts/chromium.mjs';
import { openEntry } from './artifact-tools';
import { expect, idle, test } from './fixtures';

let profileDir = '';
let context: BrowserContext;
let page: Page;

test.beforeEach(async () => {
	profileDir = mkdtempSync(join(tmpdir(), 'runboard-e2e-'));
	context = await chromium.launchPersistentContext(profileDir, {
		...chromiumOptions(),
		baseURL: `http://127.0.0.1:${process.env.E2E_PORT ?? 4174}/runboard/`,
		serviceWorkers: 'block'
	});
	page = context.pages()[0] ?? (await context.newPage());
});

test.afterEach(async () => {
	await context.close();
	rmSync(profileDir, { recursive: true, force: true });
});

/** Fails every chunk whose text holds `marker` while `blocked.on`; returns how many downloads were failed. */
async function failChunksHolding(marker: string): Promise<{ on: boolean; failed: number }> {
	const blocked = { on: true, failed: 0 };
	await context.route('**/_app/immutable/**/*.js', async (route) => {
		if (!blocked.on) return route.continue();
		const response = await route.fetch();
		if ((await response.text()).includes(marker)) {
			blocked.failed++;
			return route.abort('internetdisconnected');
		}
		return route.fulfill({ response });
	});
	return blocked;
}

test('a run note whose renderer fails to download says so, and Retry renders it', async () => {
	// The renderer's own link policy string: only its chunk holds it.
	const blocked = await failChunksHolding('noopener noreferrer nofollow');
	await page.goto('');
	await idle(page);
	const runId = await page.evaluate(async () => {
		const experimentId = await window.runboard.createExperiment('notes');
		const run = await window.runboard.createRun({
			experimentId,
			runName: 'noted',
			tags: { 'mlflow.note.content': '**bold** note' }
		});
		return run.info.runId;
	});
	await page.goto(`runs/${runId}`);
	await idle(page);
	const failure = page.getByTestId('load-failed');
	await expect(failure).toContainText('The note could not be loaded');
	expect(blocked.failed).toBeGreaterThan(0);
	await expect(page.getByTestId('markdown')).toHaveCount(0);

	blocked.on = false;
	await failure.getByRole('button', { name: 'Retry' }).click();
	await expect(page.getByTestId('markdown').locator('strong')).toHaveText('bold');
	await expect(failure).toHaveCount(0);
});

test('an artifact preview whose code fails to download says so, and Retry shows the file', async () => {
	const blocked = await failChunksHolding('artifact-preview');
	await page.goto('');
	await idle(page);
	const runId = await page.evaluate(async () => {
		const experimentId = await window.runboard.createExperiment('files');
		const run = await window.runboard.createRun({ experimentId, runName: 'with-file' });
		await window.runboard.logArtifact(run.info.runId, 'notes/readme.txt', 'hello from a file');
		return run.info.runId;
	});
	await page.goto(`runs/${runId}`);
	await idle(page);
	await openEntry(page, 'notes/readme.txt');
	const failure = page.getByTestId('load-failed');
	await expect(failure).toContainText('The preview could not be loaded');
	expect(blocked.failed).toBeGreaterThan(0);

	// Still offline: Retry fails again, with the same clear message (not a blank).
	await failure.getByRole('button', { name: 'Retry' }).click();
	await idle(page);
	await expect(failure).toContainText('The preview could not be loaded');

	blocked.on = false;
	await failure.getByRole('button', { name: 'Retry' }).click();
	await expect(page.getByTestId('artifact-preview')).toContainText('hello from a file');
	await expect(failure).toHaveCount(0);
});
