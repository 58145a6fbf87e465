// Offline and installable (src/service-worker.ts): after one visit a hosted Runboard opens with the network off,
// deep links included, with its data; a cache missing files gives a clear message; the manifest and its icons load.
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

// The test build registers the service worker only where a test asks (src/lib/components/UpdatePrompt.svelte).
test.beforeEach(async ({ context }) => {
	await context.addInitScript(() => localStorage.setItem('runboard:test-service-worker', 'on'));
});

/** The service worker controls the page; it activates only once its install saved every file. */
async function controlled(page: Page): Promise<void> {
	await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
}

async function logRun(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const id = await window.runboard.createExperiment('offline-experiment');
		const run = await window.runboard.createRun({ experimentId: id, runName: 'offline-run' });
		await window.runboard.logBatch(run.info.runId, { metrics: [{ key: 'loss', value: 0.5, step: 0 }] });
		return run.info.runId;
	});
}

test('after one visit Runboard opens offline with its data, deep links too', async ({ context, page }) => {
	await openApp(page);
	const runId = await logRun(page);
	await controlled(page);
	const saved = await page.evaluate(async () => {
		const names = await caches.keys();
		const cache = await caches.open(names[0]!);
		return { names, paths: (await cache.keys()).map((r) => new URL(r.url).pathname) };
	});
	expect(saved.names).toHaveLength(1);
	expect(saved.names[0]).toMatch(/^runboard-/);
	// The shell, the deep-link fallback, the three workers, what they load and the wasm (sqlite's OPFS helper
	// workers are not built at all: the opfs-sahpool VFS needs none, see vite.config.ts).
	for (const pattern of [
		/^\/runboard\/$/,
		/^\/runboard\/404\.html$/,
		/\/workers\/db\.worker-[\w-]+\.js$/,
		/\/workers\/parse\.worker-[\w-]+\.js$/,
		/\/workers\/tab-broker\.worker-[\w-]+\.js$/,
		/\/workers\/chunks\/[\w-]+\.js$/,
		/\/workers\/assets\/sqlite3-[\w-]+\.wasm$/
	])
		expect(
			saved.paths.some((path) => pattern.test(path)),
			String(pattern)
		).toBe(true);

	// A file fetched at run time (as a run from a link is) goes to the network and is never saved.
	const count = () =>
		page.evaluate(async () => (await (await caches.open((await caches.keys())[0]!)).keys()).length);
	const before = await count();
	expect(await page.evaluate(() => fetch('/runboard/runs-from-a-link/run.zip').then((r) => r.status))).toBe(
		404
	);
	expect(await count()).toBe(before);

	await context.setOffline(true);
	// …and offline it fails as any download does (the import reports it), not with a stale copy.
	expect(
		await page.evaluate(() =>
			fetch('/runboard/runs-from-a-link/run.zip').then(
				(r) => r.status,
				() => 'network error'
			)
		)
	).toBe('network error');
	expect(
		await page.evaluate(() =>
			fetch('https://example.com/').then(
				() => 'online',
				() => 'offline'
			)
		)
	).toBe('offline');
	await page.reload();
	await idle(page);
	await expect(page.getByRole('link', { name: 'offline-experiment' })).toBeVisible();
	expect(await page.evaluate((id) => window.runboard.getRun(id).then((r) => r.info.runName), runId)).toBe(
		'offline-run'
	);

	// A run page is a deep link: no prerendered file, the static host's 404.html shell renders it.
	await page.goto(`runs/${runId}/`);
	await idle(page);
	await expect(page.getByRole('heading', { level: 1, name: 'offline-run' })).toBeVisible();
	await expect(page.getByTestId('memory-banner')).toHaveCount(0);
});

test('offline with files missing from the cache, Runboard says so instead of a blank page', async ({
	context,
	page
}) => {
	await openApp(page);
	await controlled(page);
	// As if the first visit had been cut short or the browser had evicted part of the cache.
	const removed = await page.evaluate(async () => {
		const cache = await caches.open((await caches.keys())[0]!);
		const entry = (await cache.keys()).find((r) => r.url.includes('/_app/immutable/entry/start.'));
		return entry ? cache.delete(entry) : false;
	});
	expect(removed).toBe(true);
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Runboard cannot open offline yet' })).toBeVisible();
	await expect(page.getByTestId('offline-incomplete')).toContainText("1 of Runboard's files were not saved");

	// Back online, the page comes from the network as before.
	await context.setOffline(false);
	await page.reload();
	await idle(page);
	await expect(page.getByRole('heading', { name: 'Runboard cannot open offline yet' })).toHaveCount(0);
});

test('the web manifest is served, valid, linked from every page, and its icons load', async ({ page }) => {
	await openApp(page);
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	expect(href).toBe('/runboard/manifest.webmanifest');
	const response = await page.request.get(href!);
	expect(response.ok()).toBe(true);
	expect(response.headers()['content-type']).toContain('application/manifest+json');
	const manifest = (await response.json()) as {
		name: string;
		short_name: string;
		start_url: string;
		scope: string;
		display: string;
		theme_color: string;
		background_color: string;
		icons: { src: string; sizes: string; type: string; purpose: string }[];
	};
	const manifestUrl = new URL(response.url());
	expect(manifest).toMatchObject({ name: 'Runboard', short_name: 'Runboard', display: 'standalone' });
	expect(new URL(manifest.start_url, manifestUrl).pathname).toBe('/runboard/');
	expect(new URL(manifest.scope, manifestUrl).pathname).toBe('/runboard/');
	expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
	expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

	const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
	expect(pngs.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual([
		'192x192 any',
		'512x512 any',
		'512x512 maskable'
	]);
	for (const icon of pngs) {
		const image = await page.request.get(new URL(icon.src, manifestUrl).href);
		expect(image.ok(), icon.src).toBe(true);
		const bytes = await image.body();
		// PNG signature, then the IHDR chunk's width and height.
		expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
		expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
	}
});
