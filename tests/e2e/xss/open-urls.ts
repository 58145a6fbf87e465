// "Open image in new tab", "Open frame in new tab", "Open link in new tab": every URL a view exposes, loaded
// top-level in a new tab of the same profile. A blob: URL made by the app has the app's origin and no CSP, so
// what runs there runs with the database in reach. Executions are seen three ways, because the e2e hook is an
// init script and a browser may not inject it into a non-HTML document (an SVG opened top-level): the hook's
// log (in memory and in the tab's sessionStorage), and native dialogs (alert/confirm/prompt), which any
// payload that calls them opens when the hook is absent.
import type { Page } from '@playwright/test';
import { installXssHook, type Execution } from './hook';

/** Every URL in `selector`'s subtree a person can open in a new tab, plus the URLs of its frames. */
export async function exposedUrls(page: Page, selector: string): Promise<string[]> {
	const inDom = await page
		.locator(selector)
		.evaluateAll((roots) =>
			roots.flatMap((root) =>
				[...root.querySelectorAll('img, a, iframe, audio, video, source, object, embed')].flatMap((el) =>
					['src', 'href', 'data'].map((a) => el.getAttribute(a) ?? '').filter((v) => v !== '')
				)
			)
		);
	const frames = page
		.frames()
		.filter((f) => f !== page.mainFrame())
		.map((f) => f.url());
	return [...new Set([...inDom, ...frames])].filter((url) => url !== '' && url !== 'about:blank');
}

/** Opens each URL top-level in a new tab and returns what executed there. */
export async function openTopLevel(page: Page, urls: string[]): Promise<Execution[]> {
	const seen: Execution[] = [];
	for (const url of urls) {
		const tab = await page.context().newPage();
		await tab.addInitScript(installXssHook);
		tab.on('dialog', (dialog) => {
			seen.push({ id: dialog.message(), via: `native ${dialog.type()}`, url });
			void dialog.dismiss().catch(() => undefined);
		});
		// Downloads, about:srcdoc and javascript: URLs do not load as documents: an error is the expected end.
		await tab.goto(url, { timeout: 5_000 }).catch(() => undefined);
		await tab.waitForTimeout(200);
		const logged = await tab
			.evaluate(() => [
				...(window.__xssLog ?? []),
				...(JSON.parse(sessionStorage.getItem('__xssLog') ?? '[]') as Execution[])
			])
			.catch(() => [] as Execution[]);
		seen.push(...logged);
		await tab.close();
	}
	// The hook logs each execution in memory and in sessionStorage: count it once.
	return [...new Map(seen.map((e) => [JSON.stringify(e), e])).values()];
}
