// fetchForImport against a real HTTP server on 127.0.0.1: every way a shared link can go wrong gets its own
// reason and a message that says what to do; a good file arrives whole with its name, and progress is reported.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersWithFileAt, fetchForImport, previewUrl } from '$lib/client/fetch-import';

const ZIP = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100_000, 7)]);
const POINTER = 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123456\n';
let server: Server;
let base = '';
const hung: (() => void)[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		const path = req.url ?? '';
		if (path === '/runs.zip') {
			res.writeHead(200, { 'content-type': 'application/zip', 'content-length': ZIP.length });
			res.end(req.method === 'HEAD' ? undefined : ZIP);
		} else if (path.startsWith('/download')) {
			// A download endpoint: no file name in the URL, the name and type in the headers.
			res.writeHead(200, {
				'content-type': 'application/zip',
				'content-disposition': 'attachment; filename="../mlruns export.zip"',
				'content-length': ZIP.length
			});
			res.end(req.method === 'HEAD' ? undefined : ZIP);
		} else if (path === '/api') {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{}');
		} else if (path === '/loop') {
			res.writeHead(302, { location: '/loop' });
			res.end();
		} else if (path === '/page.zip') {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			res.end('<!doctype html><title>x</title>');
		} else if (path === '/sniffed.zip') {
			res.writeHead(200, { 'content-type': 'application/octet-stream' });
			res.end('\n <html><body>login</body></html>');
		} else if (path === '/pointer.zip') {
			res.writeHead(200, { 'content-type': 'text/plain' });
			res.end(POINTER);
		} else if (path === '/silent.zip') {
			hung.push(() => res.destroy());
		} else if (path === '/stalls.zip') {
			res.writeHead(200, { 'content-length': 1000 });
			res.write(Buffer.alloc(10));
			hung.push(() => res.destroy());
		} else {
			res.writeHead(404, { 'content-type': 'text/plain' });
			res.end('not here');
		}
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const end of hung) end();
	await new Promise((done) => server.close(done));
});

describe('fetchForImport', () => {
	it('fetches a file whole, named by its URL, with progress up to its size', async () => {
		const seen: number[] = [];
		const entry = await fetchForImport(`${base}/runs.zip`, { onBytes: (done) => seen.push(done) });
		expect(entry.path).toBe('runs.zip');
		expect(Buffer.from(await entry.file.arrayBuffer()).equals(ZIP)).toBe(true);
		expect(seen.at(-1)).toBe(ZIP.length);
	});

	it.each([
		['/missing.zip', 'NOT_FOUND', 'http', /404 Not Found: the file is not there/],
		['/page.zip', 'IMPORT_UNRECOGNIZED', 'html', /is a web page \(HTML\), not a file/],
		['/sniffed.zip', 'IMPORT_UNRECOGNIZED', 'html', /is a web page \(HTML\)/],
		['/pointer.zip', 'IMPORT_UNRECOGNIZED', 'lfs', /Git LFS pointer.*123,456 bytes/],
		['/loop', 'FETCH_CORS', 'redirect', /keeps redirecting/]
	])('%s → %s (%s)', async (path, code, reason, message) => {
		const error = await fetchForImport(`${base}${path}`).catch((e: unknown) => e);
		expect(error).toMatchObject({ code, details: expect.objectContaining({ reason }) });
		expect((error as Error).message).toMatch(message);
	});

	it.each(['/silent.zip', '/stalls.zip'])('%s: a host that stops sending is given up on', async (path) => {
		const error = await fetchForImport(`${base}${path}`, { stallMs: 300 }).catch((e: unknown) => e);
		expect(error).toMatchObject({ code: 'FETCH_CORS', details: { reason: 'timeout' } });
		expect((error as Error).message).toMatch(/stopped sending/);
	});

	it.each(['/silent.zip', '/stalls.zip'])(
		'%s: Cancel stops the download, before or after the first bytes',
		async (path) => {
			const abort = new AbortController();
			const pending = fetchForImport(`${base}${path}`, { signal: abort.signal }).catch((e: unknown) => e);
			setTimeout(() => abort.abort(), 100);
			expect(await pending).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'cancelled' } });
		}
	);

	it('an unreachable host is explained with what the host must allow and the drop offer', async () => {
		const closed = createServer();
		await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
		const port = (closed.address() as AddressInfo).port;
		await new Promise((done) => closed.close(done));
		const error = await fetchForImport(`http://127.0.0.1:${port}/x.zip`).catch((e: unknown) => e);
		expect(error).toMatchObject({ code: 'FETCH_CORS', details: expect.objectContaining({ reason: 'cors' }) });
		expect((error as Error).message).toMatch(
			/Access-Control-Allow-Origin.*download the file and drop it here/s
		);
	});
});

describe('file names and file answers', () => {
	it('a download link is named by its Content-Disposition (a bare name), in the preview and the entry', async () => {
		expect((await previewUrl(`${base}/download?id=7`)).name).toBe('mlruns export.zip');
		expect((await fetchForImport(`${base}/download?id=7`)).path).toBe('mlruns export.zip');
	});

	it('answersWithFileAt: a zip or an attachment is a file; JSON, a 404, a refused URL are not', async () => {
		expect(await answersWithFileAt(`${base}/runs.zip`)).toBe(true);
		expect(await answersWithFileAt(`${base}/download?id=7`)).toBe(true);
		expect(await answersWithFileAt(`${base}/api`)).toBe(false);
		expect(await answersWithFileAt(`${base}/missing.zip`)).toBe(false);
		expect(await answersWithFileAt('javascript:alert(1)')).toBe(false);
	});
});

describe('previewUrl', () => {
	it('shows host, name and the size the host declares, without reading the file', async () => {
		expect(await previewUrl(`${base}/runs.zip`)).toEqual({
			url: `${base}/runs.zip`,
			host: new URL(base).host,
			name: 'runs.zip',
			size: ZIP.length,
			rewritten: false
		});
	});
	it('a host that does not say (or fails) leaves the size unknown', async () => {
		expect((await previewUrl(`${base}/missing.zip`)).size).toBeNull();
		expect((await previewUrl(`${base}/silent.zip`, 300)).size).toBeNull();
	});
});
