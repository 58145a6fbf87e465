// Importing from a URL on the Import page, against a file server on a second port (another origin, as a real
// host is): the "Import from a URL" field imports a zipped mlruns folder and a TensorBoard event file; `?url=`
// asks (host, name, size) before fetching, then imports; the MLflow-server box offers a file import when given a
// file; a Git LFS pointer, a host without CORS and hostile URLs each get their own message.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, idle, test } from './fixtures';

const MLRUNS = 'tests/fixtures/public/mlflow-mlruns/justinpontalba-MLOps/mlruns';
const EVENTS_DIR = 'tests/fixtures/public/tensorboard/janosh-tensorboard-reducer/tests/runs/strict/run_1';
const EVENTS_NAME = readdirSync(EVENTS_DIR)[0]!;
const EVENTS = readFileSync(join(EVENTS_DIR, EVENTS_NAME));
const POINTER =
	'version https://git-lfs.github.com/spec/v1\n' +
	'oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345678\n';

function mlrunsZip(): Buffer {
	const entries: Record<string, Uint8Array> = {};
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const full = join(d, name);
			if (statSync(full).isDirectory()) walk(full);
			else entries[`mlruns/${relative(MLRUNS, full).split(sep).join('/')}`] = readFileSync(full);
		}
	};
	walk(MLRUNS);
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
		const path = req.url ?? '';
		seen.push(`${req.method} ${path}`);
		const cors = path.startsWith('/cors/')
			? { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'content-disposition' }
			: {};
		const send = (type: string, body: Buffer | string, extra: Record<string, string> = {}) => {
			res.writeHead(200, {
				...cors,
				...extra,
				'content-type': type,
				'content-length': Buffer.byteLength(body)
			});
			res.end(req.method === 'HEAD' ? undefined : body);
		};
		if (path === '/cors/runs.zip' || path === '/plain/runs.zip') send('application/zip', ZIP);
		else if (path === `/cors/${EVENTS_NAME}`) send('application/octet-stream', EVENTS);
		else if (path === '/cors/lfs/runs.zip') send('text/plain; charset=utf-8', POINTER);
		else if (path === '/cors/slow.zip' && req.method === 'GET') {
			// A host that sends a little, then nothing: the download must be cancellable.
			res.writeHead(200, { ...cors, 'content-type': 'application/zip', 'content-length': ZIP.length });
			res.write(ZIP.subarray(0, 1000));
			stuck.push(() => res.destroy());
		}
		// A download endpoint: nothing in the URL says "file", the answer does.
		else if (path === '/cors/export?id=7')
			send('application/zip', ZIP, { 'content-disposition': 'attachment; filename="mlruns-export.zip"' });
		else {
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

async function importFromField(page: Page, url: string) {
	await page.getByTestId('url-field').fill(url);
	await page.getByTestId('url-field-submit').click();
}

test('the URL field imports a zipped mlruns folder and a TensorBoard event file, staying on the page', async ({
	page
}) => {
	await page.goto('import/');
	await idle(page);
	await importFromField(page, `${files}/cors/runs.zip`);
	await expect(page.getByTestId('runs-written')).toHaveText('8');
	await expect(page.getByTestId('import-report')).toContainText('MLflow mlruns folder');
	await expect(page.getByTestId('url-host')).toHaveText(new URL(files).host);
	await expect(page.getByTestId('url-name')).toHaveText('runs.zip');
	await expect(page).toHaveURL(/\/import\/$/);

	await importFromField(page, `${files}/cors/${EVENTS_NAME}`);
	await expect(page.getByTestId('import-report')).toContainText('TensorBoard event files');
	await expect(page.getByTestId('runs-written')).toHaveText('1');
	await expect(page.getByTestId('url-name')).toHaveText(EVENTS_NAME);
	const metrics = await page.evaluate(async () => {
		const exps = await window.runboard.searchExperiments();
		const { runs } = await window.runboard.searchRuns({ experimentIds: exps.map((e) => e.experimentId) });
		return runs.reduce((n, r) => n + r.data.metrics.length, 0);
	});
	expect(metrics).toBeGreaterThan(0);
	expect(seen.filter((r) => r === `GET /cors/${EVENTS_NAME}`)).toHaveLength(1);
});

test('?url= shows host, name and size and fetches nothing until Import; then imports and opens the run', async ({
	page
}) => {
	const before = seen.length;
	await page.goto(`import/?url=${encodeURIComponent(`${files}/cors/${EVENTS_NAME}`)}`);
	await expect(page.getByTestId('url-host')).toHaveText(new URL(files).host);
	await expect(page.getByTestId('url-name')).toHaveText(EVENTS_NAME);
	await expect(page.getByTestId('url-size')).toHaveText(`${(EVENTS.length / 1e3).toFixed(1)} kB`);
	expect(seen.slice(before).filter((r) => r.startsWith('GET'))).toEqual([]);
	await page.getByTestId('url-confirm').click();
	await expect(page).toHaveURL(/\/experiments\/\d+\/$/);
	await idle(page);
	await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(1);
	expect(seen.slice(before).filter((r) => r.startsWith('GET'))).toEqual([`GET /cors/${EVENTS_NAME}`]);
});

test('the MLflow-server box, given a file, offers to import it as a file instead of "is this an MLflow server?"', async ({
	page
}) => {
	await page.goto('import/');
	await idle(page);
	// Known by its name: no connection is tried.
	const before = seen.length;
	await page.getByTestId('server-url').fill(`${files}/cors/runs.zip`);
	await page.getByRole('button', { name: 'Connect and import' }).click();
	const offer = page.getByTestId('server-file-offer');
	await expect(offer).toContainText('looks like a file, not an MLflow server: import it as a file?');
	expect(seen.slice(before)).toEqual([]);
	await offer.getByRole('button', { name: 'Import it as a file' }).click();
	await expect(page.getByTestId('runs-written')).toHaveText('8');

	// Known by its answer: the connection fails, the URL answers with a zip, the offer replaces the 404.
	await page.getByTestId('server-url').fill(`${files}/cors/export?id=7`);
	await page.getByRole('button', { name: 'Connect and import' }).click();
	await expect(offer).toContainText('looks like a file');
	await expect(page.getByTestId('import-error')).toHaveCount(0);
	await offer.getByRole('button', { name: 'Import it as a file' }).click();
	await expect(page.getByTestId('url-name')).toHaveText('mlruns-export.zip');
	await expect(page.getByTestId('import-report')).toContainText('MLflow mlruns folder');
	await expect(page.getByTestId('run-changes')).toContainText('8');
});

test('a Git LFS pointer is explained with the real size; a host without CORS offers download-and-drop', async ({
	page
}) => {
	await page.goto('import/');
	await idle(page);
	await importFromField(page, `${files}/cors/lfs/runs.zip`);
	const error = page.getByTestId('import-error');
	await expect(error).toContainText('is a Git LFS pointer, not the file');
	await expect(error).toContainText('12,345,678 bytes');
	await expect(error).toContainText('download the file and drop it here');

	const plain = `${files}/plain/runs.zip`;
	await importFromField(page, plain);
	await expect(error).toContainText('Access-Control-Allow-Origin');
	await expect(error).toContainText('FETCH_CORS');
	const offer = page.getByTestId('url-drop-offer');
	await expect(offer).toContainText('and drop it here');
	await expect(offer.getByRole('link', { name: 'download it' })).toHaveAttribute('href', plain);
	await expect(page.getByTestId('url-field-submit')).toBeEnabled();
});

test('hostile URLs are refused with their reason, in the field and in ?url=, and nothing is fetched or run', async ({
	page
}) => {
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	await page.goto('import/');
	await idle(page);
	const before = seen.length;
	const cases: [string, string][] = [
		['javascript:alert(document.domain)', 'javascript: link runs code'],
		['data:application/zip;base64,UEsDBA==', 'data: URL carries its content inside the link'],
		['file:///etc/passwd', 'file: URL names a file on this computer'],
		[`${files}/cors/${'a'.repeat(20_000)}.zip`, 'a link to a file is at most 8,192'],
		['http://example.org/runs.zip', 'is not encrypted']
	];
	for (const [url, message] of cases) {
		await importFromField(page, url);
		await expect(page.getByTestId('url-refused')).toContainText(message);
		await expect(page.getByTestId('import-error')).toHaveCount(0);
	}
	await page.goto(`import/?url=${encodeURIComponent('javascript:alert(1)')}`);
	await expect(page.getByTestId('url-refused')).toContainText('javascript: link runs code');
	await expect(page.getByTestId('url-confirm')).toHaveCount(0);
	expect(seen.slice(before)).toEqual([]);
	expect(dialogs).toEqual([]);
});

test('a GitHub blob link: the question shows the raw URL it fetches, then imports; an LFS pointer there names the media URL', async ({
	page
}) => {
	// GitHub's raw host, played by the test (no network): the file, and a pointer where LFS keeps the file.
	const fetched: string[] = [];
	await page.route('https://raw.githubusercontent.com/**', async (route) => {
		const url = route.request().url();
		fetched.push(`${route.request().method()} ${url}`);
		const lfs = url.endsWith('/lfs.zip');
		await route.fulfill({
			status: 200,
			headers: { 'access-control-allow-origin': '*' },
			contentType: lfs ? 'text/plain' : 'application/zip',
			body: lfs ? POINTER : ZIP
		});
	});
	const blob = 'https://github.com/acme/runs/blob/main/data/runs.zip';
	await page.goto(`import/?url=${encodeURIComponent(blob)}`);
	await expect(page.getByTestId('url-host')).toHaveText('raw.githubusercontent.com');
	await expect(page.getByTestId('url-rewritten')).toHaveText(
		'https://raw.githubusercontent.com/acme/runs/main/data/runs.zip'
	);
	await expect(page.getByTestId('url-size')).toHaveText(`${(ZIP.length / 1e3).toFixed(1)} kB`);
	expect(fetched.filter((r) => r.startsWith('GET'))).toEqual([]);
	await page.getByTestId('url-confirm').click();
	await expect(page).toHaveURL(/\/experiments\/\d+\/$/);
	await idle(page);
	await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(8);

	await page.goto('import/');
	await importFromField(page, 'https://github.com/acme/runs/blob/main/lfs.zip');
	const error = page.getByTestId('import-error');
	await expect(error).toContainText('is a Git LFS pointer');
	await expect(error).toContainText(
		'Link to https://media.githubusercontent.com/media/acme/runs/main/lfs.zip'
	);
});

test('the URL field: Cancel stops a download that stalls, nothing is imported, the field stays usable', async ({
	page
}) => {
	await page.goto('import/');
	await idle(page);
	await importFromField(page, `${files}/cors/slow.zip`);
	await expect(page.getByTestId('url-download')).toContainText('1.0 kB of');
	await page.getByTestId('import-progress').getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByTestId('import-report')).toContainText('Import cancelled');
	await expect(page.getByTestId('runs-written')).toHaveText('0');
	await expect(page.getByTestId('url-field-submit')).toBeEnabled();
	const experiments = await page.evaluate(async () => (await window.runboard.searchExperiments()).length);
	expect(experiments).toBe(0);
});
