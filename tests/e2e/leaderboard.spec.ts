// The instructor's leaderboard: three participants' runs are logged in one profile and exported as three bundles
// with the app's own export; a fresh profile drops the three files on the Import page at once, opens the
// leaderboard from the experiment page, and sees one row per participant in the right order with the best
// value and its params. Headers sort (mouse and keyboard, Back restores), "Compare top 2" opens exactly the two
// leaders' runs, large type hides the chrome in both themes, a run logged in another tab appears live, and a
// hostile file name and param name stay text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, idle, launch, openApp, test } from './fixtures';

const HOSTILE_FILE = 'chen<img src=x onerror="window.__xss=1">.zip';
const HOSTILE_PARAM = '<img src=x onerror=window.__xss=2>';

/** Per participant: [rmse, r2, alpha] of each run (NaN: a run whose rmse diverged). */
const PEOPLE = [
	{
		file: 'alice.zip',
		runs: [
			[0.52, 0.61, '0.5'],
			[0.31, 0.9, '0.2'],
			[0.4, 0.8, '0.3']
		]
	},
	{
		file: 'bob.zip',
		runs: [
			[0.45, 0.5, '1'],
			[NaN, 0.2, '10']
		]
	},
	{
		file: HOSTILE_FILE,
		runs: [
			[0.29, 0.7, '0.05'],
			[0.6, 0.3, '2'],
			[0.35, 0.65, '0.1'],
			[0.33, 0.66, '0.01']
		]
	}
] as const;

/** Logs every participant's runs in "workshop" here and exports each participant's runs as a bundle. */
async function exportBundles(page: Page) {
	await openApp(page);
	return page.evaluate(
		async ({ people, hostileParam }) => {
			const rb = window.runboard;
			const experimentId = await rb.createExperiment('workshop');
			const out = [];
			for (const [p, person] of people.entries()) {
				const runIds: string[] = [];
				for (const [i, [rmse, r2, alpha]] of person.runs.entries()) {
					const run = await rb.createRun({ experimentId, runName: `p${p}-run${i}`, startTime: 1000 * i });
					const params = [
						{ key: 'alpha', value: alpha },
						{ key: 'l1_ratio', value: String(i / 4) }
					];
					if (p === 2) params.push({ key: hostileParam, value: '<b>bold</b>' });
					await rb.logBatch(run.info.runId, {
						metrics: [
							{ key: 'rmse', value: rmse, step: 0 },
							{ key: 'r2', value: r2, step: 0 }
						],
						params
					});
					runIds.push(run.info.runId);
				}
				const bytes = new Uint8Array(await (await rb.exportBundle({ runIds })).arrayBuffer());
				out.push({ name: person.file, runIds, bytes: Array.from(bytes) });
			}
			return out;
		},
		{ people: PEOPLE, hostileParam: HOSTILE_PARAM }
	);
}

const column = (page: Page, testId: string) =>
	page.getByTestId('leaderboard-row').getByTestId(testId).allTextContents();
const participants = (page: Page) => column(page, 'participant');

test('the leaderboard ranks three participants’ bundles dropped at once', async ({ page }) => {
	test.setTimeout(120_000);
	const bundles = await exportBundles(page);
	const [alice, , chen] = bundles.map((b) => b.runIds);
	const dir = mkdtempSync(join(tmpdir(), 'runboard-board-'));
	const instructor = await launch(join(dir, 'instructor'));
	try {
		const board = instructor.pages()[0] ?? (await instructor.newPage());
		board.on('dialog', (d) => void d.dismiss());
		await openApp(board, 'import/');
		// A real drop of the three files on the Import page's drop zone.
		const transfer = await board.evaluateHandle((files) => {
			const data = new DataTransfer();
			for (const f of files) data.items.add(new File([new Uint8Array(f.bytes)], f.name));
			return data;
		}, bundles);
		await board.locator('section.drop').dispatchEvent('drop', { dataTransfer: transfer });
		await expect(board.getByTestId('import-report')).toContainText('Import finished');
		await expect(board.getByTestId('runs-written')).toHaveText('9');
		await board.getByTestId('import-report').getByRole('link', { name: 'workshop' }).click();
		await idle(board);

		// From the experiment page's link: the three participants, best rmse first (lowest is best).
		await board.getByTestId('leaderboard-link').click();
		await idle(board);
		await expect(board).toHaveURL(/\/leaderboard\/\?experiments=\d+$/);
		await expect(board.getByTestId('leaderboard-row')).toHaveCount(3);
		// It opens on the tutorial's headline metric, rmse, lowest first.
		await expect(board.getByTestId('metric-picker')).toHaveValue('rmse');
		await expect(board.getByTestId('direction-picker')).toHaveValue('asc');
		const hostileName = 'chen<img src=x onerror="window.__xss=1">';
		// A score first: r2, ranked highest first.
		await board.getByTestId('metric-picker').selectOption('r2');
		await expect(board).toHaveURL(/metric=r2/);
		await expect(board.getByTestId('direction-picker')).toHaveValue('desc');
		expect(await column(board, 'value')).toEqual(['0.9', '0.7', '0.5']);
		expect(await participants(board)).toEqual(['alice', hostileName, 'bob']);
		// rmse, an error: lowest first.
		await board.getByTestId('metric-picker').selectOption('rmse');
		await expect(board).toHaveURL(/metric=rmse/);
		await expect(board.getByTestId('direction-picker')).toHaveValue('asc');
		expect(await participants(board)).toEqual([hostileName, 'alice', 'bob']);
		expect(await column(board, 'rank')).toEqual(['1', '2', '3']);
		expect(await column(board, 'value')).toEqual(['0.29', '0.31', '0.45']);
		expect(await column(board, 'runs')).toEqual(['4', '3', '2']);
		expect(await column(board, 'params')).toEqual([
			`${HOSTILE_PARAM}=<b>bold</b> · alpha=0.05 · l1_ratio=0`,
			'alpha=0.2 · l1_ratio=0.25',
			'alpha=1 · l1_ratio=0'
		]);
		expect(await column(board, 'best-run')).toEqual(['p2-run0', 'p0-run1', 'p1-run0']);
		// Hostile names are text: no element was made from them, nothing ran.
		await expect(board.getByTestId('leaderboard-table').locator('img, b')).toHaveCount(0);
		expect(await board.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
		const rankHeader = board.locator('th', { has: board.locator('[data-sort="rank"]', { hasText: 'Rank' }) });
		await expect(rankHeader).toHaveAttribute('aria-sort', 'ascending');

		// Sorting: a header click flips the order; the keyboard works too; Back restores the previous order.
		await board.getByRole('button', { name: 'Rank', exact: true }).click();
		await expect(rankHeader).toHaveAttribute('aria-sort', 'descending');
		expect(await participants(board)).toEqual(['bob', 'alice', hostileName]);
		const participantHeader = board.getByRole('button', { name: 'Participant' });
		await participantHeader.focus();
		await board.keyboard.press('Enter');
		await expect(board.locator('th[aria-sort="ascending"]')).toContainText('Participant');
		expect(await participants(board)).toEqual(['alice', 'bob', hostileName]);
		await board.getByRole('button', { name: 'alpha' }).click();
		await expect(board).toHaveURL(/sort=param%3Aalpha/);
		expect(await column(board, 'params').then((p) => p.map((t) => /alpha=([^ ]+)/.exec(t)?.[1]))).toEqual([
			'0.05',
			'0.2',
			'1'
		]);
		await board.goBack();
		await expect(board).toHaveURL(/sort=participant/);
		expect(await participants(board)).toEqual(['alice', 'bob', hostileName]);

		// Compare top 2: exactly the two leaders' best runs, in rank order.
		await board.getByLabel('Top').selectOption('2');
		await board.getByTestId('compare-top').click();
		await expect(board).toHaveURL(/\/compare\//);
		expect(new URL(board.url()).searchParams.get('runs')).toBe(`${chen?.[0]},${alice?.[1]}`);
		await board.getByRole('tab', { name: 'Table' }).click();
		await expect(board.getByTestId('compare-table').locator('th[data-run-id]')).toHaveCount(2);
		expect(
			await board
				.getByTestId('compare-table')
				.locator('th[data-run-id]')
				.evaluateAll((ths) => ths.map((th) => th.getAttribute('data-run-id')))
		).toEqual([chen?.[0], alice?.[1]]);
		await board.goBack();
		await idle(board);

		// Large type: big, full-contrast text in the dark theme too, no site header; off again restores it.
		await board.emulateMedia({ colorScheme: 'dark' });
		const fontSize = () =>
			board
				.getByTestId('participant')
				.first()
				.evaluate((td) => parseFloat(getComputedStyle(td).fontSize));
		const small = await fontSize();
		await expect(board.getByRole('navigation', { name: 'Main' })).toBeVisible();
		await board.getByTestId('large-type').click();
		await expect(board).toHaveURL(/large=1/);
		await expect(board.getByTestId('large-type')).toHaveAttribute('aria-pressed', 'true');
		await expect(board.getByRole('navigation', { name: 'Main' })).toBeHidden();
		await expect(board.getByTestId('metric-picker')).toBeHidden();
		expect(await fontSize()).toBeGreaterThanOrEqual(small * 1.5);
		const colors = await board
			.getByTestId('runs')
			.first()
			.evaluate((td) => [getComputedStyle(td).color, getComputedStyle(document.body).backgroundColor]);
		expect(colors).toEqual(['rgb(230, 233, 239)', 'rgb(18, 21, 28)']);
		// A reload keeps projector mode (it is in the URL).
		await board.reload();
		await idle(board);
		await expect(board.getByRole('navigation', { name: 'Main' })).toBeHidden();
		await expect(board.getByTestId('leaderboard-row')).toHaveCount(3);

		// Live: a participant's run logged in another tab appears here without a reload.
		const other = await instructor.newPage();
		await openApp(other);
		await other.evaluate(async () => {
			const rb = window.runboard;
			const workshop = await rb.getExperimentByName('workshop');
			const run = await rb.createRun({
				experimentId: workshop!.experimentId,
				runName: 'late',
				tags: { 'runboard.source': 'dana.runboard.zip' }
			});
			await rb.logMetric(run.info.runId, 'rmse', 0.1);
		});
		await expect(board.getByTestId('leaderboard-row')).toHaveCount(4);
		// Still sorted by participant (the URL's sort): dana leads on rank.
		expect(await participants(board)).toEqual(['alice', 'bob', hostileName, 'dana']);
		expect(await column(board, 'rank')).toEqual(['3', '4', '2', '1']);
		await other.close();

		await board.getByTestId('large-type').click();
		await expect(board.getByTestId('large-type')).toHaveAttribute('aria-pressed', 'false');
		await expect(board.getByRole('navigation', { name: 'Main' })).toBeVisible();
	} finally {
		await instructor.close();
		rmSync(dir, { recursive: true, force: true });
	}
});

test('without imported participants the board asks for experiments, and ranks runs logged here', async ({
	page
}) => {
	await openApp(page, 'leaderboard/');
	await expect(page.getByTestId('board-empty')).toContainText('No experiments yet');
	const id = await page.evaluate(async () => {
		const rb = window.runboard;
		const experimentId = await rb.createExperiment('solo');
		const run = await rb.createRun({ experimentId, runName: 'mine' });
		await rb.logMetric(run.info.runId, 'accuracy', 0.8);
		return experimentId;
	});
	await expect(page.getByTestId('board-empty')).toContainText('choose the experiments');
	await page.getByText('Experiments (0)').click();
	await page.getByRole('checkbox', { name: 'solo' }).check();
	await expect(page).toHaveURL(new RegExp(`experiments=${id}$`));
	await expect(page.getByTestId('leaderboard-row')).toHaveCount(1);
	expect(await participants(page)).toEqual(['this browser']);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('best accuracy (highest)');

	// No serious or critical accessibility violation, as a table and in large type on the dark theme.
	const serious = async () =>
		(await new AxeBuilder({ page }).analyze()).violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
	expect(await serious()).toEqual([]);
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.getByTestId('large-type').click();
	await expect(page).toHaveURL(/large=1/);
	await idle(page);
	expect(await serious()).toEqual([]);
});
