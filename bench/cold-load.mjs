// Cold load: time to the experiments list (the home page, database open and listed) on a fresh profile with nothing
// cached, on the local network and under 4G throttling (Chrome DevTools' "Fast 4G" figures: 150 ms RTT,
// ~1.6 Mbit/s down, ~750 kbit/s up), set through a CDP session. The build is served gzipped and without caching
// (the server of scripts/weight.mjs), so every file is fetched as a first visit to a static host fetches it.
// Printed, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveForWeighing } from '../scripts/weight-server.mjs';

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);
const FAST_4G = {
	offline: false,
	latency: 150,
	downloadThroughput: (1.6 * 1024 * 1024) / 8,
	uploadThroughput: (750 * 1024) / 8
};

async function once(launch, url, throttled) {
	const profile = mkdtempSync(join(tmpdir(), 'runboard-cold-'));
	const context = await launch(profile);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		if (throttled) {
			const cdp = await context.newCDPSession(page);
			await cdp.send('Network.enable');
			await cdp.send('Network.emulateNetworkConditions', FAST_4G);
		}
		await page.goto(url);
		await page.waitForFunction(() => window.__runboardIdle?.() === true, undefined, { timeout: 120_000 });
		// From navigation start: the list is on screen once the app is idle with the database open.
		return await page.evaluate(() => performance.now());
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}
}

/**
 * @param {{ dir: string, port: number, launch: (dir: string) => Promise<import('@playwright/test').BrowserContext>,
 *   fmt: (n: number) => string, median: (xs: number[]) => number }} options
 */
export async function coldLoadBench({ dir, port, launch, fmt, median }) {
	const server = await serveForWeighing(dir, port, { gzip: true });
	try {
		for (const throttled of [false, true]) {
			const times = [];
			for (let i = 0; i < RUNS; i++) times.push(await once(launch, server.url('/'), throttled));
			console.log(
				`cold load to experiments list (${throttled ? 'Fast 4G' : 'no throttling'}, nothing cached): ` +
					`median ${fmt(median(times))} ms (runs: ${times.map(fmt).join(', ')})`
			);
		}
	} finally {
		await server.close();
	}
}

// Alone: `node bench/cold-load.mjs [build folder]` (e.g. to set two builds side by side); `npm run bench` runs it too.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
	const { chromium } = await import('@playwright/test');
	const { chromiumOptions } = await import('../scripts/chromium.mjs');
	await coldLoadBench({
		dir: process.argv[2] ?? 'build-e2e',
		port: Number(process.env.BENCH_PORT ?? 4175) + 1,
		launch: (dir) => chromium.launchPersistentContext(dir, chromiumOptions()),
		fmt: (n) => Math.round(n).toLocaleString('en-US'),
		median: (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
	});
}
