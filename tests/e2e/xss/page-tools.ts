// Page helpers for the XSS suite: write through window.runboard and wait until the app has rendered the
// result, and navigate the way a click on an in-app link does (SvelteKit's client router).
import type { Page } from '@playwright/test';
import { idle } from '../fixtures';

/** One window.runboard call, by method name and arguments (functions cannot cross into the page). */
export type Call = [method: string, ...args: unknown[]];

/**
 * Makes each call in turn inside the page and lets the app re-render and settle after each, so every value is
 * really displayed (not just stored) before the next one replaces it.
 */
export async function callEachAndRender(page: Page, calls: Call[]): Promise<void> {
	await page.evaluate(async (calls) => {
		const frame = () => new Promise((r) => requestAnimationFrame(r));
		const api = window.runboard as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
		for (const [method, ...args] of calls) {
			await api[method]!.apply(window.runboard, args);
			await frame();
			while (!window.__runboardIdle?.()) await frame();
			await frame();
		}
	}, calls);
	await idle(page);
}

/** Client-side navigation to `path` (relative to the app base), as a click on an in-app link does. */
export async function clientNavigate(page: Page, path: string): Promise<void> {
	const base = page.url().replace(/(\/runboard\/).*$/, '$1');
	const target = await page.evaluate((href) => {
		const a = document.createElement('a');
		a.href = href;
		document.body.append(a);
		a.click();
		a.remove();
		return a.href;
	}, new URL(path, base).href);
	await page.waitForURL(target);
	await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
	await idle(page);
}
