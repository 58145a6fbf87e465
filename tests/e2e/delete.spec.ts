// Deleting runs safely: a question with the count (a modal dialog: Escape cancels, focus stays inside), Undo right
// after, and the "Runs shown" control to see deleted runs and restore them; bulk tagging of a selection.
import { expect, idle, openApp, test } from './fixtures';

async function experimentWithRuns(page: import('@playwright/test').Page, names: string[]) {
	await openApp(page);
	const experimentId = await page.evaluate(async (runNames) => {
		const id = await window.runboard.createExperiment('deleting');
		for (const runName of runNames) await window.runboard.createRun({ experimentId: id, runName });
		return id;
	}, names);
	await openApp(page, `experiments/${experimentId}/`);
	return experimentId;
}

const activeNames = (page: import('@playwright/test').Page, experimentId: string) =>
	page.evaluate(async (id) => {
		const { runs } = await window.runboard.searchRuns({ experimentIds: [id] });
		return runs.map((r) => r.info.runName).sort();
	}, experimentId);

test('Delete asks with the count; Escape and Cancel keep the runs; Undo restores every deleted run', async ({
	page
}) => {
	const experimentId = await experimentWithRuns(page, ['a', 'b', 'c']);
	const rows = page.getByTestId('runs-table').locator('tbody tr');
	await expect(rows).toHaveCount(3);
	await page.getByLabel('Select run a').check();
	await page.getByLabel('Select run b').check();

	await page.getByTestId('delete-selected').click();
	const dialog = page.getByRole('dialog', { name: 'Delete 2 runs?' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
	// Tab cycles inside the dialog.
	await page.keyboard.press('Tab');
	await expect(dialog.getByRole('button', { name: 'Delete 2 runs' })).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('delete-selected')).toBeFocused();
	expect(await activeNames(page, experimentId)).toEqual(['a', 'b', 'c']);

	await page.getByTestId('delete-selected').click();
	await dialog.getByRole('button', { name: 'Delete 2 runs' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Deleted 2 runs.' })).toBeVisible();
	await expect(rows).toHaveCount(1);
	expect(await activeNames(page, experimentId)).toEqual(['c']);

	await page.getByRole('button', { name: 'Undo' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Restored 2 runs.' })).toBeVisible();
	await expect(rows).toHaveCount(3);
	expect(await activeNames(page, experimentId)).toEqual(['a', 'b', 'c']);
});

test('the Deleted view lists deleted runs and restores them; the lifecycle_stage error names that control', async ({
	page
}) => {
	const experimentId = await experimentWithRuns(page, ['keep', 'gone-1', 'gone-2']);
	await page.evaluate(async (id) => {
		const { runs } = await window.runboard.searchRuns({ experimentIds: [id] });
		await window.runboard.deleteRuns(
			runs.filter((r) => r.info.runName.startsWith('gone')).map((r) => r.info.runId)
		);
	}, experimentId);
	await idle(page);
	const rows = page.getByTestId('runs-table').locator('tbody tr');
	await expect(rows).toHaveCount(1);

	await page.locator('#filter').fill("attributes.lifecycle_stage = 'deleted'");
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page.getByRole('alert')).toContainText('"Runs shown" control');
	await expect(page.getByLabel('Runs shown')).toBeVisible();
	await page.locator('#filter').fill('');
	await page.getByRole('button', { name: 'Search' }).click();

	await page.getByLabel('Runs shown').selectOption('Deleted');
	await expect(rows).toHaveCount(2);
	await page.getByLabel('Select run gone-1').check();
	await page.getByTestId('restore-selected').click();
	await expect(rows).toHaveCount(1);
	await page.getByLabel('Runs shown').selectOption('All');
	await expect(rows).toHaveCount(3);
	expect(await activeNames(page, experimentId)).toEqual(['gone-1', 'keep']);

	// A deleted run's own page says so and restores it too.
	await page.getByLabel('Runs shown').selectOption('Deleted');
	await page.getByRole('link', { name: 'gone-2' }).click();
	await idle(page);
	await page.getByRole('button', { name: 'Restore' }).click();
	await expect(page.getByRole('button', { name: 'Restore' })).toHaveCount(0);
	expect(await activeNames(page, experimentId)).toEqual(['gone-1', 'gone-2', 'keep']);
});

test('a tag is added to every selected run at once', async ({ page }) => {
	const experimentId = await experimentWithRuns(page, ['x', 'y', 'z']);
	await page.getByLabel('Select run x').check();
	await page.getByLabel('Select run z').check();
	await page.getByRole('button', { name: 'Tag selected…' }).click();
	await page.getByLabel('Tag key for the selected runs').fill('mlflow.source');
	await page.getByLabel('Tag value for the selected runs').fill('nope');
	await page.getByRole('button', { name: 'Tag 2 runs' }).click();
	await expect(page.getByRole('alert')).toContainText("MLflow's system tags");
	await page.getByLabel('Tag key for the selected runs').fill('batch');
	await page.getByLabel('Tag value for the selected runs').fill('<b>one</b>');
	await page.getByLabel('Tag value for the selected runs').press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Tagged 2 runs with batch.' })).toBeVisible();
	const tagged = await page.evaluate(async (id) => {
		const { runs } = await window.runboard.searchRuns({
			experimentIds: [id],
			filter: "tags.batch = '<b>one</b>'"
		});
		return runs.map((r) => r.info.runName).sort();
	}, experimentId);
	expect(tagged).toEqual(['x', 'z']);
	await expect(page.locator('b', { hasText: 'one' })).toHaveCount(0);
});
