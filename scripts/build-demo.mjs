#!/usr/bin/env node
// Zips the built-in demo: the "diabetes-quickstart" experiment as the REAL MLflow 3.18 wrote it (ElasticNet grid,
// an SGD history, logged models with MLmodel and requirements.txt) into static/demo/diabetes-quickstart.zip, which
// the app imports like any dropped file. Deterministic: sorted entries and a fixed modification time.
//   node scripts/build-demo.mjs              (npm run demo:generate) runs tests/interop/demo.sh, which logs a fresh
//                                            store with MLflow in a neutral folder and calls back with:
//   node scripts/build-demo.mjs --from <mlruns> [--neutral <folder>]
// --neutral names the folder MLflow ran in: MLflow writes it, absolute, into meta.yaml (artifact_location,
// artifact_uri) and MLmodel (artifact_path); those become /diabetes-quickstart/... so no machine path ships.
// DEMO_OUT overrides the zip's path.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.env.DEMO_OUT ?? join(ROOT, 'static/demo/diabetes-quickstart.zip');
const EXPERIMENT = 'diabetes-quickstart';
const NEUTRAL_PREFIX = `/${EXPERIMENT}`;
const MTIME = new Date('2026-01-01T00:00:00Z');
/** The only files where MLflow writes the store's absolute location; binaries (model.pkl) are never edited. */
const REWRITTEN = new Set(['meta.yaml', 'MLmodel']);

const { values } = parseArgs({ options: { from: { type: 'string' }, neutral: { type: 'string' } } });
if (!values.from) {
	const done = spawnSync('bash', [join(ROOT, 'tests/interop/demo.sh')], { stdio: 'inherit' });
	process.exit(done.status ?? 1);
}
const mlruns = resolve(values.from);
const neutral = values.neutral ? resolve(values.neutral) : undefined;

function experimentFolder() {
	for (const id of readdirSync(mlruns)) {
		try {
			const name = readFileSync(join(mlruns, id, 'meta.yaml'), 'utf8').match(/^name: (.*)$/m)?.[1];
			if (name?.trim() === EXPERIMENT) return id;
		} catch {
			// not an experiment folder
		}
	}
	throw new Error(`No experiment named ${EXPERIMENT} in ${mlruns}: run tests/interop/demo.sh.`);
}

function walk(dir) {
	return readdirSync(dir)
		.sort()
		.flatMap((name) => {
			const full = join(dir, name);
			return statSync(full).isDirectory() ? walk(full) : [full];
		});
}

function content(file) {
	const bytes = new Uint8Array(readFileSync(file));
	if (!neutral || !REWRITTEN.has(basename(file))) return bytes;
	return new TextEncoder().encode(new TextDecoder().decode(bytes).replaceAll(neutral, NEUTRAL_PREFIX));
}

const id = experimentFolder();
const entries = {};
const decoder = new TextDecoder('utf-8', { fatal: false });
for (const file of walk(join(mlruns, id))) {
	const path = `mlruns/${relative(mlruns, file).split(sep).join('/')}`;
	const bytes = content(file);
	// Fail rather than ship the folder MLflow ran in anywhere this script does not rewrite.
	if (neutral && decoder.decode(bytes).includes(neutral)) throw new Error(`${path} still names ${neutral}`);
	entries[path] = [bytes, { mtime: MTIME }];
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, zipSync(entries, { level: 9, mtime: MTIME }));
console.log(`${Object.keys(entries).length} files of experiment ${id} → ${relative(ROOT, OUT)}`);
