// Embedding (docs/embedding.md): another site opens Runboard and posts it a file. The example page is taken
// from the doc itself and served from another origin (http://course.example, routed by the test), so the doc
// cannot rot. The file is the committed bundle tests/fixtures/bundle/small.zip (experiment "small α": run
// "child ✓" with lr=0.01 and five loss points, and a deleted run "parent"). The other cases drive a bare opener
// page: Refuse, a second origin while the prompt asks, "Always allow" and Forget, bad messages, a hostile title;
// and a page that frames Runboard instead of opening it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, idle, test } from './fixtures';

const RUNBOARD = `http://127.0.0.1:${process.env.E2E_PORT ?? 4174}/runboard/`;
const RUNBOARD_ORIGIN = new URL(RUNBOARD).origin;
const COURSE = 'http://course.example';
const OTHER = 'http://other.example';
const BUNDLE = readFileSync('tests/fixtures/bundle/small.zip');
const BUNDLE_SIZE = `${(BUNDLE.length / 1e3).toFixed(1)} kB`;

/** The example page of docs/embedding.md, pointed at this test's Runboard. */
function examplePage(): string {
	const doc = readFileSync('docs/embedding.md', 'utf8');
	const block = /## Example page[\s\S]*?```html\n([\s\S]*?)```/.exec(doc)?.[1];
	if (!block?.includes("'https://you.github.io/runboard/'")) throw new Error('docs/embedding.md: no example');
	return block.replace('https://you.github.io/runboard/', RUNBOARD);
}

/** A bare opener: a button that opens Runboard, and every answer it sends kept. */
const OPENER = `<!doctype html><title>opener</title>
<button id="open" onclick="window.rb = window.open('${RUNBOARD}')">Open Runboard</button>
<script>
	window.replies = [];
	window.addEventListener('message', (e) => {
		if (e.source === window.rb) window.replies.push(e.data);
	});
</script>`;

/** A page that shows Runboard in a frame, and keeps every answer it sends. */
const FRAMING = `<!doctype html><title>framing page</title>
<iframe src="${RUNBOARD}" width="1000" height="700"></iframe>
<script>
	window.replies = [];
	window.rb = document.querySelector('iframe').contentWindow;
	window.addEventListener('message', (e) => {
		if (e.source === window.rb) window.replies.push(e.data);
	});
</script>`;

interface Opener {
	rb: Window;
	replies: {
		runboard: string;
		ok?: boolean;
		error?: { code: string; message: string };
		runsWritten?: number;
	}[];
}

async function serveSites(context: BrowserContext): Promise<void> {
	await context.route(`${COURSE}/**`, (route) => {
		const path = new URL(route.request().url()).pathname;
		if (path.endsWith('.zip')) return route.fulfill({ body: BUNDLE, contentType: 'application/zip' });
		const body = path === '/example.html' ? examplePage() : OPENER;
		return route.fulfill({ body, contentType: 'text/html' });
	});
}

/** Opens Runboard from the bare opener on the course site and pings until it answers. */
async function openRunboard(page: Page, context: BrowserContext): Promise<Page> {
	await serveSites(context);
	await page.goto(`${COURSE}/opener.html`);
	const [runboard] = await Promise.all([page.waitForEvent('popup'), page.locator('#open').click()]);
	await page.waitForFunction(
		(origin) => {
			const w = window as unknown as Opener;
			w.rb.postMessage({ runboard: 'ping' }, origin);
			return w.replies.some((r) => r.runboard === 'pong');
		},
		RUNBOARD_ORIGIN,
		{ polling: 200 }
	);
	return runboard;
}

/** Posts the bundle (fetched by the opener from its own site) with these fields, transferring the bytes. */
async function sendBundle(page: Page, fields: Record<string, string> = {}, target = RUNBOARD_ORIGIN) {
	await page.evaluate(
		async ({ fields, target }) => {
			const w = window as unknown as Opener;
			const bundle = await (await fetch('small.runboard.zip')).arrayBuffer();
			w.rb.postMessage({ runboard: { bundle, ...fields } }, target, [bundle]);
		},
		{ fields, target }
	);
}

/** The opener's `n`th result (1-based), once it has arrived. */
async function result(page: Page, n: number) {
	await page.waitForFunction(
		(n) => (window as unknown as Opener).replies.filter((r) => r.runboard === 'result').length >= n,
		n
	);
	return page.evaluate(
		(n) => (window as unknown as Opener).replies.filter((r) => r.runboard === 'result')[n - 1]!,
		n
	);
}

async function experimentNames(runboard: Page): Promise<string[]> {
	await idle(runboard);
	return runboard.evaluate(async () => (await window.runboard.searchExperiments()).map((e) => e.name));
}

test('the example page of docs/embedding.md, on another origin, opens Runboard, which asks, imports and opens the runs', async ({
	page,
	context
}) => {
	await serveSites(context);
	await page.goto(`${COURSE}/example.html`);
	const [runboard] = await Promise.all([
		page.waitForEvent('popup'),
		page.getByRole('button', { name: 'Open the week 3 runs in Runboard' }).click()
	]);
	await expect(runboard.getByTestId('embed-origin')).toHaveText(COURSE);
	await expect(runboard.getByTestId('embed-title')).toHaveText('Week 3: learning rates');
	await expect(runboard.getByTestId('embed-size')).toHaveText(BUNDLE_SIZE);
	expect(await experimentNames(runboard)).toEqual([]);

	await runboard.getByTestId('embed-import').click();
	await expect(runboard).toHaveURL(/\/experiments\/\d+\/$/);
	await idle(runboard);
	await expect(runboard.locator('h1')).toHaveText('small α');
	await expect(runboard.getByTestId('runs-table')).toContainText('child ✓');
	await expect(runboard.getByTestId('embed-prompt')).toHaveCount(0);
	await expect(page.locator('body')).toContainText('Imported 2 runs.');
	const child = await runboard.evaluate(async () => {
		const rb = window.runboard;
		const [experiment] = await rb.searchExperiments();
		const { runs } = await rb.searchRuns({ experimentIds: [experiment!.experimentId] });
		const run = runs.find((r) => r.info.runName === 'child ✓')!;
		const loss = await rb.getMetricHistory(run.info.runId, 'λ/loss');
		return { lr: run.data.params.find((p) => p.key === 'lr')?.value, loss: loss.map((m) => String(m.value)) };
	});
	expect(child).toEqual({ lr: '0.01', loss: ['NaN', 'Infinity', '-Infinity', '0', '0.5'] });
});

test('Refuse imports nothing and tells the opener', async ({ page, context }) => {
	const runboard = await openRunboard(page, context);
	await sendBundle(page, { title: 'Refuse me' });
	await expect(runboard.getByTestId('embed-title')).toHaveText('Refuse me');
	await runboard.getByTestId('embed-refuse').click();
	expect(await result(page, 1)).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
	await expect(runboard.getByTestId('embed-prompt')).toHaveCount(0);
	expect(await experimentNames(runboard)).toEqual([]);
	expect(new URL(runboard.url()).pathname).toBe('/runboard/');
});

test('a file from the opener or a second origin while the prompt asks is refused; the prompt still names the first', async ({
	page,
	context
}) => {
	const runboard = await openRunboard(page, context);
	await sendBundle(page, { title: 'From the course' });
	await expect(runboard.getByTestId('embed-origin')).toHaveText(COURSE);
	await sendBundle(page, { title: 'Again' });
	const busy = await result(page, 1);
	expect(busy).toMatchObject({ ok: false, error: { code: 'BUSY' } });
	expect(busy.error!.message).toBe(
		`Runboard is asking about a file from ${COURSE}; send it again when that is done.`
	);

	// The opener's window now showing another site: Chromium gives no other origin a way to reach this window
	// (a lookup by window name across sites opens a new one), so the message is dispatched as the browser would
	// deliver it. The answer goes to that origin only, so the course page hears nothing of it.
	await runboard.evaluate((other) => {
		const data = { runboard: { bundle: new ArrayBuffer(8), title: 'From elsewhere' } };
		window.dispatchEvent(new MessageEvent('message', { data, origin: other, source: window.opener }));
	}, OTHER);
	await expect(runboard.getByTestId('embed-notice').locator('span')).toHaveText([
		`A file from ${COURSE} was refused: Runboard was asking about a file from ${COURSE}.`,
		`A file from ${OTHER} was refused: Runboard was asking about a file from ${COURSE}.`
	]);
	await expect(runboard.getByTestId('embed-origin')).toHaveText(COURSE);
	await expect(runboard.getByTestId('embed-title')).toHaveText('From the course');
	await runboard.getByTestId('embed-refuse').click();
	expect(await result(page, 2)).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
	expect(await experimentNames(runboard)).toEqual([]);
	expect(
		await page.evaluate(
			() => (window as unknown as Opener).replies.filter((r) => r.runboard === 'result').length
		)
	).toBe(2);
});

test('"Always allow this origin" imports the next file without asking, until the Storage page forgets it', async ({
	page,
	context
}) => {
	const runboard = await openRunboard(page, context);
	await sendBundle(page, { title: 'First' });
	await runboard.getByTestId('embed-remember').check();
	await runboard.getByTestId('embed-import').click();
	expect(await result(page, 1)).toMatchObject({ ok: true, runsWritten: 2 });
	await expect(runboard).toHaveURL(/\/experiments\/\d+\/$/);

	await sendBundle(page, { title: 'Second' });
	expect(await result(page, 2)).toMatchObject({ ok: true, runsWritten: 2 });
	await expect(runboard.getByTestId('embed-prompt')).toHaveCount(0);
	expect(await experimentNames(runboard)).toEqual(['small α']);

	await runboard.goto('storage/');
	const allowed = runboard.getByTestId('embed-origins');
	await expect(allowed).toContainText(COURSE);
	await allowed.getByRole('button', { name: `Forget ${COURSE}` }).click();
	await expect(allowed).toContainText('None: Runboard asks before importing');
	await sendBundle(page, { title: 'Third' });
	await expect(runboard.getByTestId('embed-title')).toHaveText('Third');
	await runboard.getByTestId('embed-refuse').click();
	expect(await result(page, 3)).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
});

test('malformed, oversize and stray messages get a clear note and leave the page usable', async ({
	page,
	context
}) => {
	const runboard = await openRunboard(page, context);
	await page.evaluate((origin) => {
		(window as unknown as Opener).rb.postMessage({ runboard: { bundle: 'not bytes', title: 'x' } }, origin);
	}, RUNBOARD_ORIGIN);
	expect(await result(page, 1)).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE' } });

	// The test build reads a smaller cap from localStorage, so an oversize file needs no gigabyte.
	await runboard.evaluate(() => localStorage.setItem('runboard:test-embed-max-bytes', '1000'));
	await page.evaluate((origin) => {
		const bundle = new ArrayBuffer(2000);
		(window as unknown as Opener).rb.postMessage({ runboard: { bundle, title: 'big' } }, origin, [bundle]);
	}, RUNBOARD_ORIGIN);
	expect(await result(page, 2)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
	await runboard.evaluate(() => localStorage.removeItem('runboard:test-embed-max-bytes'));

	// A window that did not open Runboard (here: Runboard itself) is not answered.
	await runboard.evaluate(() =>
		window.postMessage({ runboard: { bundle: new ArrayBuffer(4), title: 'stray' } }, '*')
	);
	const notes = runboard.getByTestId('embed-notice');
	await expect(notes.locator('span')).toHaveText([
		`${COURSE} sent a message Runboard cannot use: The message has no file: \`bundle\` must be an ArrayBuffer, a typed array or a Blob.`,
		`${COURSE} sent a message Runboard cannot use: The file is 2.0 kB; Runboard accepts at most 1.0 kB by postMessage. ` +
			'Share it as a link (?url=) or download it and drop it on the Import page instead.',
		`A message from ${RUNBOARD_ORIGIN} was ignored: only the page that opened Runboard can send files.`
	]);
	await notes.first().getByRole('button', { name: 'Dismiss' }).click();
	await expect(notes).toHaveCount(2);
	await expect(runboard.getByTestId('embed-prompt')).toHaveCount(0);
	const results = () =>
		page.evaluate(() => (window as unknown as Opener).replies.filter((r) => r.runboard === 'result').length);
	expect(await results()).toBe(2); // the stray message was not answered

	// Still listening: a good file asks and imports.
	await sendBundle(page, { title: 'Good' });
	await runboard.getByTestId('embed-import').click();
	expect(await result(page, 3)).toMatchObject({ ok: true, runsWritten: 2 });
	expect(await experimentNames(runboard)).toEqual(['small α']);
});

test('a file Runboard cannot read: the opener gets the import’s error, the Import page shows it', async ({
	page,
	context
}) => {
	const runboard = await openRunboard(page, context);
	await page.evaluate((origin) => {
		const bundle = new TextEncoder().encode('just some text, not runs').buffer;
		(window as unknown as Opener).rb.postMessage({ runboard: { bundle, fileName: 'notes.txt' } }, origin, [
			bundle
		]);
	}, RUNBOARD_ORIGIN);
	await expect(runboard.getByTestId('embed-title')).toHaveText('notes.txt');
	await runboard.getByTestId('embed-import').click();
	const failed = await result(page, 1);
	expect(failed).toMatchObject({ ok: false, error: { code: 'IMPORT_UNRECOGNIZED' } });
	expect(failed.error!.message).toContain('Runboard does not recognise notes.txt');
	await expect(runboard).toHaveURL(/\/import\/$/);
	await expect(runboard.getByTestId('import-error')).toContainText(failed.error!.message);
	expect(await experimentNames(runboard)).toEqual([]);
});

test('a hostile title and file name are shown as text and never run', async ({ page, context }) => {
	const runboard = await openRunboard(page, context);
	await runboard.evaluate(() => {
		(window as unknown as { pwned: number }).pwned = 0;
	});
	const title = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
	await sendBundle(page, { title, fileName: '../<img src=x onerror="window.pwned=3">.zip' });
	await expect(runboard.getByTestId('embed-title')).toHaveText(title);
	const prompt = runboard.getByTestId('embed-prompt');
	await expect(prompt.locator('img, script')).toHaveCount(0);
	await runboard.getByTestId('embed-import').click();
	expect(await result(page, 1)).toMatchObject({ ok: true, runsWritten: 2 });
	await expect(runboard).toHaveURL(/\/experiments\/\d+\/$/);
	await idle(runboard);
	expect(await runboard.evaluate(() => (window as unknown as { pwned: number }).pwned)).toBe(0);
});

test('a page that frames Runboard posts it a file the same way', async ({ page }) => {
	// Chromium blocks a public site (a routed one too) from framing a local one, so the framing page comes from
	// a server on this machine: 127.0.0.1 on another port, another origin all the same.
	const server = createServer((req, res) => {
		const zip = req.url?.endsWith('.zip');
		res.writeHead(200, { 'content-type': zip ? 'application/zip' : 'text/html' });
		res.end(zip ? BUNDLE : FRAMING);
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const framing = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	try {
		await page.goto(`${framing}/page.html`);
		await page.waitForFunction(
			(origin) => {
				const w = window as unknown as Opener;
				w.rb.postMessage({ runboard: 'ping' }, origin);
				return w.replies.some((r) => r.runboard === 'pong');
			},
			RUNBOARD_ORIGIN,
			{ polling: 200 }
		);
		await sendBundle(page, { title: 'Framed' });
		const frame = page.frameLocator('iframe');
		await expect(frame.getByTestId('embed-origin')).toHaveText(framing);
		await frame.getByTestId('embed-import').click();
		expect(await result(page, 1)).toMatchObject({ ok: true, runsWritten: 2 });
		await expect(frame.getByTestId('runs-table')).toContainText('child ✓');
	} finally {
		server.closeAllConnections(); // the frame's keep-alive connection would hold close() open
		await new Promise((done) => server.close(done));
	}
});
