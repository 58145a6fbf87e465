// Chromium with a persistent profile (OPFS behaves as for a real user; the default incognito context is both
// slower and not what users have). Debian's /usr/bin/chromium when present, else Playwright's own browser.
import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumOptions } from '../../scripts/chromium.mjs';

export async function launch(profileDir: string, extraArgs: string[] = []): Promise<BrowserContext> {
	return chromium.launchPersistentContext(profileDir, {
		...chromiumOptions(extraArgs),
		baseURL: `http://127.0.0.1:${process.env.E2E_PORT ?? 4174}/runboard/`
	});
}

/** Waits for the app's own "nothing in flight" signal instead of sleeping. */
export async function idle(page: Page): Promise<void> {
	await page.waitForFunction(() => window.__runboardIdle?.() === true);
}

export async function openApp(page: Page, path = ''): Promise<void> {
	await page.goto(path);
	await idle(page);
}

interface Fixtures {
	profileDir: string;
	context: BrowserContext;
	page: Page;
	/** Closes the browser and starts it again on the same profile: a browser restart. */
	restart: () => Promise<Page>;
}

export const test = base.extend<Fixtures>({
	// eslint-disable-next-line no-empty-pattern
	profileDir: async ({}, use) => {
		const dir = mkdtempSync(join(tmpdir(), 'runboard-e2e-'));
		await use(dir);
		rmSync(dir, { recursive: true, force: true });
	},
	context: async ({ profileDir }, use) => {
		const holder = { context: await launch(profileDir) };
		await use(holder.context);
		await holder.context.close().catch(() => undefined);
	},
	page: async ({ context }, use) => {
		const page = context.pages()[0] ?? (await context.newPage());
		page.on('pageerror', (error) => console.error('[page error]', error.message));
		await use(page);
	},
	restart: async ({ context, profileDir }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async () => {
			await context.close();
			const next = await launch(profileDir);
			contexts.push(next);
			return next.pages()[0] ?? (await next.newPage());
		});
		for (const c of contexts) await c.close().catch(() => undefined);
	}
});

export { expect };
