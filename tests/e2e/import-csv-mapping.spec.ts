// CSV tables on the Import page: a table of no known shape opens the columns dialog (chosen by keyboard; Cancel
// imports nothing), the choice is remembered for the next file with the same header, and a W&B runs export
// imports its runs without asking.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, idle, openApp, test } from './fixtures';

const HEADER = 'trial,iter_no,acc,lr';
const TABLE = `${HEADER}\nA,1,0.5,0.1\nA,2,0.6,0.1\nB,1,0.4,0.2\n`;

function file(name: string, text: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-csvmap-'));
	writeFileSync(join(dir, name), text);
	return join(dir, name);
}

async function runsByName(page: import('@playwright/test').Page) {
	return page.evaluate(async () => {
		const experiments = await window.runboard.searchExperiments();
		const { runs } = await window.runboard.searchRuns({
			experimentIds: experiments.map((e) => e.experimentId)
		});
		return runs
			.map((r) => ({
				name: r.info.runName,
				params: r.data.params,
				metrics: r.data.metrics.map((m) => m.key)
			}))
			.sort((a, b) => (a.name < b.name ? -1 : 1));
	});
}

test('an ambiguous CSV asks for its columns; Cancel imports nothing; the choice imports and is remembered', async ({
	page
}) => {
	await openApp(page, 'import/');
	await page.getByTestId('file-input').setInputFiles(file('trials.csv', TABLE));
	const dialog = page.getByTestId('csv-columns-dialog');
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('trials.csv');
	await expect(dialog.locator('tbody tr')).toHaveCount(3);
	// Cancel (Escape): nothing imported, no error.
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('import-error')).toBeHidden();
	expect(await runsByName(page)).toEqual([]);

	await page.getByTestId('file-input').setInputFiles(file('trials.csv', TABLE));
	await expect(dialog).toBeVisible();
	// The focus starts on the step's choice; everything is chosen from the keyboard.
	await expect(page.getByTestId('csv-step')).toBeFocused();
	await page.getByTestId('csv-step').selectOption('iter_no');
	await page.keyboard.press('Tab');
	await expect(page.getByTestId('csv-run')).toBeFocused();
	await page.getByTestId('csv-run').selectOption('trial');
	await page.locator('[data-testid="csv-role"][data-column="lr"]').selectOption('param');
	await dialog.getByRole('button', { name: 'Import' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('runs-written')).toHaveText('2');
	await idle(page);
	expect(await runsByName(page)).toEqual([
		{ name: 'A', params: [{ key: 'lr', value: '0.1' }], metrics: ['acc'] },
		{ name: 'B', params: [{ key: 'lr', value: '0.2' }], metrics: ['acc'] }
	]);

	// Another file with the same header: no question, the same columns.
	await openApp(page, 'import/');
	await page.getByTestId('file-input').setInputFiles(file('more.csv', `${HEADER}\nC,1,0.9,0.3\n`));
	await expect(page.getByTestId('runs-written')).toHaveText('1');
	await expect(dialog).toHaveCount(0);
	await idle(page);
	expect((await runsByName(page)).map((r) => r.name)).toEqual(['A', 'B', 'C']);
});

test('a W&B runs export imports its runs without asking', async ({ page }) => {
	await openApp(page, 'import/');
	await page.getByTestId('file-input').setInputFiles('tests/fixtures/csv/wandb/runs-export.csv');
	await expect(page.getByTestId('runs-written')).toHaveText('3');
	await expect(page.getByTestId('csv-columns-dialog')).toHaveCount(0);
	await idle(page);
	const runs = await runsByName(page);
	expect(runs.map((r) => r.name)).toEqual(['fancy-hill-1', 'misty-river-2', 'wise-sun-3']);
	expect(runs[2]?.metrics).toEqual(expect.arrayContaining(['accuracy', 'val/loss']));
});
