// Runs-table benchmark: an experiment of 10,000 and 100,000 runs × 30 params × 20 metrics (a Runboard database
// backup imported through the import page), then the experiment page. Figures, each beside its target (at 100,000
// runs: first rows ≤ 300 ms, each sort or filter ≤ 100 ms, the tab's JS heap ≤ 150 MB):
// - worker: each of WORKER_CASES (DbApi calls: first window, sorts with each column read for the first time,
//   filters, filter + sort, the column keys, the ids "select all" fetches), timed in the page;
// - page: opening the experiment page to its first rows (from a link in the app, and from a cold navigation), then
//   each of PAGE_STEPS (a click on a header to the re-sorted rows, a filter to the filtered rows), timed in the page;
// - the page's JS heap (CDP Runtime.getHeapUsage) with the table shown.
// BENCH_TABLE_SIZES=10000,100000 picks the sizes; BENCH_TABLE_DATA=<dir> keeps the generated files for reuse.
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumOptions } from '../scripts/chromium.mjs';
import { downloadEmptyDatabase, writeRunsTableBackup } from './generate-runs-table-backup.mjs';

const SIZES = (process.env.BENCH_TABLE_SIZES ?? '10000,100000').split(',').map(Number);
const idle = (page) =>
	page.waitForFunction(() => window.__runboardIdle?.() === true, null, { timeout: 1_800_000 });

/**
 * The worker's cases: a name, a DbApi call on `window.runboard` (its arguments; `base` is the first window's
 * request) and the target. One line each, so a new table operation (group-by, …) is one more entry.
 * @type {{ name: string; call: string; args: unknown; target?: number }[]}
 */
const WORKER_CASES = [
	{ name: 'column keys', call: 'listRunColumns', args: 'experimentIds' },
	{ name: 'first window', call: 'queryRunsTable', args: {}, target: 300 },
	{ name: 'next window', call: 'queryRunsTable', args: { offset: 5_000 } },
	{
		name: 'sort by metric',
		call: 'queryRunsTable',
		args: { orderBy: [{ column: 'metric:m3', descending: false }] },
		target: 100
	},
	{
		name: 'sort by param',
		call: 'queryRunsTable',
		args: { orderBy: [{ column: 'param:p3', descending: true }] },
		target: 100
	},
	{
		name: 'sort by run name',
		call: 'queryRunsTable',
		args: { orderBy: [{ column: 'runName', descending: false }] },
		target: 100
	},
	{
		name: 'two sort keys',
		call: 'queryRunsTable',
		args: {
			orderBy: [
				{ column: 'param:p4', descending: false },
				{ column: 'metric:m4', descending: true }
			]
		},
		target: 100
	},
	{ name: 'filter (metric)', call: 'queryRunsTable', args: { filter: 'metrics.m5 < 50' }, target: 100 },
	{ name: 'filter (param)', call: 'queryRunsTable', args: { filter: "params.p7 = '17'" }, target: 100 },
	{
		name: 'filter + sort',
		call: 'queryRunsTable',
		args: { filter: "params.p6 = '17'", orderBy: [{ column: 'metric:m6', descending: false }] },
		target: 100
	},
	{ name: 'all ids ("select all")', call: 'queryRunIds', args: 'scope' },
	{
		name: 'group by a tag (5 groups, stats)',
		call: 'queryRunGroups',
		args: { groupBy: 'tag:team' },
		target: 300
	},
	{
		name: 'group by a tag, one group open',
		call: 'queryRunGroups',
		args: { groupBy: 'tag:team', expandedGroups: ['team-0'] },
		target: 100
	},
	{ name: 'nested layout (collapse all)', call: 'queryRunsTable', args: { expanded: [] }, target: 100 }
];

/** Worker time of each case, in the page (the page's share is a postMessage). */
function workerTimes(page, experimentId) {
	return page.evaluate(
		async ({ exp, cases }) => {
			const rb = window.runboard;
			const base = {
				experimentIds: [exp],
				offset: 0,
				limit: 100,
				columns: ['param:p0', 'metric:m0', 'metric:m1']
			};
			const args = (a) =>
				a === 'experimentIds' ? [exp] : a === 'scope' ? { experimentIds: [exp] } : { ...base, ...a };
			const out = [];
			for (const c of cases) {
				const t0 = performance.now();
				await rb[c.call](args(c.args));
				out.push({ name: c.name, target: c.target, ms: performance.now() - t0 });
			}
			return out;
		},
		{ exp: experimentId, cases: WORKER_CASES }
	);
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

/**
 * The page's steps, in order, on the experiment page: a name, what the user does (run in the page) and when it is
 * done (an expression polled each frame). One entry each, so a new table operation is one more line.
 * @type {{ name: string; act: string; done: string; target?: number; before?: (page: import('@playwright/test').Page) => Promise<void> }[]}
 */
const PAGE_STEPS = [
	{
		name: 'sort (click to re-sorted rows)',
		act: `document.querySelector('th[data-column="metric:m1"] button').click()`,
		done: `document.querySelector('th[data-column="metric:m1"]')?.getAttribute('aria-sort') === 'ascending' && !!document.querySelector('tr[data-row]')`,
		target: 100
	},
	{
		name: 'filter (submit to rows)',
		before: (page) => page.locator('#filter').fill('metrics.m2 < 50'),
		act: `window.__before = document.querySelector('[data-testid="run-total"]')?.textContent; document.querySelector('#filter').form.requestSubmit()`,
		done: `document.querySelector('[data-testid="run-total"]')?.textContent !== window.__before && !!document.querySelector('tr[data-row]')`,
		target: 100
	},
	{
		name: 'group by a tag (select to group rows)',
		act: `const s = document.querySelector('[data-testid="group-by"]'); s.value = 'tag:team'; s.dispatchEvent(new Event('change', { bubbles: true }))`,
		done: `document.querySelectorAll('tr.group').length > 0`,
		target: 300
	}
];

/**
 * The experiment's data, imported through the import page: a Runboard database backup
 * (generate-runs-table-backup.mjs; an mlflow.db of 100,000 runs is ~1.3 GB, see there). Returns the import's time.
 */
async function importRuns(page, { baseUrl, dir, runs, fmt }) {
	const template = await downloadEmptyDatabase(page, `${baseUrl}storage/`, join(dir, `empty-${runs}.sqlite`));
	const file = join(dir, `runs-table-${runs}.sqlite`);
	const t0 = performance.now();
	if (!existsSync(file)) await writeRunsTableBackup(template, file, runs);
	await page.goto(`${baseUrl}import/`);
	await idle(page);
	const t1 = performance.now();
	await page.getByTestId('file-input').setInputFiles(file);
	await page.getByTestId('import-report').waitFor({ timeout: 1_800_000 });
	await idle(page);
	const t2 = performance.now();
	const mb = statSync(file).size / 2 ** 20;
	console.log(
		`runs-table ${fmt(runs)} runs: data ${fmt(t1 - t0)} ms, import ${fmt(t2 - t1)} ms of a ${fmt(mb)} MB backup (not part of the figures)`
	);
}

async function benchSize(runs, { baseUrl, fmt }) {
	const keep = process.env.BENCH_TABLE_DATA;
	const dir = keep ?? mkdtempSync(join(tmpdir(), 'runboard-table-'));
	if (keep) mkdirSync(keep, { recursive: true });
	const profile = mkdtempSync(join(tmpdir(), 'runboard-table-profile-'));
	const context = await chromium.launchPersistentContext(profile, chromiumOptions());
	const figure = (f) => `${f.name} ${fmt(f.ms)} ms${f.target ? ` (target ≤ ${f.target} ms)` : ''}`;
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await importRuns(page, { baseUrl, dir, runs, fmt });
		const experimentId = await page.evaluate(
			async () => (await window.runboard.getExperimentByName('runs-table')).experimentId
		);
		const w = await workerTimes(page, experimentId);
		console.log(`  worker: ${w.map(figure).join(', ')}`);

		// The page: a fresh load of the experiment (the worker's caches are empty again).
		await page.goto(`${baseUrl}experiments/${experimentId}/`);
		const first = await page.evaluate(async () => {
			while (!document.querySelector('tr[data-row]')) await new Promise((r) => requestAnimationFrame(r));
			return performance.now();
		});
		await idle(page);
		const steps = [];
		for (const step of PAGE_STEPS) {
			await step.before?.(page);
			steps.push({ ...step, ms: await pageTime(page, step.act, step.done) });
			await idle(page);
		}
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
		const firstRows = { name: 'first rows from a click on the experiment', ms: inApp, target: 300 };
		console.log(
			`  page: ${[firstRows, ...steps].map(figure).join(', ')}; first rows from a cold navigation ${fmt(first)} ms (app start included); ${rows} rows in the DOM; JS heap ${fmt(heap.usedSize / 2 ** 20)} MB (target ≤ 150 MB)`
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
