// The XSS suite: every payload of the corpus (tests/fixtures/xss/payloads.txt) in every place imported text is
// shown. A hook installed before any page script records executions in every frame; each place must end with
// zero executions in the app's origin and no active markup in the rendered DOM. The positive control proves the
// hook and the corpus can fail the suite.
import type { Page } from '@playwright/test';
import { E2E_ORIGIN } from '../../playwright.config';
import { expect, openApp, test } from './fixtures';
import { collectExecutions, installXssHook, scanDomForActiveContent, type Execution } from './xss/hook';
import { openTopLevel } from './xss/open-urls';
import { loadPayloads } from './xss/payloads';
import { places, type Place } from './xss/places';
import { featurePlaces } from './xss/places-features';

const payloads = loadPayloads();
const summary = { places: 0, injections: 0, executions: 0 };

test.describe.configure({ mode: 'default' });

test.beforeEach(async ({ page }) => {
	await page.addInitScript(installXssHook);
});

test('the corpus has at least 300 payloads across every category the suite promises', () => {
	expect(payloads.length).toBeGreaterThanOrEqual(300);
	const categories = new Set(payloads.map((p) => p.category));
	for (const needed of [
		'script elements',
		'SVG',
		'iframe srcdoc and frames',
		'CSS',
		'polyglots',
		'markdown'
	]) {
		expect(categories).toContain(needed);
	}
	expect([...categories].some((c) => c.startsWith('event handlers'))).toBe(true);
	expect([...categories].some((c) => c.startsWith('mutation XSS'))).toBe(true);
	expect([...categories].some((c) => c.startsWith('javascript:'))).toBe(true);
});

test('positive control: in a raw innerHTML sink without CSP the hook records payloads executing', async ({
	context
}) => {
	// Fresh about:blank tabs (no CSP, no sanitiser), 25 payloads each: all at once in one tab makes Chromium
	// close it (some payloads navigate or reload their document).
	const tabs: Page[] = [];
	let flagged = 0;
	for (let i = 0; i < payloads.length; i += 25) {
		const tab = await context.newPage();
		await tab.addInitScript(installXssHook);
		await tab.goto('about:blank');
		await tab.evaluate(
			(texts) => {
				const scratch = document.createElement('div');
				document.body.append(scratch);
				for (const text of texts) scratch.insertAdjacentHTML('beforeend', text);
			},
			payloads.slice(i, i + 25).map((p) => p.text)
		);
		flagged += (await tab.evaluate(scanDomForActiveContent)).length;
		tabs.push(tab);
	}
	const logs = async () => {
		const all: Execution[] = [];
		for (const tab of tabs) all.push(...(await tab.evaluate(() => window.__xssLog ?? []).catch(() => [])));
		return all;
	};
	// Event handlers fire asynchronously (image errors, focus, iframe loads): wait for the logs to fill.
	await expect.poll(async () => new Set((await logs()).map((e) => e.id)).size).toBeGreaterThan(100);
	const log = await logs();
	const kinds = new Set(log.map((e) => e.via));
	console.log(
		`[xss] positive control: ${new Set(log.map((e) => e.id)).size} of ${payloads.length} payloads executed ` +
			`in a raw sink (via ${[...kinds].join(', ')}); the DOM scan flagged ${flagged} active elements`
	);
	expect(kinds).toContain('__xss');
	expect(kinds).toContain('alert');
	// The DOM scan flags the same markup, so a place rendering it as HTML would fail on that too.
	expect(flagged).toBeGreaterThan(200);
});

test('positive control: an execution in the app origin is counted, even after its page was left', async ({
	page
}) => {
	await openApp(page);
	await page.evaluate(() => {
		window.__xss!(-1);
		document.title = 'XSS:-2'.replace('-', '');
	});
	await openApp(page, 'import/');
	const inApp = (await collectExecutions(page, E2E_ORIGIN)).inApp.map((e) => `${e.via}:${e.id}`);
	expect(inApp).toEqual(['__xss:-1', 'document.title:2']);
});

test('positive control: a document opened in a new tab from an app-made blob: URL is counted', async ({
	page
}) => {
	await openApp(page);
	const urls = await page.evaluate(() =>
		[
			['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("svg")</script></svg>'],
			['text/html', '<script>window.__xss ? __xss("html") : alert("html")</script>']
		].map(([type, text]) => URL.createObjectURL(new Blob([text!], { type })))
	);
	const seen = await openTopLevel(page, urls);
	console.log(`[xss] positive control, top-level blob documents: ${seen.map((e) => e.via).join(', ')}`);
	expect(new Set(seen.map((e) => e.url))).toEqual(new Set(urls));
});

function placeTest(place: Place) {
	test(`no payload executes: ${place.name}`, async ({ page }) => {
		test.setTimeout(300_000);
		const findings: string[] = [];
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		const result = await place.run({
			page,
			payloads,
			async checkpoint(label) {
				for (const f of await page.evaluate(scanDomForActiveContent)) findings.push(`${label}: ${f}`);
			}
		});
		const executions: Execution[] = (await collectExecutions(page, E2E_ORIGIN)).inApp;
		summary.places++;
		summary.injections += result;
		summary.executions += executions.length;
		console.log(`[xss] ${place.name}: ${result} payloads, ${executions.length} executions`);
		expect(executions, 'payloads executed in the app origin').toEqual([]);
		expect(findings, 'active markup rendered from imported text').toEqual([]);
		expect(errors, 'page errors while showing payloads').toEqual([]);
	});
}

for (const place of [...places, ...featurePlaces]) placeTest(place);

test.afterAll(() => {
	const m = summary.places;
	console.log(
		`XSS suite: ${payloads.length} payloads × ${m} places = ${summary.injections} injections, ` +
			`${summary.executions} executions`
	);
});
