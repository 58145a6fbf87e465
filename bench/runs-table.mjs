// Runs-table benchmark: an experiment of 10,000 and 100,000 runs × 30 params × 20 metrics (an mlflow.db imported
// through the import page), then the experiment page. Figures, each beside its target (at 100,000 runs: first rows
// ≤ 300 ms, each sort or filter ≤ 100 ms, the tab's JS heap ≤ 150 MB):
// - worker: DbApi.queryRunsTable answered for a first window, a sort by a metric and by a param (each column read
//   for the first time), a filter, filter + sort; listRunColumns; queryRunIds (what "select all" fetches);
// - page: opening the experiment page to its first rows (from a link in the app, and from a cold navigation), a click on a header to the re-sorted rows, a filter to
//   the filtered rows, all timed in the page;
// - the page's JS heap (CDP Runtime.getHeapUsage) with the table shown.
// BENCH_TABLE_SIZES=10000,100000 picks the sizes; BENCH_TABLE_DATA=<dir> keeps the generated files for reuse.
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumOptions } from '../scripts/chromium.mjs';
import { writeRunsTableDb } from './generate-runs-table-data.mjs';

const SIZES = (process.env.BENCH_TABLE_SIZES ?? '10000,100000').split(',').map(Number);
const FIXTURE_DB = 'tests/fixtures/mlflow/mlflow.db';
const idle = (page) =>
	page.waitForFunction(() => window.__runboardIdle?.() === true, null, { timeout: 1_800_000 });

/** Worker time of one call, in the page (the page's share is a postMessage). */
function workerTimes(page, experimentId) {
	return page.evaluate(async (exp) => {
		const rb = window.runboard;
		const base = {
			experimentIds: [exp],
			offset: 0,
			limit: 100,
			columns: ['param:p0', 'metric:m0', 'metric:m1']
		};
		const time = async (fn) => {
			const t0 = performance.now();
			await fn();
			return performance.now() - t0;
		};
		return {
			columns: await time(() => rb.listRunColumns([exp])),
			first: await time(() => rb.queryRunsTable(base)),
			scroll: await time(() => rb.queryRunsTable({ ...base, offset: 5_000 })),
			sortMetric: await time(() =>
				rb.queryRunsTable({ ...base, orderBy: [{ column: 'metric:m3', descending: false }] })
			),
			sortParam: await time(() =>
				rb.queryRunsTable({ ...base, orderBy: [{ column: 'param:p3', descending: true }] })
			),
			sortTwo: await time(() =>
				rb.queryRunsTable({
					...base,
					orderBy: [
						{ column: 'param:p4', descending: false },
						{ column: 'metric:m4', descending: true }
					]
				})
			),
			filter: await time(() => rb.queryRunsTable({ ...base, filter: 'metrics.m5 < 50' })),
			filterSort: await time(() =>
				rb.queryRunsTable({
					...base,
					filter: "params.p6 = '17'",
					orderBy: [{ column: 'metric:m6', descending: false }]
				})
			),
			ids: await time(() => rb.queryRunIds({ experimentIds: [exp] }))
		};
	}, experimentId);
}

/** Clicks/submits in the page and waits, frame by frame, until `done()` holds: the page's time to the result. */
function pageTime(page, act, done) {
	return page.evaluate(
		async ({ act, done }) => {
			const t0 = performance.now();
			new Function(act)();
			const check = new Function(`return (${done})`);
			while (!check()) await new Promise((r) => requestAnimationFrame(r));
			return performance.now() - t0;
		},
		{ act, done }
	);
}

async function benchSize(runs, { baseUrl, fmt }) {
	const keep = process.env.BENCH_TABLE_DATA;
	const dir = keep ?? mkdtempSync(join(tmpdir(), 'runboard-table-'));
	if (keep) mkdirSync(keep, { recursive: true });
	const file = join(dir, `runs-table-${runs}.db`);
	const profile = mkdtempSync(join(tmpdir(), 'runboard-table-profile-'));
	const context = await chromium.launchPersistentContext(profile, chromiumOptions());
	try {
		const t0 = performance.now();
		if (!existsSync(file)) await writeRunsTableDb(FIXTURE_DB, file, runs);
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(`${baseUrl}import/`);
		await idle(page);
		const t1 = performance.now();
		await page.getByTestId('file-input').setInputFiles(file);
		await page.getByTestId('import-report').waitFor({ timeout: 1_800_000 });
		await idle(page);
		console.log(
			`runs-table ${fmt(runs)} runs: data ${fmt(t1 - t0)} ms, import ${fmt(performance.now() - t1)} ms (not part of the figures)`
		);
		const experimentId = await page.evaluate(
			async () => (await window.runboard.getExperimentByName('runs-table')).experimentId
		);
		const w = await workerTimes(page, experimentId);
		const target = (ms, limit) => `${fmt(ms)} ms (target ≤ ${limit} ms)`;
		console.log(
			`  worker: first window ${target(w.first, 300)}, next window ${fmt(w.scroll)} ms, sort by metric ${target(w.sortMetric, 100)}, by param ${target(w.sortParam, 100)}, two keys ${target(w.sortTwo, 100)}, filter ${target(w.filter, 100)}, filter + sort ${target(w.filterSort, 100)}; column keys ${fmt(w.columns)} ms, all ids ${fmt(w.ids)} ms`
		);

		// The page: a fresh load of the experiment (the worker's caches are empty again).
		await page.goto(`${baseUrl}experiments/${experimentId}/`);
		const first = await page.evaluate(async () => {
			while (!document.querySelector('tr[data-row]')) await new Promise((r) => requestAnimationFrame(r));
			return performance.now();
		});
		await idle(page);
		const sort = await pageTime(
			page,
			`document.querySelector('th[data-column="metric:m1"] button').click()`,
			`document.querySelector('th[data-column="metric:m1"]')?.getAttribute('aria-sort') === 'ascending' && !!document.querySelector('tr[data-row]')`
		);
		await idle(page);
		const before = await page.getByTestId('run-total').textContent();
		await page.locator('#filter').fill('metrics.m2 < 50');
		const filter = await pageTime(
			page,
			`document.querySelector('#filter').form.requestSubmit()`,
			`document.querySelector('[data-testid="run-total"]')?.textContent !== ${JSON.stringify(before)} && !!document.querySelector('tr[data-row]')`
		);
		await idle(page);
		const rows = await page.locator('tbody tr').count();
		// Within the app (its start and the database's opening apart): from a click on the experiment's link on the
		// home page to the first rows.
		await page.goto(baseUrl);
		await idle(page);
		const inApp = await pageTime(
			page,
			`document.querySelector('main a[href$="experiments/${experimentId}"], main a[href$="experiments/${experimentId}/"]').click()`,
			`!!document.querySelector('[data-testid="runs-table"] tr[data-row]')`
		);
		await idle(page);
		const cdp = await context.newCDPSession(page);
		await cdp.send('HeapProfiler.collectGarbage');
		const heap = await cdp.send('Runtime.getHeapUsage');
		console.log(
			`  page: first rows ${target(inApp, 300)} from a click on the experiment's link (${fmt(first)} ms from a cold navigation, app start included), sort ${target(sort, 100)}, filter ${target(filter, 100)}; ${rows} rows in the DOM; JS heap ${fmt(heap.usedSize / 2 ** 20)} MB (target ≤ 150 MB)`
		);
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
		if (!keep) rmSync(dir, { recursive: true, force: true });
	}
}

export async function runsTableBench(options) {
	for (const runs of SIZES) await benchSize(runs, options);
}
