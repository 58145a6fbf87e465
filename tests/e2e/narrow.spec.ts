// A phone-sized window (390 × 844): load the demo, select runs, Compare, open an artifact — every control within
// reach and no page wider than the screen (wide tables scroll inside themselves). Screenshots go to test-results/.
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

/** How far the page itself scrolls sideways (0 when nothing sticks out). */
const overflow = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('at 390 px: demo, select, Compare, an artifact — no sideways page scroll, every control reachable', async ({
	page
}, info) => {
	const widths: Record<string, number> = {};
	const check = async (name: string) => {
		await idle(page);
		widths[name] = await overflow(page);
		await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
	};
	await page.setViewportSize({ width: 390, height: 844 });
	await openApp(page);
	await check('home-empty');
	await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).tap();
	await expect(page).toHaveURL(/experiments\/\d+\/$/);
	await check('experiment');
	const rows = page.getByTestId('runs-table').locator('tbody tr');
	// The runs table scrolls inside its own box, and the run names stay in view while it does.
	const name = rows.first().locator('[data-column="runName"]');
	// On a phone the table is below the toolbars (filter, group, view, actions): scrolled to, as a person would.
	await name.scrollIntoViewIfNeeded();
	const before = await name.boundingBox();
	await page.getByTestId('runs-table').evaluate((table) => table.parentElement!.scrollBy(600, 0));
	// (Sticky: it stays where it was, to a pixel, while the columns beside it moved 600 px.)
	expect(Math.abs((await name.boundingBox())!.x - before!.x)).toBeLessThan(1);
	await expect(name).toBeInViewport();
	await page.getByTestId('runs-table').evaluate((table) => table.parentElement!.scrollTo(0, 0));
	for (let i = 0; i < 3; i++) await rows.nth(i).getByRole('checkbox').tap();
	await expect(page.getByTestId('selected-count')).toHaveText('3 selected');
	const compare = page.getByTestId('compare-selected');
	await compare.scrollIntoViewIfNeeded();
	await expect(compare).toBeInViewport();
	await compare.tap();
	await expect(page).toHaveURL(/\/compare\/\?runs=/);
	await check('compare');
	await page.goBack();
	await idle(page);
	// A run with a logged model: its MLmodel card (with requirements.txt) is the seed's last step.
	await rows.filter({ hasText: 'elasticnet' }).first().getByRole('link').first().tap();
	await expect(page).toHaveURL(/\/runs\//);
	await check('run');
	const model = page.getByTestId('logged-model').first();
	await model.locator('summary').tap();
	await model.locator('[data-testid="artifact-entry"][data-path="MLmodel"]').tap();
	await expect(page.getByTestId('mlmodel-requirements')).toContainText('scikit-learn');
	await check('artifact');
	for (const path of ['import/', 'storage/', 'train/', 'code/', 'leaderboard/']) {
		await openApp(page, path);
		await check(path.replace('/', ''));
	}
	console.log(`sideways page overflow at 390 px (px): ${JSON.stringify(widths)}`);
	expect(Object.values(widths).every((w) => w <= 0)).toBe(true);
});
