// The browser's bare read of a picked folder: no Runboard code at all, only an <input webkitdirectory> and the
// reads any web page would make. It is the honest floor of a folder import, because most of a 27,001-file import is
// the browser handing over and reading `File` objects (docs/import-performance.md, "Folders: what the browser costs").
//
// Each way runs in a fresh profile (the browser keeps file metadata per process) on a page of the app's origin that
// the bench serves itself (page.route), timed on the page's clock from the input's `change` event to the last byte
// read. The floor is the fastest way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// In the page: every file's arrayBuffer(), 64 in flight (the pattern of a plain "read all the files" page).
const PAGE_READ = `
async function readAll(files) {
	let next = 0, bytes = 0;
	async function lane() {
		while (next < files.length) {
			const read = await files[next++].arrayBuffer();
			bytes += read.byteLength;
		}
	}
	await Promise.all(Array.from({ length: 64 }, lane));
	return bytes;
}`;

// In a worker: the FileList posted over, read in groups of 27 files as one Blob each, 24 groups in flight (the
// fastest worker read measured on this machine).
const WORKER_READ = `
const source = 'onmessage = async (e) => { const files = e.data; let next = 0, bytes = 0;' +
	'async function lane() { while (next < files.length) { const group = files.slice(next, next + 27); next += 27;' +
	'const read = await new Blob(group).arrayBuffer(); bytes += read.byteLength; } }' +
	'await Promise.all(Array.from({ length: 24 }, lane)); postMessage(bytes); };';
const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
function readAll(files) {
	return new Promise((resolve) => {
		worker.onmessage = (e) => resolve(e.data);
		worker.postMessage(Array.from(files));
	});
}`;

const page = (reader) => `<!doctype html><meta charset="utf-8"><title>bare read</title>
<input type="file" id="folder" webkitdirectory multiple>
<script>${reader}
document.getElementById('folder').addEventListener('change', async (event) => {
	const start = performance.now();
	const files = event.target.files;
	const bytes = await readAll(files);
	window.bareRead = { ms: performance.now() - start, files: files.length, bytes };
});
</script>`;

export const BARE_WAYS = [
	['page, 64 reads in flight', PAGE_READ],
	['worker, 27-file blobs, 24 in flight', WORKER_READ]
];

/**
 * Times each bare way of reading `tree` in a fresh profile; returns every result and the fastest (the floor).
 * `url` is the app's base URL: the bare page is served at its origin so the same browser rules apply.
 */
export async function bareReadFloor({ launch, url, tree }) {
	const results = [];
	for (const [label, reader] of BARE_WAYS) {
		const profile = mkdtempSync(join(tmpdir(), 'runboard-bare-read-'));
		const context = await launch(profile);
		try {
			const tab = context.pages()[0] ?? (await context.newPage());
			const at = `${url}__bare-read.html`;
			await tab.route(at, (route) =>
				route.fulfill({ body: page(reader), contentType: 'text/html; charset=utf-8' })
			);
			await tab.goto(at);
			const start = performance.now();
			await tab.locator('#folder').setInputFiles(tree);
			const read = await (
				await tab.waitForFunction(() => window.bareRead ?? null, null, { timeout: 600_000 })
			).jsonValue();
			results.push({ label, ...read, withHandover: performance.now() - start });
		} finally {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		}
	}
	const floor = results.reduce((best, r) => (r.ms < best.ms ? r : best));
	return { results, floor };
}
