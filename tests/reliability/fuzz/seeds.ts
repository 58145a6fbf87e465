// The seeds every mutation starts from: files the real MLflow 3.18 wrote (tests/fixtures/mlflow, see its
// README), cut to a few runs each so that one input imports in milliseconds. A missing fixture fails loudly.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { KNOWN_TABLES } from '$lib/importers/mlflow-db/schema';

export interface SeedFile {
	path: string;
	bytes: Uint8Array;
}

const FIXTURE = fileURLToPath(new URL('../../fixtures/mlflow/', import.meta.url));
const MLRUNS = join(FIXTURE, 'mlruns');
/** Larger files (pickled models, images) add time, not coverage: the parsers never read their content. */
const MAX_FILE_BYTES = 64 * 1024;

function need(path: string): string {
	if (!existsSync(path)) throw new Error(`fuzz seed missing: ${path} (run npm run interop:fixtures)`);
	return path;
}

/** Every file below `dir` (sorted), as `prefix/<path below dir>`. */
function filesBelow(
	dir: string,
	prefix: string,
	keep: (relativePath: string) => boolean = () => true
): SeedFile[] {
	const out: SeedFile[] = [];
	const walk = (current: string) => {
		for (const name of readdirSync(current).sort()) {
			const full = join(current, name);
			const rel = relative(dir, full).split('\\').join('/');
			if (statSync(full).isDirectory()) walk(full);
			else if (statSync(full).size <= MAX_FILE_BYTES && keep(rel))
				out.push({ path: `${prefix}/${rel}`, bytes: new Uint8Array(readFileSync(full)) });
		}
	};
	walk(need(dir));
	return out;
}

const RUN = /^[0-9a-f]{32}$/;

/** An experiment folder with only the run folders named (and the first `models` logged models). */
function experiment(id: string, runIds: string[], models: number): SeedFile[] {
	const dir = join(MLRUNS, id);
	for (const runId of runIds) need(join(dir, runId));
	const modelIds = existsSync(join(dir, 'models'))
		? readdirSync(join(dir, 'models')).sort().slice(0, models)
		: [];
	return filesBelow(dir, `mlruns/${id}`, (rel) => {
		const [first, second] = rel.split('/');
		if (first && RUN.test(first)) return runIds.includes(first);
		if (first === 'models') return modelIds.includes(second ?? '');
		return true;
	});
}

/** The mlruns seeds: the quickstart (params, datasets, a run with artifacts, a logged model), the edge cases, and
 * the odd parts (deleted experiment, model registry, Default, a run dropped on its own). */
export function mlrunsSeeds(): { name: string; files: SeedFile[] }[] {
	return [
		// Two ElasticNet runs, the SGD run (artifacts, a dataset input, a per-epoch history) and a logged model.
		{
			name: 'quickstart',
			files: experiment(
				'117262208832321538',
				[
					'25b08cc82744489886c73ac22483b197',
					'26fdd9e6d3084e6ab9ee0b744f8abb08',
					'ccfcc817f5bf430ba2c2d54ead62c808'
				],
				1
			)
		},
		// Duplicate points and odd steps, artifacts of every kind, unicode, '/' in keys, NaN and ±Infinity, a deleted run.
		{
			name: 'edge-cases',
			files: experiment(
				'520578367500676837',
				[
					'48f1267207274b96932f53287eb3a47b',
					'628f1cd5debe4d2e93e5d9dcdfcf6dce',
					'84c348dbcd7444fab4897903a625fe83',
					'a230c327884a44d892cc2228fcad7097',
					'dbb70a1306154a42b199ae32f7f53280',
					'4012d83b14b14db3bfcd6601056189ca'
				],
				0
			)
		},
		// The deleted experiment, the model registry, Default, and a run (the nested child) dropped on its own.
		{
			name: 'odd-parts',
			files: [
				...filesBelow(join(MLRUNS, '.trash'), 'mlruns/.trash'),
				...filesBelow(join(MLRUNS, 'models'), 'mlruns/models'),
				...filesBelow(join(MLRUNS, '0'), 'mlruns/0'),
				...filesBelow(
					join(MLRUNS, '520578367500676837', 'ea82803ca9d444729d31a7f7e92c0d33'),
					'ea82803ca9d444729d31a7f7e92c0d33'
				)
			]
		}
	];
}

/**
 * The fixture's mlflow.db with only the tables the importer reads (MLflow 3.18 creates ~70: traces, registry,
 * gateway …, each at least a page that every input would copy and check), vacuumed. Rows are as MLflow wrote them.
 */
export function mlflowDbSeed(sqlite3: Sqlite3Static): Uint8Array {
	const bytes = new Uint8Array(readFileSync(need(join(FIXTURE, 'mlflow.db'))));
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	try {
		const { capi } = sqlite3;
		const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE;
		capi.sqlite3_deserialize(
			db,
			'main',
			sqlite3.wasm.allocFromTypedArray(bytes),
			bytes.length,
			bytes.length,
			flags
		);
		db.exec('PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF');
		const tables = db.selectValues(`SELECT name FROM sqlite_schema WHERE type = 'table'`).map(String);
		for (const table of tables) if (!READ_TABLES.has(table)) db.exec(`DROP TABLE "${table}"`);
		// Eleven of the twelve grid runs and two of the three nested children add rows, not kinds of rows.
		db.exec(`CREATE TEMP TABLE gone AS SELECT run_uuid FROM runs
			WHERE (name LIKE 'elasticnet-%' AND name <> 'elasticnet-a0.1-l0.5') OR name IN ('child-1', 'child-2')`);
		for (const table of ['metrics', 'latest_metrics', 'params', 'tags', 'runs'])
			db.exec(`DELETE FROM ${table} WHERE run_uuid IN (SELECT run_uuid FROM gone)`);
		db.exec(`DELETE FROM inputs WHERE destination_id IN (SELECT run_uuid FROM gone)`);
		db.exec(
			`CREATE TEMP TABLE gone_models AS SELECT model_id FROM logged_models WHERE source_run_id IN (SELECT run_uuid FROM gone)`
		);
		for (const table of ['logged_model_metrics', 'logged_model_params', 'logged_model_tags', 'logged_models'])
			db.exec(`DELETE FROM ${table} WHERE model_id IN (SELECT model_id FROM gone_models)`);
		db.exec('DROP TABLE gone; DROP TABLE gone_models');
		db.exec('VACUUM');
		return capi.sqlite3_js_db_export(db);
	} finally {
		db.close();
	}
}

/** What the importer reads, plus latest_metrics (MLflow's, which the importer ignores but a seed keeps). */
const READ_TABLES = new Set<string>([...KNOWN_TABLES, 'latest_metrics']);
