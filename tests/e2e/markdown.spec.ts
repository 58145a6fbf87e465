// Markdown notes are untrusted: the sanitiser keeps links only to http(s) and mailto (whatever the encoding
// trick), drops images, forms, frames, styles and every attribute but href/title/align, and opens kept links
// in a new tab without an opener. Checked on the rendered note (DOMPurify needs a real DOM).
import { expect, idle, openApp, test } from './fixtures';

const HOSTILE_LINKS = [
	'javascript:alert(1)',
	'JaVaScRiPt:alert(1)',
	'&#106;avascript:alert(1)',
	'&#x6A;avascript&#x3A;alert(1)',
	'java&#x09;script:alert(1)',
	'javascript&colon;alert(1)',
	'%6Aavascript:alert(1)',
	'<javascript:alert(1)>',
	' javascript:alert(1)',
	'\u2028javascript:alert(1)',
	'vbscript:msgbox(1)',
	'VBScript:msgbox(1)',
	'data:text/html,<script>alert(1)</script>',
	'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
	'DATA:image/svg+xml,<svg onload=alert(1)>',
	'file:///etc/passwd',
	'blob:https://example.com/x',
	'//evil.example/x',
	'/runboard/storage/',
	'ftp://example.com/',
	'https:javascript:alert(1)'
];

const HOSTILE_HTML = [
	'<img src="https://example.com/pixel.png">',
	'![pixel](https://example.com/pixel.png)',
	'<form action="https://example.com"><input name=x><button>go</button></form>',
	'<iframe src="https://example.com"></iframe>',
	'<style>body{display:none}</style>',
	'<p style="position:fixed;inset:0">cover</p>',
	'<a href="https://example.com" onclick="alert(1)" target="_self" ping="https://example.com">ping</a>',
	'<svg><a href="https://example.com"><text>svg</text></a></svg>',
	'<math><a href="javascript:alert(1)">math</a></math>',
	'<object data="https://example.com/x.swf"></object>',
	'<embed src="https://example.com/x">',
	'<video src="https://example.com/v.mp4"></video>',
	'<base href="https://example.com/">',
	'<meta http-equiv="refresh" content="0;url=https://example.com">',
	'<details open ontoggle=alert(1)><summary>s</summary></details>',
	'<input autofocus onfocus=alert(1)>',
	'<div id="runs-table" class="danger" data-testid="import-report">clobber</div>'
];

test('notes keep only http(s) and mailto links and no active or layout-breaking markup', async ({ page }) => {
	await openApp(page);
	const note = [
		'[web](https://example.com/a) [plain](http://example.com/b) [mail](mailto:someone@example.com)',
		...HOSTILE_LINKS.map((href, i) => `[bad${i}](${href}) <a href="${href}">raw${i}</a>`),
		...HOSTILE_HTML,
		'| a | b |\n|:--|--:|\n| 1 | 2 |'
	].join('\n\n');
	const runId = await page.evaluate(async (note) => {
		const exp = await window.runboard.createExperiment('notes');
		const run = await window.runboard.createRun({ experimentId: exp, tags: { 'mlflow.note.content': note } });
		return run.info.runId;
	}, note);
	await openApp(page, `runs/${runId}/`);
	const md = page.getByTestId('markdown');
	await expect(md).toContainText('bad0');
	const rendered = await md.evaluate((root) => ({
		hrefs: [...root.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
		// As the browser resolves them; ':' is an href it cannot parse (so cannot follow).
		protocols: [...root.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).protocol),
		targets: [...root.querySelectorAll('a[href]')].map(
			(a) => `${a.getAttribute('target')}|${a.getAttribute('rel')}`
		),
		tags: [...new Set([...root.querySelectorAll('*')].map((el) => el.tagName.toLowerCase()))].sort(),
		attributes: [...new Set([...root.querySelectorAll('*')].flatMap((el) => el.getAttributeNames()))].sort(),
		alignedCells: root.querySelectorAll('td[align], th[align]').length
	}));
	// Every kept link is http(s) or mailto once the browser resolves it ('https:javascript:…' parses as an
	// https URL with an invalid host: harmless, so it may stay).
	for (const protocol of rendered.protocols) expect(['http:', 'https:', 'mailto:', ':']).toContain(protocol);
	expect(rendered.hrefs).toEqual(
		expect.arrayContaining(['https://example.com/a', 'http://example.com/b', 'mailto:someone@example.com'])
	);
	expect(new Set(rendered.targets)).toEqual(new Set(['_blank|noopener noreferrer nofollow']));
	for (const tag of [
		'img',
		'form',
		'input',
		'button',
		'iframe',
		'style',
		'svg',
		'math',
		'object',
		'embed',
		'video',
		'base',
		'meta',
		'details'
	]) {
		expect(rendered.tags).not.toContain(tag);
	}
	expect(rendered.attributes.every((a) => ['href', 'title', 'align', 'target', 'rel'].includes(a))).toBe(
		true
	);
	expect(rendered.alignedCells).toBe(4);
	await idle(page);
});
