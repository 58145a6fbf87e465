// Zooming a line chart without a mouse: on a phone (390 × 844, touch) the chart's +, − and reset buttons are tapped,
// and from the keyboard they are pressed; each changes the chart's x-domain (read from data-x-domain), zoom out
// stops at the whole chart, and the page never grows wider than the screen.
import type { Locator, Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

async function chartOfRun(page: Page): Promise<Locator> {
	await openApp(page);
	const runId = await page.evaluate(async () => {
		const rb = window.runboard;
		const run = await rb.createRun({ experimentId: await rb.createExperiment('zoom'), runName: 'zoomed' });
		const metrics = Array.from({ length: 101 }, (_, step) => ({
			key: 'loss',
			value: 1 / (step + 1),
			step,
			timestamp: 1
		}));
		await rb.logBatch(run.info.runId, { metrics });
		return run.info.runId;
	});
	await openApp(page, `runs/${runId}/`);
	const chart = page.locator('[data-testid="line-chart"][data-metric="loss"]');
	await chart.scrollIntoViewIfNeeded();
	await expect(chart).toHaveAttribute('data-state', 'ready');
	return chart;
}

const domainOf = async (chart: Locator) =>
	((await chart.getAttribute('data-x-domain')) ?? '').split(',').map(Number);

test('at 390 px the chart’s zoom buttons are tapped: in, out, reset change the x-domain', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const chart = await chartOfRun(page);
	const whole = await domainOf(chart);
	expect(whole).toEqual([0, 100]);

	await chart.getByRole('button', { name: 'Zoom in' }).tap();
	await expect(chart).toHaveAttribute('data-x-domain', '25,75');
	await chart.getByRole('button', { name: 'Zoom in' }).tap();
	await expect(chart).toHaveAttribute('data-x-domain', '37.5,62.5');
	await chart.getByRole('button', { name: 'Zoom out' }).tap();
	await expect(chart).toHaveAttribute('data-x-domain', '25,75');
	await chart.getByRole('button', { name: 'Zoom out' }).tap();
	await expect(chart).toHaveAttribute('data-x-domain', '0,100');
	await expect(chart.getByRole('button', { name: 'Zoom out' })).toBeDisabled();

	await chart.getByRole('button', { name: 'Zoom in' }).tap();
	await expect(chart).toHaveAttribute('data-x-domain', '25,75');
	await chart.getByTestId('zoom-reset').tap();
	await expect(chart).toHaveAttribute('data-x-domain', '0,100');

	// A finger-sized target, and nothing wider than the screen.
	const box = (await chart.getByRole('button', { name: 'Zoom in' }).boundingBox())!;
	expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
	await idle(page);
	expect(
		await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
	).toBe(0);
});

test('the zoom buttons work from the keyboard', async ({ page }) => {
	const chart = await chartOfRun(page);
	await chart.getByRole('button', { name: 'Zoom in' }).focus();
	await page.keyboard.press('Enter');
	await expect(chart).toHaveAttribute('data-x-domain', '25,75');
	await page.keyboard.press('Tab');
	await expect(chart.getByRole('button', { name: 'Zoom out' })).toBeFocused();
	await page.keyboard.press('Space');
	await expect(chart).toHaveAttribute('data-x-domain', '0,100');
});

test('two fingers spread over the chart zoom in around the point between them', async ({ page, context }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const chart = await chartOfRun(page);
	const box = (await chart.getByTestId('chart-overlay').boundingBox())!;
	const y = box.y + box.height / 2;
	const middle = box.x + box.width / 2;
	// Touch input as a phone sends it (two touch points), through the DevTools protocol.
	const cdp = await context.newCDPSession(page);
	const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', gap: number) =>
		cdp.send('Input.dispatchTouchEvent', {
			type,
			touchPoints:
				type === 'touchEnd'
					? []
					: [
							{ x: middle - gap / 2, y, id: 1 },
							{ x: middle + gap / 2, y, id: 2 }
						]
		});
	await touch('touchStart', 60);
	for (const gap of [90, 120, 150, 180]) await touch('touchMove', gap);
	await touch('touchEnd', 0);
	await expect.poll(async () => (await domainOf(chart)).join(',')).not.toBe('0,100');
	const [a = 0, b = 0] = await domainOf(chart);
	console.log(`pinch from 60 to 180 px: x-domain 0–100 became ${a.toFixed(1)}–${b.toFixed(1)}`);
	// Fingers three times as far apart: a third of the range, around the middle of the chart.
	expect(b - a).toBeGreaterThan(25);
	expect(b - a).toBeLessThan(42);
	expect(a).toBeLessThan(50);
	expect(b).toBeGreaterThan(50);
	await chart.getByTestId('zoom-reset').tap();
	await expect(chart).toHaveAttribute('data-x-domain', '0,100');
});
