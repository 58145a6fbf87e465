// Keyboard only: from the home page to a Compare of three runs with the shortcuts (the presses are counted and
// printed; the ceiling is 15), the skip link, the `?` overlay, `/` into the filter, and a chart read out
// and zoomed by keys.
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

/** Presses keys one by one, counting them. */
function keyboard(page: Page) {
	let count = 0;
	return {
		press: async (...keys: string[]) => {
			for (const key of keys) {
				await page.keyboard.press(key);
				count++;
			}
		},
		get count() {
			return count;
		}
	};
}

test('from the home page to a Compare of three runs with the keyboard alone', async ({ page }) => {
	await openApp(page);
	await page.evaluate(() =>
		window.runboard.importUrl(new URL('demo/diabetes-quickstart.zip', document.baseURI).href)
	);
	await openApp(page);
	const keys = keyboard(page);

	// The first Tab of a page offers the skip link.
	await keys.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();

	await keys.press('j', 'Enter');
	await expect(page).toHaveURL(/experiments\/\d+\/$/);
	await idle(page);
	await keys.press('j', 'x', 'j', 'x', 'j', 'x');
	await expect(page.getByTestId('selected-count')).toHaveText('3 selected');
	await keys.press('c');
	await expect(page).toHaveURL(/\/compare\/\?runs=/);
	await idle(page);
	await expect(page.getByRole('heading', { name: 'Compare 3 runs' })).toBeVisible();
	console.log(`home → Compare of 3 runs: ${keys.count} key presses (ceiling 15)`);
	expect(keys.count).toBeLessThanOrEqual(15);
});

test('? lists the shortcuts, / goes to the filter, Esc leaves it; shortcuts type into fields instead', async ({
	page
}) => {
	await openApp(page);
	await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
	await expect(page).toHaveURL(/experiments\/\d+\/$/);
	await idle(page);
	await page.keyboard.press('?');
	const overlay = page.getByTestId('shortcuts');
	await expect(overlay).toBeVisible();
	await expect(overlay.getByText('Compare the selected runs')).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(overlay).toBeHidden();

	await page.keyboard.press('/');
	const filter = page.locator('#filter');
	await expect(filter).toBeFocused();
	await page.keyboard.type('params.alpha = "x"');
	await expect(filter).toHaveValue('params.alpha = "x"');
	await expect(page.getByTestId('selected-count')).toHaveText('0 selected');
	await page.keyboard.press('Escape');
	await expect(filter).not.toBeFocused();
});

test('a chart is read out and zoomed by keys', async ({ page }) => {
	await openApp(page);
	await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
	await expect(page).toHaveURL(/experiments\/\d+\/$/);
	await idle(page);
	await page.getByLabel('Select all runs').check();
	await page.getByTestId('compare-selected').click();
	await idle(page);
	const overlay = page.getByTestId('chart-overlay').first();
	await overlay.focus();
	await page.keyboard.press('ArrowRight');
	const announce = page.getByTestId('chart-announce').first();
	// The nearest point of every run, announced: "<x>: <run> <value>, …".
	await expect(announce).toHaveText(/^.+: .+ -?\d/);
	console.log(`read-out: ${await announce.innerText()}`);
	const chart = overlay.locator('xpath=ancestor::figure[1]');
	const before = await chart.getAttribute('data-x-domain');
	await page.keyboard.press('+');
	await expect(chart).not.toHaveAttribute('data-x-domain', before ?? '');
	await page.keyboard.press('0');
	await expect(chart).toHaveAttribute('data-x-domain', before ?? '');
});
