#!/usr/bin/env node
// Builds the built-in demo from what the REAL MLflow 3.18 wrote: the "diabetes-quickstart" experiment of
// tests/fixtures/mlflow/mlruns (made by tests/interop/quickstart.py: ElasticNet grid, an SGD history, logged
// models with MLmodel and requirements.txt) zipped into static/demo/diabetes-quickstart.zip. The app imports that
// zip like any dropped file. Deterministic: sorted entries and a fixed modification time.
//   node scripts/build-demo.mjs            (npm run demo:generate; tests/interop/generate.sh runs it too)
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MLRUNS = join(ROOT, 'tests/fixtures/mlflow/mlruns');
const OUT = process.env.DEMO_OUT ?? join(ROOT, 'static/demo/diabetes-quickstart.zip');
const EXPERIMENT = 'diabetes-quickstart';
const MTIME = new Date('2026-01-01T00:00:00Z');

function experimentFolder() {
	for (const id of readdirSync(MLRUNS)) {
		const meta = join(MLRUNS, id, 'meta.yaml');
		try {
			if (
				readFileSync(meta, 'utf8')
					.match(/^name: (.*)$/m)?.[1]
					?.trim() === EXPERIMENT
			)
				return id;
		} catch {
			// not an experiment folder
		}
	}
	throw new Error(`No experiment named ${EXPERIMENT} in ${MLRUNS}: run tests/interop/generate.sh first.`);
}

function walk(dir) {
	return readdirSync(dir)
		.sort()
		.flatMap((name) => {
			const full = join(dir, name);
			return statSync(full).isDirectory() ? walk(full) : [full];
		});
}

const id = experimentFolder();
const entries = {};
for (const file of walk(join(MLRUNS, id))) {
	const path = `mlruns/${relative(MLRUNS, file).split(sep).join('/')}`;
	entries[path] = [new Uint8Array(readFileSync(file)), { mtime: MTIME }];
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, zipSync(entries, { level: 9, mtime: MTIME }));
console.log(`${Object.keys(entries).length} files of experiment ${id} → ${relative(ROOT, OUT)}`);
