// The guided tour on the built site: every step of MLflow's getting-started path by clicking only what the tour
// highlights (or, where the control is on another page, the panel's own link), its progress surviving a dismiss,
// a reload and navigation, the whole path by keyboard, axe on the panel in both themes, and a phone's screen.
// Training is the Train page's (not part of this spec): runs are logged through window.runboard and the 'trained'
// signal is sent as that page sends it.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

const panel = (page: Page) => page.getByTestId('tour-panel');
/** The control the tour highlights now (a checkbox already ticked is never the one pointed at). */
const highlighted = (page: Page) => page.locator('[data-tour-current]');

async function expectStep(page: Page, step: string): Promise<void> {
	await expect(panel(page)).toHaveAttribute('data-step', step);
}

/** Three runs with rmse 60, 52 and 57 (the second is the best), each with a model folder as MLflow logs it. */
async function trainThroughApi(page: Page): Promise<{ experimentId: string; best: string }> {
	return page.evaluate(async () => {
		const rb = window.runboard;
		const experimentId = await rb.createExperiment('tour-quickstart');
		const ids: string[] = [];
		for (const [name, rmse] of [
			['elasticnet-a', 60],
			['elasticnet-b', 52],
			['elasticnet-c', 57]
		] as const) {
			const run = await rb.createRun({ experimentId, runName: name });
			const runId = run.info.runId;
			await rb.logBatch(runId, { metrics: [{ key: 'rmse', value: rmse }], params: { alpha: String(rmse) } });
			await rb.logArtifact(runId, 'model/MLmodel', 'flavors:\n  sklearn:\n    sklearn_version: 1.5.0\n');
			await rb.logArtifact(runId, 'model/requirements.txt', 'mlflow==3.1.0\nscikit-learn==1.5.0\n');
			await rb.setTerminated(runId, 'FINISHED');
			ids.push(runId);
		}
		window.dispatchEvent(new CustomEvent('runboard-tour', { detail: { signal: 'trained', experimentId } }));
		return { experimentId, best: ids[1]! };
	});
}

test('the whole path by clicking only what the tour highlights', async ({ page }) => {
	let clicks = 0;
	const click = async (target: Locator) => {
		await target.click();
		clicks++;
	};
	await openApp(page, '?tour=1');
	await expectStep(page, 'train');
	await expect(panel(page)).toBeFocused();
	// No Train page on this screen: the panel says where it is.
	await expect(page.getByTestId('tour-away').getByRole('link')).toHaveAttribute('href', /\/train\/$/);
	const { experimentId, best } = await trainThroughApi(page);

	await expectStep(page, 'open-experiment');
	await click(page.getByTestId('tour-away').getByRole('link', { name: 'Open the experiment' }));
	await expect(page).toHaveURL(new RegExp(`experiments/${experimentId}/$`));

	await expectStep(page, 'select-runs');
	for (const n of [1, 2]) {
		await expect(page.getByTestId('tour-halo')).toBeVisible();
		await expect(highlighted(page)).toHaveAttribute('data-tour', 'select-run');
		await expect(highlighted(page)).not.toBeChecked();
		await click(highlighted(page));
		await expect(page.getByTestId('selected-count')).toHaveText(`${n} selected`);
	}

	await expectStep(page, 'compare');
	await expect(highlighted(page)).toHaveAttribute('data-tour', 'compare-button');
	await click(highlighted(page));
	await expect(page).toHaveURL(/\/compare\/\?runs=/);

	await expectStep(page, 'best-run');
	// Charts first: the tour points at the Table tab, then at the best run's name there.
	await expect(highlighted(page)).toHaveAttribute('data-tour', 'compare-table-tab');
	await click(highlighted(page));
	await expect(highlighted(page)).toHaveAttribute('data-tour', 'best-run');
	await expect(highlighted(page)).toHaveText('elasticnet-b');
	await click(highlighted(page));
	await expect(page).toHaveURL(new RegExp(`runs/${best}/$`));

	await expectStep(page, 'model');
	await expect(highlighted(page)).toHaveAttribute('data-path', 'model');
	await click(highlighted(page));
	await expect(highlighted(page)).toHaveAttribute('data-path', 'model/requirements.txt');
	await click(highlighted(page));
	await expect(page.getByText('scikit-learn==1.5.0')).toBeVisible();

	await expectStep(page, 'done');
	await expect(panel(page).getByRole('link', { name: 'Write your own loop' })).toHaveAttribute(
		'href',
		/\/code\/$/
	);
	await expect(panel(page).getByRole('link', { name: 'Train more runs' })).toHaveAttribute(
		'href',
		/\/train\/$/
	);
	await click(panel(page).getByRole('button', { name: 'Done' }));
	await expect(panel(page)).toHaveCount(0);
	await expect(page.getByTestId('tour-button')).toBeFocused();
	await expect(page.getByTestId('tour-button')).toHaveText('Tour');
	console.log(`tour: ${clicks} clicks from the trained runs to the end`);
	expect(clicks).toBe(9);
});

test('the demo skips training; dismissed, reloaded and navigated, it resumes at the same step', async ({
	page
}) => {
	await openApp(page);
	await page.getByTestId('tour-button').click();
	await expectStep(page, 'train');
	await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
	await expect(page).toHaveURL(/experiments\/\d+\/$/);
	// The demo's experiment has runs to compare: on to selecting them.
	await expectStep(page, 'select-runs');
	await highlighted(page).click();
	await expect(page.getByTestId('selected-count')).toHaveText('1 selected');

	await panel(page).getByRole('button', { name: 'Skip tour' }).click();
	await expect(panel(page)).toHaveCount(0);
	await expect(page.getByTestId('tour-button')).toHaveText('Resume tour');
	await expect(page.getByTestId('tour-announcer')).toContainText('Resume tour');
	await expect(page.locator('[data-tour-current]')).toHaveCount(0);

	await page.reload();
	await idle(page);
	await expect(page.getByTestId('tour-button')).toHaveText('Resume tour');
	await expect(panel(page)).toHaveCount(0);
	await page.getByRole('link', { name: 'Storage' }).click();
	await expect(page).toHaveURL(/storage\/$/);
	await page.getByTestId('tour-button').click();
	await expectStep(page, 'select-runs');
	await expect(panel(page)).toBeFocused();
	// The experiment is elsewhere: the panel links back to it, and Back/Next move between the steps reached.
	await expect(page.getByTestId('tour-away').getByRole('link')).toHaveAttribute(
		'href',
		/experiments\/\d+\/$/
	);
	await panel(page).getByRole('button', { name: 'Back' }).click();
	await expectStep(page, 'open-experiment');
	await panel(page).getByRole('button', { name: 'Next' }).click();
	await expectStep(page, 'select-runs');
	await expect(panel(page).getByRole('button', { name: 'Next' })).toBeDisabled();
	await page.getByTestId('tour-away').getByRole('link').click();
	await expect(page).toHaveURL(/experiments\/\d+\/$/);
	await expect(panel(page)).toBeFocused();
	await expect(highlighted(page)).toHaveAttribute('data-tour', 'select-run');
});

/** Tab (or Shift+Tab) until the element the predicate names has the focus; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, backwards = false, limit = 120): Promise<number> {
	for (let presses = 0; presses <= limit; presses++) {
		if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return presses;
		await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
	}
	throw new Error(`${selector} never took the focus in ${limit} presses`);
}

test('keyboard only: start, follow every step, hide with Escape, resume', async ({ page }) => {
	await openApp(page);
	const { experimentId } = await page.evaluate(async () => {
		const rb = window.runboard;
		const experimentId = await rb.createExperiment('keyboard-tour');
		for (const rmse of [3, 1, 2]) {
			const run = await rb.createRun({ experimentId, runName: `k-${rmse}` });
			await rb.logMetric(run.info.runId, 'rmse', rmse);
			await rb.logArtifact(run.info.runId, 'model/MLmodel', 'flavors: {}\n');
		}
		return { experimentId };
	});
	await openApp(page, `experiments/${experimentId}/`);
	let presses = 0;
	presses += await tabTo(page, '[data-tour-button]');
	await page.keyboard.press('Enter');
	await expectStep(page, 'select-runs');
	await expect(panel(page)).toBeFocused();
	// Escape hides it and hands the focus to the header's button; Enter there resumes at the same step.
	await page.keyboard.press('Escape');
	await expect(panel(page)).toHaveCount(0);
	await expect(page.getByTestId('tour-button')).toBeFocused();
	await page.keyboard.press('Enter');
	await expectStep(page, 'select-runs');
	await expect(panel(page)).toBeFocused();

	// "Show me" takes the focus to the highlighted control.
	presses += await tabTo(page, '[data-testid="tour-show"]');
	await page.keyboard.press('Enter');
	await expect(highlighted(page)).toBeFocused();
	await page.keyboard.press('Space');
	await expect(page.getByTestId('selected-count')).toHaveText('1 selected');
	// The ring has moved on to the next box before Tab looks for it.
	await expect(highlighted(page)).not.toBeChecked();
	presses += await tabTo(page, '[data-tour-current]');
	await page.keyboard.press('Space');
	await expectStep(page, 'compare');
	presses += await tabTo(page, '[data-tour-current]', true);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/compare\/\?runs=/);
	await expectStep(page, 'best-run');
	presses += await tabTo(page, '[data-tour-current]');
	await page.keyboard.press('Enter');
	await expect(highlighted(page)).toHaveAttribute('data-tour', 'best-run');
	presses += await tabTo(page, '[data-tour-current]');
	await page.keyboard.press('Enter');
	await expectStep(page, 'model');
	await expect(page.getByRole('heading', { name: 'k-1' })).toBeVisible();
	presses += await tabTo(page, '[data-tour-current]');
	await page.keyboard.press('Enter');
	await expect(highlighted(page)).toHaveAttribute('data-path', 'model/MLmodel');
	presses += await tabTo(page, '[data-tour-current]');
	await page.keyboard.press('Enter');
	await expectStep(page, 'done');
	await expect(page.getByTestId('tour-announcer')).toContainText('step 7 of 7: You did the tutorial');
	presses += await tabTo(page, '[data-testid="tour-done"]', true);
	await page.keyboard.press('Enter');
	await expect(panel(page)).toHaveCount(0);
	console.log(`tour by keyboard: ${presses} Tab presses`);
});

for (const theme of ['light', 'dark'] as const) {
	test(`the panel and its highlight pass axe, ${theme} theme`, async ({ page }, info) => {
		await page.addInitScript((t) => localStorage.setItem('runboard:theme', t), theme);
		await openApp(page, '?tour=1');
		await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
		await expectStep(page, 'select-runs');
		await expect(page.getByTestId('tour-halo')).toBeVisible();
		await idle(page);
		await page.screenshot({ path: info.outputPath(`tour-${theme}.png`) });
		const result = await new AxeBuilder({ page }).include('[data-testid="tour-panel"]').analyze();
		const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		console.log(
			`axe on the tour panel, ${theme}: ${result.violations.length} violations (${serious.length} serious or critical)`
		);
		expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
		// The whole page with the panel over it, as axe.spec.ts checks every page.
		const page_ = await new AxeBuilder({ page }).analyze();
		expect(
			page_.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
		).toEqual([]);
	});
}

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

	test('the panel docks at the bottom; the path of the demo to its best model, each control scrolled above it', async ({
		page
	}, info) => {
		await openApp(page, '?tour=1');
		await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).tap();
		await expectStep(page, 'select-runs');
		const box = (await panel(page).boundingBox())!;
		expect(box.x).toBe(0);
		expect(box.width).toBe(390);
		expect(Math.round(box.y + box.height)).toBe(844);
		expect(box.height).toBeLessThan(844 * 0.5);
		const aboveThePanel = async () => {
			const target = (await highlighted(page).boundingBox())!;
			const now = (await panel(page).boundingBox())!;
			return target.y >= 0 && target.y + target.height <= now.y;
		};
		for (const n of [1, 2]) {
			await expect(highlighted(page)).not.toBeChecked();
			await expect.poll(aboveThePanel).toBe(true);
			await highlighted(page).tap();
			await expect(page.getByTestId('selected-count')).toHaveText(`${n} selected`);
		}
		await expectStep(page, 'compare');
		await highlighted(page).tap();
		await expectStep(page, 'best-run');
		await highlighted(page).tap(); // the Table tab
		await expect(highlighted(page)).toHaveAttribute('data-tour', 'best-run');
		await highlighted(page).tap();
		// The best of the first two demo runs is its evaluation run, which kept no model files: the panel says so
		// and offers the next best run, whose MLflow 3 logged model the tour then points at, above the panel.
		await expectStep(page, 'model');
		const away = page.getByTestId('tour-away');
		await expect(away).toContainText('This run kept no model files.');
		await away.getByRole('link', { name: 'Open the next best run' }).tap();
		await expect(highlighted(page)).toHaveAttribute('data-tour', 'model-artifact');
		await expect.poll(aboveThePanel).toBe(true);
		await page.screenshot({ path: info.outputPath('tour-phone-model.png') });
		await highlighted(page).tap(); // opens the logged model
		await expect(highlighted(page)).toHaveAttribute('data-path', 'requirements.txt');
		await highlighted(page).tap();
		await expectStep(page, 'done');
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
		).toBe(0);
	});
});
