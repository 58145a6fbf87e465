// Helpers for the artifact browser's e2e tests.
import type { Page } from '@playwright/test';
import { idle } from './fixtures';

/** Opens the folders on the way and clicks the file (or folder) in the run's tree. */
export async function openEntry(page: Page, path: string): Promise<void> {
	const parts = path.split('/');
	const browser = page.getByTestId('artifact-browser');
	for (let i = 1; i < parts.length; i++) {
		const folder = browser.locator(
			`[data-testid="artifact-entry"][data-path="${parts.slice(0, i).join('/')}"]`
		);
		const item = folder.locator('xpath=..');
		if ((await item.getAttribute('aria-expanded')) !== 'true') await folder.click();
	}
	await browser.locator(`[data-testid="artifact-entry"][data-path="${path}"]`).first().click();
	await idle(page);
}
