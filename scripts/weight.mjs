#!/usr/bin/env node
// The weight budget of the built site (`npm run build` runs it after `vite build`; `npm test` runs the build).
// Loads the pages in Chromium on a fresh profile, served from the build folder without caching, and counts what
// the server was asked for: the bytes a cold visit really costs (workers and their wasm included), raw and gzipped.
// Why a browser rather than the HTML's modulepreload links: the database worker, its wasm and the tab broker are
// started by code, not by the HTML, and only a run shows which of sqlite-wasm's helper files are really fetched.
// Fails when a page is over its budget, or when a file under _app/ is neither fetched nor reachable (see below).
//   node scripts/weight.mjs [--dir build] [--port 4176] [--verbose]
import { chromium } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromiumOptions } from './chromium.mjs';
import { serveForWeighing } from './weight-server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const at = args.indexOf(`--${name}`);
	return at >= 0 ? args[at + 1] : fallback;
};
const dir = option('dir', process.env.BUILD_DIR ?? 'build');
const port = Number(option('port', process.env.WEIGHT_PORT ?? 4176));
const verbose = args.includes('--verbose');

// Budgets in gzipped bytes (KB = 1,024 bytes). JS counts every script a cold visit fetches: the page's chunks and
// the workers it starts (database worker with sqlite3's JS glue, tab broker); the SQLite wasm is apart.
// docs/architecture.md (§ "Weight budget") states the same figures.
const KB = 1024;
const BUDGETS = {
	home: { js: 250 * KB, css: 12 * KB, wasm: 420 * KB },
	experiment: { js: 280 * KB, css: 16 * KB, wasm: 420 * KB },
	run: { js: 300 * KB, css: 20 * KB, wasm: 420 * KB }
};

// Files under _app/ that no visit fetches and no fetched code names, kept on purpose.
const UNFETCHED_ALLOWED = {
	'_app/version.json': 'SvelteKit asks for it only to detect a new deployment after a failed navigation'
};

const gzipped = new Map();
function sizes(file) {
	if (!gzipped.has(file)) {
		const bytes = readFileSync(join(dir, file));
		gzipped.set(file, { raw: bytes.length, gzip: gzipSync(bytes).length });
	}
	return gzipped.get(file);
}
const kindOf = (file) =>
	/\.(m?js)$/.test(file) ? 'js' : file.endsWith('.css') ? 'css' : file.endsWith('.wasm') ? 'wasm' : 'other';
const kb = (n) => `${(n / KB).toFixed(1)} KB`;

const server = await serveForWeighing(dir, port);
const profile = mkdtempSync(join(tmpdir(), 'runboard-weight-'));
const pages = {};
/** @type {Record<string, string[]>} files fetched by imports (not budgeted: printed, and reachable) */
const imports = {};
let failed = false;
try {
	// Service workers blocked: the worker's install downloads the whole app once more in the background (the offline
	// copy, src/service-worker.ts), which is not what the page needs to show itself; it is counted apart, below.
	const context = await chromium.launchPersistentContext(profile, {
		...chromiumOptions(),
		serviceWorkers: 'block'
	});
	const page = context.pages()[0] ?? (await context.newPage());
	const visit = async (name, path) => {
		server.requests.length = 0;
		await page.goto(server.url(path));
		await page.waitForFunction(() => window.__runboardIdle?.() === true);
		await server.quiet(800);
		pages[name] = [...server.requests];
	};
	await visit('home', '/');
	// Something to show on the experiment and run pages: one experiment, one run with a metric.
	const ids = await page.evaluate(async () => {
		const rb = window.runboard;
		const experimentId = await rb.createExperiment('weight');
		const run = await rb.createRun({ experimentId });
		await rb.logBatch(run.info.runId, { metrics: [{ key: 'loss', value: 1, step: 0, timestamp: 1 }] });
		return { experimentId, runId: run.info.runId };
	});
	await visit('experiment', `/experiments/${ids.experimentId}`);
	await visit('run', `/runs/${ids.runId}`);
	// Two imports (of a file that is not a database: refused, but read by the parse worker): the parse worker and
	// its wasm are fetched for the first and, reused, not again for the second.
	for (const name of ['import', 'second import']) {
		server.requests.length = 0;
		await page.evaluate(() =>
			window.runboard.importFiles([new File(['not a database'], 'mlflow.db')]).catch(() => undefined)
		);
		await server.quiet(800);
		imports[name] = [...server.requests];
	}
	await context.close();
} finally {
	await server.close();
	rmSync(profile, { recursive: true, force: true });
}

for (const [name, requested] of Object.entries(pages)) {
	const totals = {
		js: { raw: 0, gzip: 0 },
		css: { raw: 0, gzip: 0 },
		wasm: { raw: 0, gzip: 0 },
		other: { raw: 0, gzip: 0 }
	};
	const files = requested.filter((file) => file !== undefined);
	for (const file of files) {
		const size = sizes(file);
		totals[kindOf(file)].raw += size.raw;
		totals[kindOf(file)].gzip += size.gzip;
		if (verbose) console.log(`  ${name}: ${file} ${kb(size.raw)} (${kb(size.gzip)} gzipped)`);
	}
	const all = Object.values(totals).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }));
	console.log(
		`${name}: ${requested.length} requests, ${kb(all.raw)} (${kb(all.gzip)} gzipped) · ` +
			['js', 'css', 'wasm']
				.map((k) => `${k} ${kb(totals[k].raw)} (${kb(totals[k].gzip)} gz, budget ${kb(BUDGETS[name][k])} gz)`)
				.join(' · ')
	);
	for (const k of ['js', 'css', 'wasm'])
		if (totals[k].gzip > BUDGETS[name][k]) {
			console.error(
				`  ✗ ${name} ${k}: ${kb(totals[k].gzip)} gzipped is over its budget of ${kb(BUDGETS[name][k])}`
			);
			failed = true;
		}
}

for (const [name, requested] of Object.entries(imports)) {
	const bytes = requested.reduce((sum, file) => sum + sizes(file).raw, 0);
	console.log(
		`${name}: ${requested.length} requests, ${kb(bytes)} (${requested.map((f) => basename(f)).join(', ') || 'nothing fetched'})`
	);
}

// The offline copy: once per version the service worker saves every built file in the background (not budgeted:
// it is not what a page needs to show itself, and it is what lets the next visit open without a network).
{
	const all = listFiles(dir).map((file) => relative(dir, file).split(sep).join('/'));
	const bytes = all.reduce((sum, file) => sum + sizes(file).gzip, 0);
	console.log(`offline copy (service worker, once per version): ${all.length} files, ${kb(bytes)} gzipped`);
}

// Reachable: fetched by a visit, or named (by its hashed file name) in code that can run: any fetched page-side
// file, and, followed on, the files it names (lazy chunks, the parse worker). A worker that ran and never fetched
// a file it names (sqlite3's own helper workers) does not make that file reachable: it had its chance.
const emitted = listFiles(join(dir, '_app')).map((file) => relative(dir, file).split(sep).join('/'));
const byName = new Map(emitted.map((file) => [basename(file), file]));
const fetched = new Set([...Object.values(pages), ...Object.values(imports)].flat());
const reachable = new Set(fetched);
const pending = [...fetched].filter((file) => !file.includes('/workers/'));
// A worker's lazy chunks (`import("./chunks/….js")`: the database worker loads the importers on the first import)
// are reachable: only its dynamic imports count, not the other names it carries.
for (const file of [...fetched].filter((f) => f.includes('/workers/') && /\.m?js$/.test(f))) {
	for (const [, name] of readFileSync(join(dir, file), 'utf8').matchAll(
		/import\(\s*["'`][^"'`]*?([\w.-]+\.m?js)["'`]\s*\)/g
	)) {
		const target = byName.get(name);
		if (!target || reachable.has(target)) continue;
		reachable.add(target);
		pending.push(target);
	}
}
while (pending.length) {
	const file = pending.pop();
	if (!/\.(m?js|css)$/.test(file)) continue;
	for (const [, name] of readFileSync(join(dir, file), 'utf8').matchAll(
		/["'`(/]([\w.-]+\.(?:m?js|css|wasm))/g
	)) {
		const target = byName.get(name);
		if (!target || reachable.has(target)) continue;
		reachable.add(target);
		pending.push(target);
	}
}
const unreached = emitted.filter((file) => !reachable.has(file) && !(file in UNFETCHED_ALLOWED));
for (const file of unreached) {
	console.error(`  ✗ emitted but never fetched nor reachable: ${file} (${kb(sizes(file).raw)})`);
	failed = true;
}
if (failed) {
	console.error(
		'weight: over budget or unreachable files (budgets: scripts/weight.mjs, docs/architecture.md)'
	);
	process.exit(1);
}
console.log(`weight: within budget; all ${emitted.length} files under _app/ are reachable`);

function listFiles(folder) {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? listFiles(join(folder, entry.name)) : [join(folder, entry.name)]
	);
}
