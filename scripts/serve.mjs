#!/usr/bin/env node
// Serves a built Runboard like a plain static host (GitHub Pages): files as they are, `dir/` → `dir/index.html`,
// anything else → 404.html with status 404 (the SPA shell that renders deep links). No dependencies.
//   node scripts/serve.mjs [--dir build] [--base /runboard] [--port 4173] [--host 127.0.0.1]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const args = Object.fromEntries(
	process.argv
		.slice(2)
		.reduce(
			(pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs),
			[]
		)
);
const root = resolve(args.dir ?? 'build');
const base = (args.base ?? process.env.BASE_PATH ?? '').replace(/\/$/, '');
const port = Number(args.port ?? 4173);
const host = args.host ?? '127.0.0.1';

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.wasm': 'application/wasm',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.txt': 'text/plain; charset=utf-8',
	'.zip': 'application/zip',
	'.webmanifest': 'application/manifest+json'
};

async function fileFor(pathname) {
	const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
	const full = join(root, relative);
	if (full !== root && !full.startsWith(root + sep)) return undefined; // no escaping the build folder
	try {
		const info = await stat(full);
		if (info.isFile()) return full;
		if (info.isDirectory()) {
			const index = join(full, 'index.html');
			if ((await stat(index).catch(() => undefined))?.isFile()) return index;
		}
	} catch {
		// not found: fall through
	}
	return undefined;
}

const server = createServer(async (req, res) => {
	const url = new URL(req.url ?? '/', 'http://localhost');
	if (base && url.pathname === base) {
		res.writeHead(301, { location: `${base}/` }).end();
		return;
	}
	if (base && !url.pathname.startsWith(`${base}/`)) {
		res.writeHead(404, { 'content-type': 'text/plain' }).end(`Runboard is served under ${base}/`);
		return;
	}
	const found = await fileFor(url.pathname.slice(base.length)).catch(() => undefined);
	const path = found ?? join(root, '404.html');
	try {
		// Validators, as static hosts send them: a revalidated file is reused from the browser's cache with the
		// code it compiled from it (the SQLite WASM, the app's chunks) instead of being fetched and compiled anew.
		const info = await stat(path);
		const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
		const headers = {
			'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
			'cache-control': 'no-cache',
			etag,
			'last-modified': info.mtime.toUTCString()
		};
		if (found && req.headers['if-none-match'] === etag) {
			res.writeHead(304, headers).end();
			return;
		}
		const body = await readFile(path);
		res.writeHead(found ? 200 : 404, headers);
		res.end(req.method === 'HEAD' ? undefined : body);
	} catch {
		res.writeHead(500, { 'content-type': 'text/plain' }).end(`Cannot read ${path}: is the site built?`);
	}
});

server.listen(port, host, () => {
	console.log(`Runboard is being served from ${root} at http://${host}:${port}${base}/`);
});
