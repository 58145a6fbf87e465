// A static server for scripts/weight.mjs and bench/cold-load.mjs: serves a build like scripts/serve.mjs does (SPA
// fallback to 404.html) but never lets the browser cache (every visit is a cold one) and records the files asked
// for, so the weight of a visit is what the server sent.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.wasm': 'application/wasm',
	'.svg': 'image/svg+xml'
};

/** The base path the build was made for (BASE_PATH), read from its SPA shell. */
function baseOf(root) {
	const shell = readFileSync(join(root, '404.html'), 'utf8');
	return shell.match(/base:\s*"([^"]*)"/)?.[1] ?? '';
}

/**
 * @param {string} dir the build folder
 * @param {number} port
 * @param {{ gzip?: boolean }} [options] gzip: compress responses as static hosts and CDNs do (for timings; the
 *   weight script counts file bytes and computes the gzipped size itself)
 */
export async function serveForWeighing(dir, port, options = {}) {
	const compressed = new Map();
	const root = resolve(dir);
	const base = baseOf(root);
	/** @type {string[]} files (relative to the build folder) in the order they were asked for */
	const requests = [];
	let last = Date.now();
	const server = createServer(async (req, res) => {
		last = Date.now();
		const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
		let file = normalize(pathname.slice(base.length)).replace(/^[/\\]+/, '');
		if (file.includes('..')) return void res.writeHead(400).end();
		const info = await stat(join(root, file)).catch(() => undefined);
		if (info?.isDirectory()) file = join(file, 'index.html');
		else if (!info?.isFile()) file = '404.html';
		const found = await readFile(join(root, file)).catch(() => undefined);
		if (!found) return void res.writeHead(404).end();
		requests.push(file.split(sep).join('/'));
		const gzip = options.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
		if (gzip && !compressed.has(file)) compressed.set(file, gzipSync(found));
		res.writeHead(file === '404.html' ? 404 : 200, {
			'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
			'cache-control': 'no-store',
			...(gzip ? { 'content-encoding': 'gzip' } : {})
		});
		res.end(gzip ? compressed.get(file) : found);
	});
	await new Promise((done) => server.listen(port, '127.0.0.1', () => done(undefined)));
	return {
		requests,
		url: (path) => `http://127.0.0.1:${port}${base}${path}`,
		/** Resolves once no request came for `ms` milliseconds (workers fetch after the page is idle). */
		quiet: async (ms) => {
			while (Date.now() - last < ms) await new Promise((done) => setTimeout(done, ms / 4));
		},
		close: () => new Promise((done) => server.close(() => done(undefined)))
	};
}
