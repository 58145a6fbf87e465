// axe-core on every page of the app, in the light and the dark theme: no serious or critical accessibility
// violation. The demo experiment gives each page real content (runs, charts, artifacts); the count is printed.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

async function violations(page: Page, where: string): Promise<string[]> {
	await idle(page);
	const result = await new AxeBuilder({ page }).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) => `${where}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.target.join(' ')} — ${v.help}`
		);
}

for (const theme of ['light', 'dark'] as const) {
	test(`no serious or critical axe violations on any page, ${theme} theme`, async ({ page }) => {
		await page.addInitScript((t) => localStorage.setItem('runboard:theme', t), theme);
		await openApp(page);
		const found: string[] = [...(await violations(page, 'home (empty)'))];
		await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
		await expect(page).toHaveURL(/experiments\/\d+\/$/);
		found.push(...(await violations(page, 'experiment')));
		const experimentUrl = page.url();
		await page.getByLabel('Select all runs').check();
		await page.getByTestId('compare-selected').click();
		await expect(page).toHaveURL(/\/compare\/\?runs=/);
		found.push(...(await violations(page, 'compare')));
		await page.goto(experimentUrl);
		await idle(page);
		await page.getByTestId('runs-table').locator('tbody tr').first().getByRole('link').first().click();
		await expect(page).toHaveURL(/\/runs\//);
		found.push(...(await violations(page, 'run')));
		for (const path of ['', 'import/', 'storage/']) {
			await openApp(page, path);
			found.push(...(await violations(page, path || 'home')));
		}
		console.log(`axe, ${theme} theme: ${found.length} serious or critical violations`);
		for (const line of found) console.log(`  ${line}`);
		expect(found).toEqual([]);
	});
}
