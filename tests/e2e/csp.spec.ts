// The Content-Security-Policy: present on every page (prerendered ones and the 404.html fallback that serves
// deep links), strict (no 'unsafe-eval', no inline script but SvelteKit's hashed bootstrap), and never violated
// by the app itself while it is used: SQLite-WASM, comlink, d3 and the import and storage pages all work under it.
import { readFileSync } from 'node:fs';
import { expect, idle, openApp, test } from './fixtures';

declare global {
	interface Window {
		__cspViolations?: string[];
	}
}

/** Records every CSP violation the document reports (runs before any page script). */
function recordViolations(): void {
	const seen: string[] = [];
	Object.defineProperty(window, '__cspViolations', { value: seen });
	document.addEventListener('securitypolicyviolation', (e) =>
		seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)
	);
}

const violations = (page: import('@playwright/test').Page) =>
	page.evaluate(() => window.__cspViolations ?? []);

function policyOf(html: string): string {
	const match = html.match(/<meta http-equiv="content-security-policy" content="([^"]+)"/);
	return match?.[1] ?? '';
}

test.beforeEach(async ({ page }) => {
	await page.addInitScript(recordViolations);
});

test('every built page carries the same strict policy, the 404.html deep-link fallback included', async ({
	page
}) => {
	const pages = ['index.html', '404.html', 'import/index.html', 'storage/index.html'];
	const policies = pages.map((p) => policyOf(readFileSync(`build-e2e/${p}`, 'utf8')));
	for (const policy of policies) {
		expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
		expect(policy).not.toMatch(/ 'unsafe-eval'/);
		expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
		expect(policy).toContain("object-src 'none'");
		expect(policy).toContain("base-uri 'self'");
		expect(policy).toContain("frame-src 'none'");
		expect(policy).not.toMatch(/style-src[^;]*'unsafe-inline'/);
		expect(policy).toMatch(/style-src-attr 'unsafe-hashes' 'sha256-[^']+'(;|$)/);
	}
	expect(new Set(policies.map((p) => p.replace(/'sha256-[^']+'/g, ''))).size).toBe(1);
	// A deep link is served by 404.html: the policy is in force there too.
	await openApp(page, `runs/${'0'.repeat(32)}/`);
	expect(policyOf(await page.content())).toBe(policies[1]);
});

test('using the app (demo, tables, run page, import, storage) causes no violation', async ({ page }) => {
	await openApp(page);
	await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
	await expect(page).toHaveURL(/\/experiments\/\d+\/$/);
	await idle(page);
	const table = page.getByTestId('runs-table');
	await table.locator('th[data-column="metric:rmse"] button').click();
	await page.locator('#filter').fill('metrics.rmse < 60');
	await page.locator('#filter').press('Enter');
	await idle(page);
	await page.locator('#filter').fill('');
	await page.locator('#filter').press('Enter');
	await idle(page);
	await table.getByRole('link', { name: 'sgd-iterative' }).click();
	await idle(page);
	// Charts are d3 + canvas; the data came through comlink from SQLite-WASM in the worker. They are drawn once
	// scrolled near (the run page's description and datasets come first).
	await page.getByRole('heading', { name: /^Charts/ }).scrollIntoViewIfNeeded();
	await expect(page.locator('[data-testid="line-chart"][data-state="ready"]').first()).toBeVisible();
	await page.getByRole('link', { name: 'Import' }).click();
	await idle(page);
	await page.getByTestId('file-input').setInputFiles('tests/fixtures/mlflow/mlflow.db');
	await expect(page.getByTestId('import-report')).toContainText('Import finished');
	await idle(page);
	await page.getByRole('link', { name: 'Storage' }).click();
	await idle(page);
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download database (.sqlite)' }).click();
	expect((await download).suggestedFilename()).toMatch(/\.sqlite$/);
	await page.reload();
	await idle(page);
	expect(await violations(page)).toEqual([]);
});

test('a violation is noticed: inline handlers and string eval are blocked and reported', async ({ page }) => {
	await openApp(page);
	const ran = await page.evaluate(async () => {
		const w = window as unknown as Record<string, unknown>;
		const host = document.createElement('div');
		host.innerHTML = '<img src="data:," onerror="window.__cspProbe = 1">';
		document.body.append(host);
		await new Promise((r) => host.querySelector('img')!.addEventListener('error', r, { once: true }));
		let evalBlocked = false;
		try {
			new Function('return 1')();
		} catch {
			evalBlocked = true;
		}
		host.remove();
		return { handler: w.__cspProbe === 1, evalBlocked };
	});
	expect(ran.handler).toBe(false);
	expect(ran.evalBlocked).toBe(true);
	await expect.poll(() => violations(page)).toContainEqual(expect.stringContaining('script-src-attr'));
	console.log(`[csp] probe: inline handler ran=${ran.handler}, string eval blocked=${ran.evalBlocked}`);
});
