#!/usr/bin/env node
// `npm run bench`: figures printed beside their floors/targets. Never a pass/fail test: these machines are noisy.
// Headless Chromium with a persistent profile (incognito makes OPFS commits 20–40× slower), on the built site.
// The e2e build (build-e2e/): the insert floor is one of its test hooks (window.__runboardBench), not in DbApi.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBench } from './import.mjs';
import { bundleBench } from './bundle.mjs';
import { parcoordsBench } from './parcoords.mjs';
import { chartsBench } from './charts.mjs';
import { coldLoadBench } from './cold-load.mjs';
import { runsTableBench } from './runs-table.mjs';
import { mlflowUiBench } from './mlflow-ui.mjs';
import { chromiumOptions } from '../scripts/chromium.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 4175);
const URL_BASE = `http://127.0.0.1:${PORT}/runboard/`;
const POINTS = Number(process.env.BENCH_POINTS ?? 1_000_000);

const server = spawn(
	'node',
	['scripts/serve.mjs', '--dir', 'build-e2e', '--base', '/runboard', '--port', String(PORT)],
	{
		stdio: ['ignore', 'pipe', 'inherit']
	}
);
await new Promise((resolve) => server.stdout.once('data', resolve));

const profile = mkdtempSync(join(tmpdir(), 'runboard-bench-'));
const launch = () => chromium.launchPersistentContext(profile, chromiumOptions());

async function coldStart(context) {
	const page = await context.newPage();
	await page.goto(URL_BASE);
	await page.waitForFunction(() => window.__runboardIdle?.() === true);
	const ms = await page.evaluate(() => performance.now());
	await page.close();
	return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');

try {
	// 'startup', 'cold-load', 'import', 'bundle', 'charts', 'runs-table', 'parcoords' or 'mlflow-ui' runs one part
	const only = process.env.BENCH_ONLY;
	if (!only || only === 'startup') {
		// Cold start: a fresh browser process each time, so the wasm is compiled and the database opened anew.
		const starts = [];
		for (let i = 0; i < 5; i++) {
			const context = await launch();
			starts.push(await coldStart(context));
			await context.close();
		}
		console.log(
			`cold start to experiments list: median ${fmt(median(starts))} ms (runs: ${starts.map(fmt).join(', ')}) · target ≤ 1,000 ms`
		);

		const context = await launch();
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(URL_BASE);
		await page.waitForFunction(() => window.__runboardIdle?.() === true);
		const result = await page.evaluate(async (n) => {
			const rb = window.runboard;
			const experimentId = await rb.createExperiment(`bench-${Date.now()}`);
			const run = await rb.createRun({ experimentId });
			const metrics = new Array(n);
			for (let i = 0; i < n; i++)
				metrics[i] = { key: 'loss', value: Math.sin(i), step: i, timestamp: 1_700_000_000_000 + i };
			const t0 = performance.now();
			await rb.logBatch(run.info.runId, { metrics });
			const apiMs = performance.now() - t0;
			return { apiMs, runId: run.info.runId };
		}, POINTS);
		// The floor is measured through the same worker and VFS, right after.
		const floor = await page.evaluate((n) => window.__runboardBench.rawInsertFloor(n), POINTS);
		const multi = await page.evaluate((n) => window.__runboardBench.rawInsertFloor(n, 32), POINTS);
		const apiRate = POINTS / (result.apiMs / 1000);
		const floorRate = POINTS / (floor.ms / 1000);
		console.log(`logBatch ${fmt(POINTS)} points: ${fmt(result.apiMs)} ms = ${fmt(apiRate)} rows/s`);
		console.log(
			`raw floor (C functions, one prepared insert, same worker and VFS): ${fmt(floor.ms)} ms = ${fmt(floorRate)} rows/s`
		);
		console.log(`logBatch / floor: ${((apiRate / floorRate) * 100).toFixed(0)}% · target ≥ 50%`);
		console.log(
			`32 rows per insert (as the metric writer does): ${fmt(multi.ms)} ms; logBatch / that floor: ` +
				`${((multi.ms / result.apiMs) * 100).toFixed(0)}%`
		);
		await context.close();
	}

	if (!only || only === 'cold-load')
		await coldLoadBench({
			dir: 'build-e2e',
			port: PORT + 1,
			launch: (dir) => chromium.launchPersistentContext(dir, chromiumOptions()),
			fmt,
			median
		});

	if (!only || only === 'charts') {
		const context = await launch();
		const page = context.pages()[0] ?? (await context.newPage());
		if (process.env.BENCH_CONSOLE)
			page.on('console', (m) => m.text().startsWith('[perf]') && console.log('  ', m.text()));
		await page.goto(URL_BASE);
		await page.waitForFunction(() => window.__runboardIdle?.() === true);
		await chartsBench(page, { baseUrl: URL_BASE, fmt, median });
		await context.close();
	}

	if (!only || only === 'runs-table') await runsTableBench({ baseUrl: URL_BASE, fmt });

	// Only when asked: it needs the interop venv (bash tests/interop/setup.sh) for MLflow's own server and UI.
	if (only === 'mlflow-ui') await mlflowUiBench({ baseUrl: URL_BASE, fmt, median, port: PORT + 2 });

	if (!only || only === 'parcoords') {
		const context = await launch();
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			await parcoordsBench(page, { baseUrl: URL_BASE, fmt, median });
		} finally {
			await context.close();
		}
	}

	if (!only || only === 'import')
		await importBench({
			url: URL_BASE,
			launch: (dir) => chromium.launchPersistentContext(dir, chromiumOptions())
		});

	if (!only || only === 'bundle')
		await bundleBench({
			url: URL_BASE,
			launch: (dir) => chromium.launchPersistentContext(dir, chromiumOptions())
		});
} finally {
	server.kill();
	rmSync(profile, { recursive: true, force: true });
}
