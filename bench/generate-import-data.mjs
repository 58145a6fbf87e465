// Generates the import benchmark's data: an mlruns tree of RUNS runs × 5 metrics × STEPS steps (1M points) + 20
// params each, the same tree as a zip, and the same data as an mlflow.db (the real MLflow 3.18 schema, taken from
// the interop fixture with its rows removed).
import { zipSync } from 'fflate';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { T0, writeMlflowDbRows } from './mlflow-db-template.mjs';

const METRICS = ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'lr'];
const PARAMS = 20;

const runId = (i) => (0x1000000 + i).toString(16).padStart(32, 'a');
const value = (i, m, s) => Math.exp(-s / 50) * (1 + m) + Math.sin(i + s) / 100;

export function writeMlrunsTree(root, runs, steps) {
	const exp = join(root, 'mlruns', '1');
	mkdirSync(exp, { recursive: true });
	writeFileSync(
		join(exp, 'meta.yaml'),
		`artifact_location: file:///bench/mlruns/1\ncreation_time: ${T0}\nexperiment_id: '1'\nlast_update_time: ${T0}\nlifecycle_stage: active\nname: import-bench\n`
	);
	for (let i = 0; i < runs; i++) {
		const id = runId(i);
		const run = join(exp, id);
		for (const d of ['metrics', 'params', 'tags', 'artifacts']) mkdirSync(join(run, d), { recursive: true });
		writeFileSync(
			join(run, 'meta.yaml'),
			`artifact_uri: file:///bench/mlruns/1/${id}/artifacts\nend_time: ${T0 + i * 1000 + 900}\nentry_point_name: ''\nexperiment_id: '1'\nlifecycle_stage: active\nrun_id: ${id}\nrun_name: run-${i}\nrun_uuid: ${id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: ${T0 + i * 1000}\nstatus: 3\ntags: []\nuser_id: bench\n`
		);
		writeFileSync(join(run, 'tags', 'mlflow.runName'), `run-${i}`);
		for (let p = 0; p < PARAMS; p++) writeFileSync(join(run, 'params', `p${p}`), String((i * 31 + p) % 97));
		METRICS.forEach((m, k) => {
			const lines = [];
			for (let s = 0; s < steps; s++) lines.push(`${T0 + i * 1000 + s} ${value(i, k, s)} ${s}`);
			writeFileSync(join(run, 'metrics', m), `${lines.join('\n')}\n`);
		});
	}
	return join(root, 'mlruns');
}

export function walk(dir) {
	return readdirSync(dir).flatMap((name) => {
		const full = join(dir, name);
		return statSync(full).isDirectory() ? walk(full) : [full];
	});
}

export function zipTree(dir, out) {
	const entries = {};
	for (const file of walk(dir))
		entries[`mlruns/${relative(dir, file).split(sep).join('/')}`] = readFileSync(file);
	writeFileSync(out, zipSync(entries, { level: 6 }));
	return out;
}

export function writeMlflowDb(fixture, out, runs, steps) {
	return writeMlflowDbRows(fixture, out, 'import-bench', ({ run, param, tag, metric, latest }) => {
		for (let i = 0; i < runs; i++) {
			const id = runId(i);
			run.bind([id, `run-${i}`, T0 + i * 1000, T0 + i * 1000 + 900]).stepReset();
			tag.bind(['mlflow.runName', `run-${i}`, id]).stepReset();
			for (let k = 0; k < PARAMS; k++) param.bind([`p${k}`, String((i * 31 + k) % 97), id]).stepReset();
			METRICS.forEach((m, k) => {
				for (let s = 0; s < steps; s++)
					metric.bind([m, value(i, k, s), T0 + i * 1000 + s, id, s, 0]).stepReset();
				latest.bind([m, value(i, k, steps - 1), T0 + i * 1000 + steps - 1, steps - 1, 0, id]).stepReset();
			});
		}
	});
}
