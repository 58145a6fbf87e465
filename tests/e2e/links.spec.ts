// Links that open data, across two browser profiles: a file server on a second port serves a zipped mlruns
// folder (with CORS, and the same file without). Profile A opens `import/?url=…`, sees host, name and size,
// confirms, compares three runs, and copies the link; a FRESH profile B opens that link, confirms, and must
// see the same Compare view. The bad cases (404, a host without CORS) give their messages in the page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, idle, launch, openApp, test } from './fixtures';

const PUBLIC = 'tests/fixtures/public/mlflow-mlruns/justinpontalba-MLOps/mlruns';

function mlrunsZip(): Buffer {
	const entries: Record<string, Uint8Array> = {};
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const full = join(d, name);
			if (statSync(full).isDirectory()) walk(full);
			else entries[`mlruns/${relative(PUBLIC, full).split(sep).join('/')}`] = readFileSync(full);
		}
	};
	walk(PUBLIC);
	return Buffer.from(zipSync(entries, { level: 6 }));
}

const ZIP = mlrunsZip();
let server: Server;
let files = '';
/** Every request the file server saw: "GET /cors/runs.zip". */
const seen: string[] = [];
/** Responses left hanging on purpose, ended after the tests. */
const stuck: (() => void)[] = [];

test.beforeAll(async () => {
	server = createServer((req, res) => {
		seen.push(`${req.method} ${req.url}`);
		const cors = req.url?.startsWith('/cors/') ? { 'access-control-allow-origin': '*' } : {};
		if (req.url === '/cors/slow.zip' && req.method === 'GET') {
			// A host that sends a little, then nothing: the download must be cancellable.
			res.writeHead(200, { ...cors, 'content-type': 'application/zip', 'content-length': ZIP.length });
			res.write(ZIP.subarray(0, 1000));
			stuck.push(() => res.destroy());
		} else if (req.url?.endsWith('/runs.zip')) {
			res.writeHead(200, { ...cors, 'content-type': 'application/zip', 'content-length': ZIP.length });
			res.end(req.method === 'HEAD' ? undefined : ZIP);
		} else {
			res.writeHead(404, { ...cors, 'content-type': 'text/plain' });
			res.end('no such file');
		}
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	files = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
	for (const end of stuck) end();
	await new Promise((done) => server.close(done));
});

/** What a Compare view shows: its runs (URL), heading, table and chart cards as text, and every run mark. */
async function compareView(page: Page) {
	await idle(page);
	const url = new URL(page.url());
	return {
		path: url.pathname,
		runs: url.searchParams.get('runs'),
		v: url.searchParams.get('v'),
		heading: await page.locator('h1').innerText(),
		charts: await page.locator('section', { has: page.getByRole('heading', { name: 'Charts' }) }).innerText(),
		marks: await page
			.locator('[data-run-id]')
			.evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')))
	};
}

test('a link to a file imports it after asking; Copy link on Compare opens the same view in a fresh profile', async ({
	page,
	context
}) => {
	const fileUrl = `${files}/cors/runs.zip`;
	await page.goto(`import/?url=${encodeURIComponent(fileUrl)}`);
	await expect(page.getByTestId('url-host')).toHaveText(new URL(files).host);
	await expect(page.getByTestId('url-name')).toHaveText('runs.zip');
	await expect(page.getByTestId('url-size')).toHaveText(`${(ZIP.length / 1e3).toFixed(1)} kB`);
	// Asked first: the host saw only the HEAD for the size, never the file.
	expect(seen.filter((r) => r.startsWith('GET'))).toEqual([]);
	await page.getByTestId('url-confirm').click();
	await expect(page).toHaveURL(/\/experiments\/\d+\/$/);
	await idle(page);
	await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(8);
	expect(seen.filter((r) => r === 'GET /cors/runs.zip')).toHaveLength(1);

	// Three runs compared (two with metrics), with a chart added (so the view has state beyond its runs).
	for (const name of ['secretive-fox-483', 'able-jay-368', 'bittersweet-shad-818'])
		await page.getByLabel(`Select run ${name}`).check();
	await page.getByTestId('compare-selected').click();
	await expect(page).toHaveURL(/\/compare\/\?runs=/);
	await idle(page);
	await page.getByRole('button', { name: 'Bar', exact: true }).click();
	await expect(page).toHaveURL(/&v=/);
	const shared = await compareView(page);
	expect(shared.runs!.split(',')).toHaveLength(3);
	expect(shared.heading).toBe('Compare 3 runs');
	expect(shared.marks.length).toBeGreaterThan(0);
	expect(shared.charts).toContain('accuracy');

	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.getByTestId('copy-link').click();
	await expect(page.getByRole('status')).toHaveText('Copied.');
	const link = await page.evaluate(() => navigator.clipboard.readText());
	await expect(page.getByTestId('share-link')).toHaveValue(link);
	const parsed = new URL(link);
	expect(parsed.pathname).toBe('/runboard/import/');
	expect(parsed.searchParams.get('url')).toBe(fileUrl);
	expect(link.length).toBeLessThan(600);

	// Profile B: nothing imported yet; the link asks, imports, then opens the same view.
	const dirB = mkdtempSync(join(tmpdir(), 'runboard-e2e-b-'));
	const b = await launch(dirB);
	try {
		const pageB = b.pages()[0] ?? (await b.newPage());
		const before = seen.length;
		await pageB.goto(link);
		await expect(pageB.getByTestId('url-name')).toHaveText('runs.zip');
		await expect(pageB.getByTestId('url-host')).toHaveText(new URL(files).host);
		expect(seen.slice(before).filter((r) => r.startsWith('GET'))).toEqual([]);
		await pageB.getByTestId('url-confirm').click();
		await expect(pageB).toHaveURL(/\/compare\/\?runs=/);
		await expect(pageB.locator('h1')).toHaveText('Compare 3 runs');
		expect(await compareView(pageB)).toEqual(shared);
	} finally {
		await b.close();
		rmSync(dirB, { recursive: true, force: true });
	}
});

test('a link to a missing file says 404 (forwarded from the root); the page stays usable', async ({
	page
}) => {
	await page.goto(`?url=${encodeURIComponent(`${files}/cors/gone.zip`)}`);
	await expect(page).toHaveURL(/\/import\/\?url=/);
	await expect(page.getByTestId('url-size')).toHaveText('not given by the host');
	await page.getByTestId('url-confirm').click();
	await expect(page.getByTestId('import-error')).toContainText('404 Not Found: the file is not there');
	await expect(page.getByRole('button', { name: 'Choose files…' })).toBeEnabled();
	await expect(page.getByTestId('url-confirm')).toBeEnabled();
});

test('a host without CORS: the message says what the host must allow and offers download-and-drop', async ({
	page
}) => {
	const fileUrl = `${files}/plain/runs.zip`;
	await page.goto(`import/?url=${encodeURIComponent(fileUrl)}`);
	await expect(page.getByTestId('url-name')).toHaveText('runs.zip');
	// Without CORS the browser hides the size too.
	await expect(page.getByTestId('url-size')).toHaveText('not given by the host');
	await page.getByTestId('url-confirm').click();
	const error = page.getByTestId('import-error');
	await expect(error).toContainText('Access-Control-Allow-Origin');
	await expect(error).toContainText('FETCH_CORS');
	const offer = page.getByTestId('url-drop-offer');
	await expect(offer).toContainText('and drop it here');
	await expect(offer.getByRole('link', { name: 'download it' })).toHaveAttribute('href', fileUrl);
	// The offer works: the same file, dropped (here: picked), imports.
	const dir = mkdtempSync(join(tmpdir(), 'runboard-links-'));
	try {
		writeFileSync(join(dir, 'runs.zip'), ZIP);
		await page.getByTestId('file-input').setInputFiles(join(dir, 'runs.zip'));
		await expect(page.getByTestId('runs-written')).toHaveText('8');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('Copy link on a filtered experiment opens it, filtered, in a profile that numbers its experiments differently', async ({
	page
}) => {
	const fileUrl = `${files}/cors/runs.zip`;
	await page.goto(`import/?url=${encodeURIComponent(fileUrl)}`);
	await page.getByTestId('url-confirm').click();
	await expect(page).toHaveURL(/\/experiments\/\d+\/$/);
	const idA = page.url().match(/experiments\/(\d+)\//)![1];
	await idle(page);
	const filter = 'metrics.accuracy > 0';
	await page.getByLabel('Filter runs').fill(filter);
	await page.getByRole('button', { name: 'Search' }).click();
	await idle(page);
	const rows = page.getByTestId('runs-table').locator('tbody tr');
	await expect(rows).toHaveCount(2);
	// The rows by run id (their texts hold relative times, which may tick between the two profiles).
	const ids = async (p: Page) =>
		p
			.getByTestId('runs-table')
			.locator('tbody tr')
			.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-id')));
	const shown = await ids(page);
	await page.getByTestId('copy-link').click();
	const link = await page.getByTestId('share-link').inputValue();
	expect(new URL(link).searchParams.get('url')).toBe(fileUrl);

	const dirB = mkdtempSync(join(tmpdir(), 'runboard-e2e-b-'));
	const b = await launch(dirB);
	try {
		const pageB = b.pages()[0] ?? (await b.newPage());
		await pageB.goto('');
		await idle(pageB);
		// Experiments B had before: the imported one gets another id than in A.
		await pageB.evaluate(async () => {
			await window.runboard.createExperiment('first-here');
			await window.runboard.createExperiment('second-here');
		});
		await pageB.goto(link);
		await pageB.getByTestId('url-confirm').click();
		await expect(pageB).toHaveURL(/\/experiments\/\d+\/\?filter=/);
		const idB = pageB.url().match(/experiments\/(\d+)\//)![1];
		expect(idB).not.toBe(idA);
		await idle(pageB);
		await expect(pageB.getByLabel('Filter runs')).toHaveValue(filter);
		await expect(pageB.getByTestId('runs-table').locator('tbody tr')).toHaveCount(2);
		expect(await ids(pageB)).toEqual(shown);
	} finally {
		await b.close();
		rmSync(dirB, { recursive: true, force: true });
	}
});

test('a host that stops sending: Cancel stops the download, nothing is imported, the page stays usable', async ({
	page
}) => {
	await page.goto(`import/?url=${encodeURIComponent(`${files}/cors/slow.zip`)}`);
	await expect(page.getByTestId('url-name')).toHaveText('slow.zip');
	await page.getByTestId('url-confirm').click();
	await expect(page.getByTestId('url-download')).toContainText('1.0 kB of');
	await expect(page.getByTestId('import-progress')).toContainText('downloading');
	await page.getByTestId('import-progress').getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByTestId('import-report')).toContainText('Import cancelled');
	await expect(page.getByTestId('runs-written')).toHaveText('0');
	await expect(page.getByTestId('url-confirm')).toBeEnabled();
	const runs = await page.evaluate(async () => {
		const exps = await window.runboard.searchExperiments();
		if (exps.length === 0) return 0;
		return (await window.runboard.searchRuns({ experimentIds: exps.map((e) => e.experimentId) })).runs.length;
	});
	expect(runs).toBe(0);
});

test('Copy link on a run whose data came from no URL: the link carries only the view and reopens the run', async ({
	page
}) => {
	await openApp(page);
	const runId = await page.evaluate(async () => {
		const experimentId = await window.runboard.createExperiment('logged-here');
		const run = await window.runboard.createRun({ experimentId, runName: 'local-run' });
		return run.info.runId;
	});
	await openApp(page, `runs/${runId}/`);
	await page.getByTestId('copy-link').click();
	const link = await page.getByTestId('share-link').inputValue();
	const parsed = new URL(link);
	expect(parsed.pathname).toBe('/runboard/');
	expect(parsed.searchParams.has('url')).toBe(false);
	expect(parsed.searchParams.get('view')).toBe(`runs/${runId}/`);
	await page.goto('storage/');
	await page.goto(link);
	await expect(page).toHaveURL(new RegExp(`/runs/${runId}/$`));
	await expect(page.locator('h1')).toHaveText('local-run');
});
