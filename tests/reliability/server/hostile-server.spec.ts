// The hostile MLflow server through the built site in Chromium: the browser's own fetch (in the database
// worker), its streams and its aborts, and what the Import page says. The Node half (hostile-servers.test.ts) has
// every misbehaviour; these are the ones whose ending the user sees.
import type { Page } from '@playwright/test';
import { expect, openApp, test } from '../../e2e/fixtures';
import { type HostileServer, startHostileServer } from './hostile-server';

let server: HostileServer;

test.beforeAll(async () => {
	server = await startHostileServer();
});

test.afterAll(() => server.close());

async function connect(page: Page, url: string): Promise<void> {
	await openApp(page, 'import');
	await page.getByTestId('server-url').fill(url);
	await page.getByRole('button', { name: 'Connect and import' }).click();
}

test('Cancel while the server is sending an answer says "Import cancelled"', async ({ page }) => {
	const url = server.url('stalls-mid-body');
	await connect(page, url);
	await expect.poll(() => server.stats(url).requests).toBeGreaterThanOrEqual(2);
	await page.getByTestId('import-progress').getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByTestId('import-report').getByRole('heading', { level: 2 })).toHaveText(
		'Import cancelled'
	);
	await expect(page.getByTestId('runs-written')).toHaveText('0');
	await expect(page.getByTestId('import-error')).toHaveCount(0);
});

test('a repeated page token ends the import with a warning, each run imported once', async ({ page }) => {
	const url = server.url('repeat-token-runs');
	await connect(page, url);
	await expect(page.getByTestId('import-report').getByRole('heading', { level: 2 })).toHaveText(
		'Import finished'
	);
	await expect(page.getByTestId('runs-written')).toHaveText('2');
	await expect(page.getByTestId('import-warnings')).toContainText('paging-stopped');
	await expect(page.getByTestId('import-warnings')).toContainText('the server sent page token "same" again');
	// paging(1) of expectations.ts (which imports Vitest, so not from here): a well-behaved import's 16 requests (3,
	// 2 × 5 for the runs, 3 for the logged model) and the one repeated page.
	expect(server.stats(url).requests).toBeLessThanOrEqual(17);
});

test('an artifact body longer than declared is stopped while it streams and reported', async ({ page }) => {
	const url = server.url('body-longer-than-declared');
	await connect(page, url);
	await expect(page.getByTestId('import-report').getByRole('heading', { level: 2 })).toHaveText(
		'Import finished'
	);
	await expect(page.getByTestId('runs-written')).toHaveText('2');
	await expect(page.getByTestId('import-warnings')).toContainText(
		'big.bin was not stored: the server sent more than the 10 B it declared'
	);
	// 10 MB offered per run; what the server could write before the transfer stopped is socket buffers.
	expect(server.stats(url).bytes).toBeLessThan(2 * 10 * 1024 * 1024);
});
