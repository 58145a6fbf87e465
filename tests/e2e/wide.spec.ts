// A 4K screen (3840 × 2160): pages lay out sensibly. Text lines stay readable (measured in characters from the
// rendered line boxes, never the width of the screen), the run page's chart grid fills the width with charts of
// a useful size, the single-chart page draws a large chart rather than a thin strip, and nothing scrolls sideways.
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

/** The most characters on one rendered line of any paragraph, list item or note in the page's main area. */
function longestLine(page: Page): Promise<{ chars: number; text: string }> {
	return page.evaluate(() => {
		const context = document.createElement('canvas').getContext('2d')!;
		let worst = { chars: 0, text: '' };
		for (const el of document.querySelectorAll('main p, main li, main .markdown, main dd')) {
			const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
			if (text.length < 60) continue;
			const style = getComputedStyle(el);
			context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
			const perChar = context.measureText(text).width / text.length;
			const range = document.createRange();
			range.selectNodeContents(el);
			const widest = Math.max(0, ...[...range.getClientRects()].map((r) => r.width));
			const chars = Math.round(widest / perChar);
			if (chars > worst.chars) worst = { chars, text: text.slice(0, 40) };
		}
		return worst;
	});
}

const sidewaysScroll = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('at 3840 × 2160: readable lines, charts that fill and scale, no sideways scroll', async ({
	page
}, info) => {
	await page.setViewportSize({ width: 3840, height: 2160 });
	await openApp(page);
	await page.getByRole('button', { name: 'Load the MLflow-logged demo' }).click();
	await expect(page).toHaveURL(/experiments\/\d+\/$/);
	const { experimentId, runId } = await page.evaluate(async () => {
		const rb = window.runboard;
		const experimentId = (await rb.searchExperiments())[0]!.experimentId;
		const note = 'A long note about this run, written as people do. '.repeat(30);
		const run = await rb.createRun({ experimentId, runName: 'wide', tags: { 'mlflow.note.content': note } });
		const metrics = 'abcdefghijkl'
			.split('')
			.flatMap((key) => Array.from({ length: 20 }, (_, step) => ({ key, value: step, step, timestamp: 1 })));
		await rb.logBatch(run.info.runId, { metrics });
		return { experimentId, runId: run.info.runId };
	});

	const lines: Record<string, number> = {};
	const check = async (name: string) => {
		await idle(page);
		const longest = await longestLine(page);
		lines[name] = longest.chars;
		expect(longest.chars, `${name}: "${longest.text}…"`).toBeLessThanOrEqual(110);
		expect(await sidewaysScroll(page)).toBe(0);
		await page.screenshot({ path: info.outputPath(`${name}.png`) });
	};
	await openApp(page, `experiments/${experimentId}/`);
	await page.getByText('Push to MLflow server').click();
	await check('experiment');
	await openApp(page, 'import/');
	await check('import');
	await openApp(page, 'storage/');
	await check('storage');
	await openApp(page, `runs/${runId}/`);
	await expect(page.getByTestId('markdown')).toBeVisible();
	await check('run');

	// The run's charts: a grid across the whole width, each chart a useful size.
	const charts = page.getByTestId('line-chart');
	await expect(charts).toHaveCount(12);
	const boxes = (await charts.evaluateAll((list) =>
		list.map((c) => c.getBoundingClientRect().toJSON())
	)) as DOMRect[];
	const mainBox = (await page.locator('main').boundingBox())!;
	const firstRow = boxes.filter((b) => Math.abs(b.top - boxes[0]!.top) < 2);
	const rowEnd = Math.max(...firstRow.map((b) => b.right));
	for (const b of boxes) expect(b.width).toBeGreaterThanOrEqual(300);
	expect(firstRow.length).toBeGreaterThan(4);
	expect(rowEnd).toBeGreaterThan(mainBox.x + mainBox.width * 0.9);

	// One chart on its own page: large, not a 7:1 strip.
	await openApp(page, `chart/?experiment=${experimentId}&key=a`);
	const single = page.getByTestId('line-chart').locator('.plot');
	await expect(page.getByTestId('line-chart')).toHaveAttribute('data-state', 'ready');
	const plot = (await single.boundingBox())!;
	await check('chart');
	console.log(
		`4K: longest lines (characters) ${JSON.stringify(lines)}; run page ${firstRow.length} charts a row, ` +
			`${Math.round(boxes[0]!.width)} px wide; chart page ${Math.round(plot.width)} × ${Math.round(plot.height)} px`
	);
	expect(plot.width / plot.height).toBeLessThanOrEqual(3);
});
