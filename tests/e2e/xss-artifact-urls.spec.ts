// No byte of an imported artifact may ever be a document of the app's origin, whatever a person clicks. A blob:
// URL made by the app has the app's origin and no Content-Security-Policy: "Open image in new tab" on an SVG
// shown from one, or "Open frame in new tab" on an HTML preview framed from one, ran the file's script with full
// access to the database (it took the database from the app tab and deleted it). Here every artifact preview is
// opened, from an imported mlruns zip and from runboard.logArtifact, and then every URL the preview exposes (images,
// links, frames, media, and every object URL the page made, downloads included) is opened top-level in a new
// page of the same browser profile, as "open in new tab" does. Execution is detected through localStorage, which
// any document of the app's origin shares, as well as by the e2e hook and native dialogs (xss/open-urls.ts); a
// positive control opens such a document on purpose, so the detector is shown to work.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';
import { openEntry } from './artifact-tools';
import { exposedUrls, openTopLevel } from './xss/open-urls';
import type { Execution } from './xss/hook';

const MARKER = 'runboard-d1-executed';
// What the attack did first: ask the owning tab to release the database (the old message, and the current shape
// from a tab that is not waiting for it). Then it records that it ran.
const SCRIPT = `try{localStorage.setItem('${MARKER}',location.href)}catch(e){}
try{var c=new BroadcastChannel('runboard-tabs');c.postMessage({type:'release-request'});
c.postMessage({type:'release-request',protocol:1,tab:'00000000-0000-4000-8000-000000000000'})}catch(e){}`;
const HANDLER = `localStorage.setItem('${MARKER}',location.href)`;

const HOSTILE: Record<string, string> = {
	'plots/loss.svg': `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60" onload="${HANDLER}"><script>//<![CDATA[\n${SCRIPT}\n//]]></script><rect width="120" height="60" fill="#36c"/><a xlink:href="javascript:${HANDLER}"><text x="10" y="30">open</text></a><foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:${HANDLER}"></iframe></foreignObject></svg>`,
	'report.html': `<!doctype html><title>report</title><script>${SCRIPT}</script><img src="x" onerror="${HANDLER}"><a href="javascript:${HANDLER}" target="_blank">details</a><iframe src="data:text/html,<script>${encodeURIComponent(SCRIPT)}</script>"></iframe><table><tr><td>epoch</td></tr></table>`,
	'page.xhtml': `<html xmlns="http://www.w3.org/1999/xhtml"><body><script>${SCRIPT}</script></body></html>`,
	'figure.xml': `<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">${SCRIPT}</x:script>`,
	'plots/fake.png': `<svg xmlns="http://www.w3.org/2000/svg" onload="${HANDLER}"><script>${SCRIPT}</script></svg>`,
	'sniff.bin': `<html><script>${SCRIPT}</script></html>`
};
const FIXTURE_RUN = 'tests/fixtures/mlflow-artifacts/mlruns/270142556767686208';
const FIXTURE_RUN_ID = 'e1da0e6ed66e42c8a1be8b8a80c3fb13';

/** An ordinary mlruns zip (a run the real MLflow logged, with its images and media) plus the hostile files. */
function hostileZip(): Uint8Array {
	const files: Zippable = {};
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else files[`mlruns/270142556767686208/${relative(FIXTURE_RUN, path)}`] = readFileSync(path);
		}
	};
	walk(join(FIXTURE_RUN, FIXTURE_RUN_ID));
	files['mlruns/270142556767686208/meta.yaml'] = readFileSync(join(FIXTURE_RUN, 'meta.yaml'));
	for (const [path, text] of Object.entries(HOSTILE))
		files[`mlruns/270142556767686208/${FIXTURE_RUN_ID}/artifacts/${path}`] = strToU8(text);
	return zipSync(files, { level: 0 });
}

/** Records every object URL the app makes, with its type, before any app script runs. */
function recordObjectUrls(): void {
	const made: { url: string; type: string }[] = [];
	Object.defineProperty(window, '__objectUrls', { value: made });
	const create = URL.createObjectURL.bind(URL);
	URL.createObjectURL = (object: Blob | MediaSource) => {
		const url = create(object);
		made.push({ url, type: object instanceof Blob ? object.type : 'MediaSource' });
		return url;
	};
}

async function executions(page: Page): Promise<string | null> {
	return page.evaluate((key) => localStorage.getItem(key), MARKER);
}

test('artifacts opened in new tabs never run in the app origin (import path and logArtifact)', async ({
	page
}) => {
	await page.addInitScript(recordObjectUrls);
	await openApp(page, 'import/');
	await page
		.getByTestId('file-input')
		.setInputFiles({ name: 'runs.zip', mimeType: 'application/zip', buffer: Buffer.from(hostileZip()) });
	await expect(page.getByTestId('import-report')).toContainText('Import finished');
	await idle(page);
	const logged = await page.evaluate(async (files) => {
		const exp = await window.runboard.createExperiment('logged-artifacts');
		const run = await window.runboard.createRun({ experimentId: exp, runName: 'logged' });
		for (const [path, text] of Object.entries(files))
			await window.runboard.logArtifact(run.info.runId, path, text);
		await window.runboard.logMetric(run.info.runId, 'loss', 0.5, { step: 1 });
		return run.info.runId;
	}, HOSTILE);
	const counts = () =>
		page.evaluate(async () => {
			const imported = await window.runboard.getExperimentByName('artifact-previews');
			const { runs } = await window.runboard.searchRuns({ experimentIds: [imported!.experimentId] });
			const points = await window.runboard.getMetricHistory(runs[0]!.info.runId, 'loss');
			return {
				experiments: (await window.runboard.searchExperiments()).length,
				runs: runs.length,
				points: points.length
			};
		});
	const before = await counts();
	expect(before.runs).toBe(1);
	expect(before.points).toBeGreaterThan(0);

	const PREVIEW = '[data-testid="artifact-preview"]';
	const seen: Execution[] = [];
	let opened = 0;
	// Object URLs the page made, read before each navigation (a page load starts a new record).
	const made: { url: string; type: string }[] = [];
	const collectMade = async () =>
		made.push(
			...(await page.evaluate(
				() => (window as unknown as { __objectUrls: { url: string; type: string }[] }).__objectUrls
			))
		);
	for (const runId of [FIXTURE_RUN_ID, logged]) {
		await openApp(page, `runs/${runId}/`);
		const paths = [...Object.keys(HOSTILE), ...(runId === logged ? [] : ['curve.png', 'media/clip.webm'])];
		for (const path of paths) {
			await openEntry(page, path);
			const urls = await exposedUrls(page, PREVIEW);
			// SVGs also have a document view: open that too.
			const asDocument = page.getByRole('button', { name: 'As a document (sandboxed)' });
			if (await asDocument.count()) {
				await asDocument.click();
				await expect(page.getByTestId('document-frame')).toHaveAttribute('sandbox', '');
				urls.push(...(await exposedUrls(page, PREVIEW)));
			}
			await page.getByTestId('download-file').click();
			seen.push(...(await openTopLevel(page, urls)));
			opened += urls.length;
		}
		await collectMade();
	}
	// Every object URL the page made (previews, downloads) opened top-level too, and none of a document type.
	expect(made.length).toBeGreaterThan(0);
	seen.push(
		...(await openTopLevel(
			page,
			made.map((m) => m.url)
		))
	);
	const types = [...new Set(made.map((m) => m.type))].sort();
	console.log(
		`artifact URLs: ${opened} exposed + ${made.length} object URLs (${types.join(', ')}) opened top-level, ` +
			`${seen.length + ((await executions(page)) === null ? 0 : 1)} executions`
	);

	expect(await executions(page)).toBeNull();
	expect(seen).toEqual([]);
	expect(
		types.filter((t) => !/^(image\/(png|jpeg|gif|webp|bmp)|video\/webm|application\/octet-stream)$/.test(t))
	).toEqual([]);
	await expect(page.getByTestId('other-tab')).toHaveCount(0);
	expect(await counts()).toEqual(before);
	expect(await page.evaluate(() => window.runboard.integrityCheck())).toBe('ok');

	// Positive control: the same SVG as an object URL of its own type (what previews used to make) does run when
	// opened in a new tab, so the detector above sees top-level blob documents. Its release requests (the old
	// message, and the new shape from a tab that is not waiting) must still leave the database where it is.
	const control = await page.evaluate(
		(svg) => URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })),
		HOSTILE['plots/loss.svg']!
	);
	await openTopLevel(page, [control]);
	expect(await executions(page)).toContain('blob:');
	await page.waitForTimeout(500);
	await expect(page.getByTestId('other-tab')).toHaveCount(0);
	expect(await page.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});
