// Side by side with the real MLflow 3.18 UI (`BENCH_ONLY=mlflow-ui npm run bench`, after `bash tests/interop/setup.sh`;
// not part of the default bench, which must not need Python): the same mlflow.db (bench/generate-runs-table-data.mjs,
// 1,000 and 10,000 runs × 30 params × 20 metrics) served by `mlflow server` (its UI ships in the wheel) and imported
// into Runboard through the import page, both driven in the same Chromium. For each side, medians of 3 (a fresh
// navigation each time; MLflow's remembered view state cleared first):
// - first rows: from navigation start to the first run row of the experiment's runs table (app start included);
// - filter `metrics.m1 < 5`: from Enter in the search box to the newest matching run in the first row;
// - sort by m1: from the user's action to the re-sorted first row. Runboard: a click on the m1 header (ascending);
//   MLflow shows no metric column by default, so its "Sort:" menu's m1 item (descending, its default).
// Printed: each figure, and MLflow ÷ Runboard. Asserted only that both sides showed the right runs and counts.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumOptions } from '../scripts/chromium.mjs';
import { tableMetric, writeRunsTableDb } from './generate-runs-table-data.mjs';

const SIZES = (process.env.BENCH_MLFLOW_SIZES ?? '1000,10000').split(',').map(Number);
const MLFLOW = process.env.MLFLOW_BIN ?? 'tests/interop/.venv/bin/mlflow';
const FIXTURE_DB = 'tests/fixtures/mlflow/mlflow.db';
const REPEATS = 3;
const FILTER = 'metrics.m1 < 5';

/** What the runs of the generated experiment make each step show first. */
function expected(runs) {
	const m1 = Array.from({ length: runs }, (_, i) => tableMetric(i, 1));
	const matching = m1.map((v, i) => [v, i]).filter(([v]) => v < 5);
	const by = (pick) => `run-${matching.reduce((a, b) => (pick(a, b) ? a : b))[1]}`;
	return {
		newest: `run-${runs - 1}`,
		matching: matching.length,
		newestMatching: `run-${matching[matching.length - 1][1]}`,
		smallestMatching: by((a, b) => a[0] < b[0]),
		largestMatching: by((a, b) => a[0] > b[0])
	};
}

/** The two UIs: the first row's run-name link, and how a user sorts and filters. */
const SIDES = {
	mlflow: {
		firstName: '.ag-row[row-index="0"] a[href*="/runs/"]',
		async filter(page) {
			const box = page.getByTestId('search-box');
			await box.fill(FILTER);
			return () => box.press('Enter');
		},
		async sort(page) {
			await page.getByRole('button', { name: /^Sort:/ }).click();
			const item = page.getByText('m1', { exact: true }).last();
			await item.waitFor();
			return () => item.click();
		},
		sortedFirst: (e) => e.largestMatching,
		count: (page) => page.getByText(/\d+ matching runs/).textContent()
	},
	runboard: {
		firstName: '[data-testid="runs-table"] tr[data-row] [data-column="runName"] a',
		async filter(page) {
			await page.locator('#filter').fill(FILTER);
			return () => page.locator('#filter').press('Enter');
		},
		async sort(page) {
			return () => page.locator('th[data-column="metric:m1"] button').click();
		},
		sortedFirst: (e) => e.smallestMatching,
		count: (page) => page.getByTestId('run-total').textContent()
	}
};

/** Waits, frame by frame, for the first row to name `name`. */
function firstRowIs(page, side, name) {
	return page.waitForFunction(
		([selector, name]) => document.querySelector(selector)?.textContent?.trim() === name,
		[side.firstName, name],
		{ polling: 'raf', timeout: 120_000 }
	);
}

/** Time from `act` (in Node: both sides pay the same round trip) to the first row naming `name`. */
async function untilFirst(page, side, name, act) {
	const t0 = performance.now();
	await act();
	await firstRowIs(page, side, name);
	return performance.now() - t0;
}

/** One round on one side: first rows, filter, sort; checks the counts shown. */
async function round(page, side, url, e, runs) {
	await page.goto(url);
	await firstRowIs(page, side, e.newest);
	const first = await page.evaluate(() => performance.now());
	const before = await side.count(page);
	const filter = await untilFirst(page, side, e.newestMatching, await side.filter(page));
	const after = await side.count(page);
	const sort = await untilFirst(page, side, side.sortedFirst(e), await side.sort(page));
	// MLflow loads 100 runs at a time and counts those loaded; Runboard counts every run.
	const pageful = (n) => (side === SIDES.mlflow ? `${Math.min(n, 100)} matching runs` : String(n));
	if (!before.includes(pageful(runs)) || !after.includes(pageful(e.matching)))
		throw new Error(`unexpected counts: ${before} then ${after} (${runs} runs, ${e.matching} matching)`);
	return { first, filter, sort };
}

async function startMlflow(db, port) {
	const server = spawn(
		MLFLOW,
		['server', '--backend-store-uri', `sqlite:///${db}`, '--host', '127.0.0.1', '--port', String(port)],
		{
			stdio: 'ignore',
			// Its own process group: the server's workers are stopped with it.
			detached: true,
			env: {
				...process.env,
				MLFLOW_DISABLE_TELEMETRY: 'true',
				DO_NOT_TRACK: 'true',
				// Its background job runner (evaluations, not the UI) would take one of the two cores at start.
				MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false'
			}
		}
	);
	const stop = () => process.kill(-(/** @type {number} */ (server.pid)), 'SIGTERM');
	for (let i = 0; i < 240; i++) {
		const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
			(r) => r.ok,
			() => false
		);
		if (ok) return stop;
		await new Promise((r) => setTimeout(r, 500));
	}
	stop();
	throw new Error(`mlflow server did not answer on port ${port} within 2 minutes`);
}

async function benchSize(runs, { baseUrl, fmt, median, port }) {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-mlflow-ui-'));
	const db = await writeRunsTableDb(FIXTURE_DB, join(dir, 'mlflow.db'), runs);
	const e = expected(runs);
	const stopMlflow = await startMlflow(db, port);
	const context = await chromium.launchPersistentContext(join(dir, 'profile'), chromiumOptions());
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		const figures = { mlflow: [], runboard: [] };
		const mlflowUrl = `http://127.0.0.1:${port}/#/experiments/1/runs`;
		for (let i = 0; i < REPEATS; i++) {
			// MLflow remembers the experiment's last view (filter, sort) in local storage: each round starts clean.
			await page.goto(`http://127.0.0.1:${port}/health`);
			await page.evaluate(() => localStorage.clear());
			figures.mlflow.push(
				await round(page, SIDES.mlflow, mlflowUrl, e, runs).catch(async (error) => {
					const shot = join(tmpdir(), `mlflow-ui-${runs}.png`);
					await page.screenshot({ path: shot });
					const name = await page
						.locator(SIDES.mlflow.firstName)
						.first()
						.textContent()
						.catch(() => null);
					throw new Error(`${error.message} (first row: ${name}; the page: ${shot})`);
				})
			);
		}
		await page.goto(`${baseUrl}import/`);
		await page.waitForFunction(() => window.__runboardIdle?.() === true);
		const t0 = performance.now();
		await page.getByTestId('file-input').setInputFiles(db);
		await page.getByTestId('import-report').waitFor({ timeout: 1_800_000 });
		await page.waitForFunction(() => window.__runboardIdle?.() === true, null, { timeout: 120_000 });
		const imported = performance.now() - t0;
		const id = await page.evaluate(
			async () => (await window.runboard.getExperimentByName('runs-table')).experimentId
		);
		for (let i = 0; i < REPEATS; i++)
			figures.runboard.push(await round(page, SIDES.runboard, `${baseUrl}experiments/${id}/`, e, runs));
		console.log(`mlflow-ui ${fmt(runs)} runs (Runboard's import of the mlflow.db: ${fmt(imported)} ms):`);
		for (const step of ['first', 'filter', 'sort']) {
			const m = median(figures.mlflow.map((f) => f[step]));
			const r = median(figures.runboard.map((f) => f[step]));
			const all = (side) => figures[side].map((f) => fmt(f[step])).join(', ');
			console.log(
				`  ${step.padEnd(6)}: MLflow ${fmt(m)} ms (${all('mlflow')}), Runboard ${fmt(r)} ms (${all('runboard')}); MLflow ÷ Runboard ${(m / r).toFixed(1)}×`
			);
		}
	} finally {
		await context.close();
		stopMlflow();
		rmSync(dir, { recursive: true, force: true });
	}
}

export async function mlflowUiBench(options) {
	for (const runs of SIZES) await benchSize(runs, options);
}
