// The README's picture of the app, made from the built site so it shows what Runboard looks like today: the demo
// experiment's runs selected and compared. `UPDATE_SCREENSHOTS=1` writes it to docs/images/ (commit it);
// otherwise it goes to test-results/ and the test checks that what it shows is there.
import { mkdirSync } from 'node:fs';
import { expect, idle, openApp, test } from './fixtures';

const README_IMAGE = 'docs/images/compare.png';

test('the README screenshot: the demo experiment, six runs compared', async ({ page }, info) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await openApp(page);
	await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
	await expect(page).toHaveURL(/experiments\/\d+\/$/);
	await idle(page);
	const rows = page.getByTestId('runs-table').locator('tbody tr');
	await expect(rows).toHaveCount(15);
	for (let i = 0; i < 6; i++) await rows.nth(i).getByRole('checkbox').check();
	await expect(page.getByTestId('selected-count')).toHaveText('6 selected');
	await page.getByTestId('compare-selected').click();
	await expect(page).toHaveURL(/\/compare\/\?runs=/);
	await idle(page);
	await expect(page.getByRole('heading', { name: /Compare 6 runs/ })).toBeVisible();
	await expect(page.locator('svg').first()).toBeVisible();
	const path = process.env.UPDATE_SCREENSHOTS === '1' ? README_IMAGE : info.outputPath('compare.png');
	mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
	await page.screenshot({ path });
	console.log(`screenshot: ${path}`);
});
