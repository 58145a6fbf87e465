// The MLflow database importer against real and reconstructed MLflow databases. The older schema generations
// below are the DDL that MLflow's own migrations produce on SQLite at those revisions (dumped from
// `InitialBase.metadata.create_all` + `alembic upgrade <rev>` of MLflow 3.17.2), not hand-written guesses.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite3InitModule, { type Database, type SqlValue } from '@sqlite.org/sqlite-wasm';
import { describe, expect, it } from 'vitest';
import { createMlflowDbImporter } from '$lib/importers/mlflow-db';
import { openUntrusted } from '$lib/importers/mlflow-db/open';
import { readSchema } from '$lib/importers/mlflow-db/schema';
import type { Tag } from '$lib/model/types';
import type {
	ImportedExperiment,
	ImportedLoggedModel,
	ImportedRun,
	ImportWarning,
	SourceFile
} from '$lib/importers/types';

const sqlite3 = await sqlite3InitModule();
const importer = createMlflowDbImporter(sqlite3);

type Generation = 'initial' | '451aebb31d03' | 'df50e92ffc5e' | '7f2a7d5fae7d' | 'head';

const DDL: Record<Generation, string[]> = {
	// MLflow 0.9 (before Alembic)
	initial: [
		`CREATE TABLE experiments (experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), CONSTRAINT experiment_pk PRIMARY KEY (experiment_id), CONSTRAINT experiments_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')), UNIQUE (name))`,
		`CREATE TABLE metrics ("key" VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL, CONSTRAINT metric_pk PRIMARY KEY ("key", timestamp, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`,
		`CREATE TABLE params ("key" VARCHAR(250) NOT NULL, value VARCHAR(250) NOT NULL, run_uuid VARCHAR(32) NOT NULL, CONSTRAINT param_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`,
		`CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(20), start_time BIGINT, end_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER, CONSTRAINT run_pk PRIMARY KEY (run_uuid), CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT')), CONSTRAINT status CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING')), CONSTRAINT runs_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id))`,
		`CREATE TABLE tags ("key" VARCHAR(250) NOT NULL, value VARCHAR(250), run_uuid VARCHAR(32) NOT NULL, CONSTRAINT tag_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`
	],
	// MLflow 1.0: metrics.step
	'451aebb31d03': [
		`CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))`,
		`CREATE TABLE experiments (experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), CONSTRAINT experiment_pk PRIMARY KEY (experiment_id), CONSTRAINT experiments_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')), UNIQUE (name))`,
		`CREATE TABLE "metrics" ("key" VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL, step BIGINT DEFAULT '0' NOT NULL, CONSTRAINT metric_pk PRIMARY KEY ("key", timestamp, step, run_uuid, value), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`,
		`CREATE TABLE params ("key" VARCHAR(250) NOT NULL, value VARCHAR(250) NOT NULL, run_uuid VARCHAR(32) NOT NULL, CONSTRAINT param_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`,
		`CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(20), start_time BIGINT, end_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER, CONSTRAINT run_pk PRIMARY KEY (run_uuid), CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT')), CONSTRAINT status CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING')), CONSTRAINT runs_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id))`,
		`CREATE TABLE tags ("key" VARCHAR(250) NOT NULL, value VARCHAR(250), run_uuid VARCHAR(32) NOT NULL, CONSTRAINT tag_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`
	],
	// MLflow 1.x: is_nan, experiment_tags
	df50e92ffc5e: [
		`CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))`,
		`CREATE TABLE experiment_tags ("key" VARCHAR(250) NOT NULL, value VARCHAR(5000), experiment_id INTEGER NOT NULL, CONSTRAINT experiment_tag_pk PRIMARY KEY ("key", experiment_id), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id))`,
		`CREATE TABLE experiments (experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), CONSTRAINT experiment_pk PRIMARY KEY (experiment_id), CONSTRAINT experiments_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')), UNIQUE (name))`,
		`CREATE TABLE "metrics" ("key" VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL, step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL, CONSTRAINT metric_pk PRIMARY KEY ("key", timestamp, step, run_uuid, value, is_nan), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`,
		`CREATE TABLE params ("key" VARCHAR(250) NOT NULL, value VARCHAR(250) NOT NULL, run_uuid VARCHAR(32) NOT NULL, CONSTRAINT param_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`,
		`CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(20), start_time BIGINT, end_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER, CONSTRAINT run_pk PRIMARY KEY (run_uuid), CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT')), CONSTRAINT status CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING')), CONSTRAINT runs_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id))`,
		`CREATE TABLE tags ("key" VARCHAR(250) NOT NULL, value VARCHAR(250), run_uuid VARCHAR(32) NOT NULL, CONSTRAINT tag_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`
	],
	// MLflow 2.4: deleted_time, creation_time, datasets
	'7f2a7d5fae7d': [
		`CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))`,
		`CREATE TABLE datasets (dataset_uuid VARCHAR(36) NOT NULL, experiment_id INTEGER NOT NULL, name VARCHAR(500) NOT NULL, digest VARCHAR(36) NOT NULL, dataset_source_type VARCHAR(36) NOT NULL, dataset_source TEXT NOT NULL, dataset_schema TEXT, dataset_profile TEXT, CONSTRAINT dataset_pk PRIMARY KEY (experiment_id, name, digest), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id))`,
		`CREATE INDEX index_datasets_dataset_uuid ON datasets (dataset_uuid)`,
		`CREATE INDEX index_datasets_experiment_id_dataset_source_type ON datasets (experiment_id, dataset_source_type)`,
		`CREATE TABLE experiment_tags ("key" VARCHAR(250) NOT NULL, value VARCHAR(5000), experiment_id INTEGER NOT NULL, CONSTRAINT experiment_tag_pk PRIMARY KEY ("key", experiment_id), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id))`,
		`CREATE TABLE experiments (experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT, CONSTRAINT experiment_pk PRIMARY KEY (experiment_id), CONSTRAINT experiments_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')), UNIQUE (name))`,
		`CREATE TABLE input_tags (input_uuid VARCHAR(36) NOT NULL, name VARCHAR(255) NOT NULL, value VARCHAR(500) NOT NULL, CONSTRAINT input_tags_pk PRIMARY KEY (input_uuid, name))`,
		`CREATE TABLE inputs (input_uuid VARCHAR(36) NOT NULL, source_type VARCHAR(36) NOT NULL, source_id VARCHAR(36) NOT NULL, destination_type VARCHAR(36) NOT NULL, destination_id VARCHAR(36) NOT NULL, CONSTRAINT inputs_pk PRIMARY KEY (source_type, source_id, destination_type, destination_id))`,
		`CREATE INDEX index_inputs_destination_type_destination_id_source_type ON inputs (destination_type, destination_id, source_type)`,
		`CREATE INDEX index_inputs_input_uuid ON inputs (input_uuid)`,
		`CREATE TABLE "latest_metrics" ("key" VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL, CONSTRAINT latest_metric_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid), CHECK (is_nan IN (0, 1)))`,
		`CREATE INDEX index_latest_metrics_run_uuid ON latest_metrics (run_uuid)`,
		`CREATE TABLE "metrics" ("key" VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL, step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL, CONSTRAINT metric_pk PRIMARY KEY ("key", timestamp, step, run_uuid, value, is_nan), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid), CHECK (is_nan IN (0, 1)))`,
		`CREATE INDEX index_metrics_run_uuid ON metrics (run_uuid)`,
		`CREATE TABLE "params" ("key" VARCHAR(250) NOT NULL, value VARCHAR(500) NOT NULL, run_uuid VARCHAR(32) NOT NULL, CONSTRAINT param_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`,
		`CREATE INDEX index_params_run_uuid ON params (run_uuid)`,
		`CREATE TABLE "runs" (run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER, deleted_time BIGINT, CONSTRAINT run_pk PRIMARY KEY (run_uuid), CONSTRAINT runs_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')), CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT')), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id), CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING', 'KILLED')))`,
		`CREATE TABLE "tags" ("key" VARCHAR(250) NOT NULL, value VARCHAR(5000), run_uuid VARCHAR(32) NOT NULL, CONSTRAINT tag_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`,
		`CREATE INDEX index_tags_run_uuid ON tags (run_uuid)`
	],
	// MLflow 3.17 (dc11669786a5): logged models, workspaces
	head: [
		`CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))`,
		`CREATE TABLE "datasets" (dataset_uuid VARCHAR(36) NOT NULL, experiment_id INTEGER NOT NULL, name VARCHAR(500) NOT NULL, digest VARCHAR(36) NOT NULL, dataset_source_type VARCHAR(36) NOT NULL, dataset_source TEXT NOT NULL, dataset_schema TEXT, dataset_profile TEXT, CONSTRAINT dataset_pk PRIMARY KEY (experiment_id, name, digest), CONSTRAINT fk_datasets_experiment_id_experiments FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id) ON DELETE CASCADE)`,
		`CREATE INDEX index_datasets_dataset_uuid ON datasets (dataset_uuid)`,
		`CREATE INDEX index_datasets_experiment_id_dataset_source_type ON datasets (experiment_id, dataset_source_type)`,
		`CREATE TABLE "experiment_tags" ("key" VARCHAR(250) NOT NULL, value TEXT, experiment_id INTEGER NOT NULL, CONSTRAINT experiment_tag_pk PRIMARY KEY ("key", experiment_id), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id))`,
		`CREATE TABLE "experiments" (experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT, workspace VARCHAR(63) DEFAULT 'default' NOT NULL, CONSTRAINT experiment_pk PRIMARY KEY (experiment_id), CONSTRAINT experiments_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')), CONSTRAINT uq_experiments_workspace_name UNIQUE (workspace, name))`,
		`CREATE INDEX idx_experiments_workspace ON experiments (workspace)`,
		`CREATE INDEX idx_experiments_workspace_creation_time ON experiments (workspace, creation_time)`,
		`CREATE TABLE input_tags (input_uuid VARCHAR(36) NOT NULL, name VARCHAR(255) NOT NULL, value VARCHAR(500) NOT NULL, CONSTRAINT input_tags_pk PRIMARY KEY (input_uuid, name))`,
		`CREATE TABLE inputs (input_uuid VARCHAR(36) NOT NULL, source_type VARCHAR(36) NOT NULL, source_id VARCHAR(36) NOT NULL, destination_type VARCHAR(36) NOT NULL, destination_id VARCHAR(36) NOT NULL, step BIGINT DEFAULT '0' NOT NULL, CONSTRAINT inputs_pk PRIMARY KEY (source_type, source_id, destination_type, destination_id))`,
		`CREATE INDEX index_inputs_destination_type_destination_id_source_type ON inputs (destination_type, destination_id, source_type)`,
		`CREATE INDEX index_inputs_input_uuid ON inputs (input_uuid)`,
		`CREATE TABLE "latest_metrics" ("key" VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL, CONSTRAINT latest_metric_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid), CHECK (is_nan IN (0, 1)))`,
		`CREATE INDEX index_latest_metrics_run_uuid ON latest_metrics (run_uuid)`,
		`CREATE TABLE logged_model_metrics (model_id VARCHAR(36) NOT NULL, metric_name VARCHAR(500) NOT NULL, metric_timestamp_ms BIGINT NOT NULL, metric_step BIGINT NOT NULL, metric_value FLOAT, experiment_id INTEGER NOT NULL, run_id VARCHAR(32) NOT NULL, dataset_uuid VARCHAR(36), dataset_name VARCHAR(500), dataset_digest VARCHAR(36), CONSTRAINT logged_model_metrics_pk PRIMARY KEY (model_id, metric_name, metric_timestamp_ms, metric_step, run_id), CONSTRAINT fk_logged_model_metrics_experiment_id FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id), CONSTRAINT fk_logged_model_metrics_model_id FOREIGN KEY(model_id) REFERENCES logged_models (model_id) ON DELETE CASCADE, CONSTRAINT fk_logged_model_metrics_run_id FOREIGN KEY(run_id) REFERENCES runs (run_uuid) ON DELETE CASCADE)`,
		`CREATE INDEX index_logged_model_metrics_model_id ON logged_model_metrics (model_id)`,
		`CREATE TABLE logged_model_params (model_id VARCHAR(36) NOT NULL, experiment_id INTEGER NOT NULL, param_key VARCHAR(255) NOT NULL, param_value TEXT NOT NULL, CONSTRAINT logged_model_params_pk PRIMARY KEY (model_id, param_key), CONSTRAINT fk_logged_model_params_experiment_id FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id), CONSTRAINT fk_logged_model_params_model_id FOREIGN KEY(model_id) REFERENCES logged_models (model_id) ON DELETE CASCADE)`,
		`CREATE TABLE logged_model_tags (model_id VARCHAR(36) NOT NULL, experiment_id INTEGER NOT NULL, tag_key VARCHAR(255) NOT NULL, tag_value TEXT NOT NULL, CONSTRAINT logged_model_tags_pk PRIMARY KEY (model_id, tag_key), CONSTRAINT fk_logged_model_tags_experiment_id FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id), CONSTRAINT fk_logged_model_tags_model_id FOREIGN KEY(model_id) REFERENCES logged_models (model_id) ON DELETE CASCADE)`,
		`CREATE TABLE logged_models (model_id VARCHAR(36) NOT NULL, experiment_id INTEGER NOT NULL, name VARCHAR(500) NOT NULL, artifact_location VARCHAR(1000) NOT NULL, creation_timestamp_ms BIGINT NOT NULL, last_updated_timestamp_ms BIGINT NOT NULL, status INTEGER NOT NULL, lifecycle_stage VARCHAR(32), model_type VARCHAR(500), source_run_id VARCHAR(32), status_message VARCHAR(1000), CONSTRAINT logged_models_pk PRIMARY KEY (model_id), CONSTRAINT logged_models_lifecycle_stage_check CHECK (lifecycle_stage IN ('active', 'deleted')), CONSTRAINT fk_logged_models_experiment_id FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id) ON DELETE CASCADE)`,
		`CREATE TABLE "metrics" ("key" VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL, step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL, CONSTRAINT metric_pk PRIMARY KEY ("key", timestamp, step, run_uuid, value, is_nan), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid), CHECK (is_nan IN (0, 1)))`,
		`CREATE INDEX index_metrics_run_uuid ON metrics (run_uuid)`,
		`CREATE INDEX index_metrics_run_uuid_key_step ON metrics (run_uuid, "key", step)`,
		`CREATE TABLE "params" ("key" VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL, CONSTRAINT param_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`,
		`CREATE INDEX index_params_run_uuid ON params (run_uuid)`,
		`CREATE TABLE "runs" (run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER, deleted_time BIGINT, CONSTRAINT run_pk PRIMARY KEY (run_uuid), CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT')), CONSTRAINT runs_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id), CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING', 'KILLED')))`,
		`CREATE TABLE "tags" ("key" VARCHAR(250) NOT NULL, value VARCHAR(8000), run_uuid VARCHAR(32) NOT NULL, CONSTRAINT tag_pk PRIMARY KEY ("key", run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))`,
		`CREATE INDEX index_tags_run_uuid ON tags (run_uuid)`
	]
};

const GENERATIONS = Object.keys(DDL) as Generation[];
const DBL_MAX = 1.7976931348623157e308;
const RUN_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const RUN_B = 'b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4';
const ORPHAN = 'ffffffffffffffffffffffffffffffff';

// ---------------------------------------------------------------- helpers

function source(path: string, u8: Uint8Array<ArrayBuffer>): SourceFile {
	return { path, size: u8.byteLength, bytes: async () => u8, stream: () => new Blob([u8]).stream() };
}

function text(path: string, content: string): SourceFile {
	return source(path, new TextEncoder().encode(content));
}

interface Imported {
	experiments: ImportedExperiment[];
	runs: ImportedRun[];
	models: ImportedLoggedModel[];
	warnings: ImportWarning[];
	progress: number;
}

async function readAll(
	files: SourceFile[],
	options: { maxArtifactBytes?: number; abortAfterRuns?: number } = {}
): Promise<Imported> {
	const controller = new AbortController();
	const out: Imported = { experiments: [], runs: [], models: [], warnings: [], progress: 0 };
	const items = importer.read(files, {
		signal: controller.signal,
		maxArtifactBytes: options.maxArtifactBytes ?? 1e9
	});
	for await (const item of items) {
		if (item.kind === 'experiment') out.experiments.push(item.experiment);
		else if (item.kind === 'run') {
			out.runs.push(item.run);
			if (out.runs.length === options.abortAfterRuns) controller.abort();
		} else if (item.kind === 'logged-model') out.models.push(item.model);
		else if (item.kind === 'warning') out.warnings.push(item.warning);
		else out.progress++;
	}
	return out;
}

async function failure(files: SourceFile[]): Promise<{ code: string; message: string }> {
	try {
		await readAll(files);
	} catch (error) {
		const e = error as { code?: string; message?: string };
		return { code: e.code ?? 'NO_CODE', message: e.message ?? '' };
	}
	throw new Error('expected the import to fail, but it succeeded');
}

/** A database made with sqlite-wasm itself, exported as the bytes of a .db file. */
function buildDb(statements: string[], fill?: (db: Database) => void): Uint8Array<ArrayBuffer> {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	try {
		for (const sql of statements) db.exec(sql);
		fill?.(db);
		return sqlite3.capi.sqlite3_js_db_export(db);
	} finally {
		db.close();
	}
}

/** INSERT with only the columns this schema generation has: one logical dataset for every generation. */
function insert(db: Database, table: string, row: Record<string, SqlValue>): void {
	const existing = new Set(
		db.selectArrays('SELECT name FROM pragma_table_info(?1)', [table]).map((r) => String(r[0]))
	);
	if (existing.size === 0) return;
	const columns = Object.keys(row).filter((c) => existing.has(c));
	// sqlite-wasm binds an integral JS number as int64, which ±DBL_MAX is not: those go in as REAL literals.
	const huge = (v: SqlValue | undefined) =>
		typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v);
	const placeholders = columns.map((c) => (huge(row[c]) ? String(row[c]) : '?'));
	db.exec({
		sql: `INSERT INTO ${table}(${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders.join(', ')})`,
		bind: columns.filter((c) => !huge(row[c])).map((c) => row[c] ?? null)
	});
}

function hasColumn(db: Database, table: string, column: string): boolean {
	return db.selectArrays('SELECT name FROM pragma_table_info(?1)', [table]).some((r) => r[0] === column);
}

/** Two experiments, two runs, an orphan metric row; datasets and logged models where the schema has them. */
function fillCommon(db: Database): void {
	insert(db, 'experiments', {
		experiment_id: 0,
		name: 'Default',
		artifact_location: 'file:///home/u/mlruns/0',
		lifecycle_stage: 'active',
		creation_time: 1000,
		last_update_time: 2000,
		workspace: 'default'
	});
	insert(db, 'experiments', {
		experiment_id: 1,
		name: 'vision',
		artifact_location: 's3://bucket/1',
		lifecycle_stage: 'deleted',
		creation_time: 1100,
		last_update_time: 2100,
		workspace: 'team-a'
	});
	insert(db, 'experiment_tags', { key: 'mlflow.note.content', value: 'about vision', experiment_id: 1 });
	// 1.x-era: runs.name exists from the start but was left empty; the name lived in the mlflow.runName tag.
	insert(db, 'runs', {
		run_uuid: RUN_A,
		name: '',
		source_type: 'LOCAL',
		user_id: 'alice',
		status: 'FINISHED',
		start_time: 1000,
		end_time: 2000,
		lifecycle_stage: 'active',
		artifact_uri: `file:///home/u/mlruns/0/${RUN_A}/artifacts`,
		experiment_id: 0
	});
	insert(db, 'runs', {
		run_uuid: RUN_B,
		name: null,
		source_type: 'LOCAL',
		user_id: null,
		status: 'RUNNING',
		start_time: 1500,
		end_time: null,
		lifecycle_stage: 'deleted',
		artifact_uri: `s3://bucket/1/${RUN_B}/artifacts`,
		experiment_id: 1,
		deleted_time: 3000
	});
	insert(db, 'tags', { key: 'mlflow.runName', value: 'tagged-name', run_uuid: RUN_A });
	insert(db, 'tags', { key: 'mlflow.user', value: 'alice', run_uuid: RUN_A });
	insert(db, 'params', { key: 'lr', value: '0.1', run_uuid: RUN_A });
	insert(db, 'params', { key: '__proto__', value: '{"polluted": true}', run_uuid: RUN_A });
	insert(db, 'params', { key: 'constructor', value: 'c', run_uuid: RUN_A });
	const metric = (key: string, value: number, timestamp: number, step: number, run = RUN_A, isNan = 0) =>
		insert(db, 'metrics', { key, value, timestamp, step, run_uuid: run, is_nan: isNan });
	metric('loss', 0.5, 1002, 1);
	metric('loss', 0.7, 1001, 0);
	metric('loss', 0.6, 1003, 1);
	metric('acc', DBL_MAX, 1004, 2);
	metric('acc', -DBL_MAX, 1005, 3);
	if (hasColumn(db, 'metrics', 'is_nan')) metric('acc', 0, 1006, 4, RUN_A, 1);
	metric('loss', 1, 1500, 0, RUN_B);
	metric('loss', 9, 9999, 0, ORPHAN);
	fillDatasets(db);
	fillLoggedModels(db);
}

function fillDatasets(db: Database): void {
	insert(db, 'datasets', {
		dataset_uuid: 'd1',
		experiment_id: 0,
		name: 'train',
		digest: 'abc123',
		dataset_source_type: 'local',
		dataset_source: '{"uri": "x.csv"}',
		dataset_schema: '{"mlflow_colspec": []}',
		dataset_profile: '{"num_rows": 2}'
	});
	insert(db, 'inputs', {
		input_uuid: 'i1',
		source_type: 'DATASET',
		source_id: 'd1',
		destination_type: 'RUN',
		destination_id: RUN_A
	});
	insert(db, 'input_tags', { input_uuid: 'i1', name: 'mlflow.data.context', value: 'train' });
	// MLflow 3 keeps run → model links in the same table; they are not dataset inputs.
	insert(db, 'inputs', {
		input_uuid: 'i2',
		source_type: 'RUN_OUTPUT',
		source_id: RUN_A,
		destination_type: 'MODEL_OUTPUT',
		destination_id: 'm-1'
	});
}

function fillLoggedModels(db: Database): void {
	const model = (id: string, stage: string) =>
		insert(db, 'logged_models', {
			model_id: id,
			experiment_id: 0,
			name: `model ${id}`,
			artifact_location: `mlflow-artifacts:/0/models/${id}/artifacts`,
			creation_timestamp_ms: 1100,
			last_updated_timestamp_ms: 1200,
			status: 2,
			lifecycle_stage: stage,
			source_run_id: RUN_A
		});
	model('m-1', 'active');
	model('m-2', 'deleted');
	insert(db, 'logged_model_params', { model_id: 'm-1', experiment_id: 0, param_key: 'p', param_value: 'v' });
	insert(db, 'logged_model_tags', { model_id: 'm-1', experiment_id: 0, tag_key: 't', tag_value: 'u' });
	for (const [step, value] of [
		[1, 0.5],
		[0, DBL_MAX]
	] as const) {
		insert(db, 'logged_model_metrics', {
			model_id: 'm-1',
			metric_name: 'score',
			metric_timestamp_ms: 1101 + step,
			metric_step: step,
			metric_value: value,
			experiment_id: 0,
			run_id: RUN_A
		});
	}
}

function generationDb(generation: Generation, extra: string[] = []): Uint8Array<ArrayBuffer> {
	return buildDb([...DDL[generation], ...extra], (db) => {
		if (generation !== 'initial') insert(db, 'alembic_version', { version_num: generation });
		fillCommon(db);
	});
}

/** PackedMetrics back to points, with values as strings so NaN compares equal to NaN. */
function points(run: ImportedRun): { key: string; value: string; step: number; timestamp: number }[] {
	const m = run.metrics;
	return Array.from(m.values, (value, i) => ({
		key: m.keys[m.keyIndex[i] ?? -1] ?? '?',
		value: String(value),
		step: m.steps[i] ?? NaN,
		timestamp: m.timestamps[i] ?? NaN
	}));
}

function byId(runs: ImportedRun[], id: string): ImportedRun {
	const run = runs.find((r) => r.runId === id);
	if (!run) throw new Error(`run ${id} was not imported`);
	return run;
}

// ---------------------------------------------------------------- schema generations

describe('older and newer MLflow schema generations', () => {
	it('hands over each step of a metric in logging order, whatever the timestamps', async () => {
		// A step logged twice with an earlier timestamp the second time: the writer stores both, and reads order
		// them by step and timestamp; the importer no longer sorts them (SQLite sorted every step group for it).
		const bytes = buildDb(DDL.head, (db) => {
			insert(db, 'alembic_version', { version_num: 'head' });
			fillCommon(db);
			for (const [timestamp, value] of [
				[3000, 1],
				[2000, 2],
				[2500, 3]
			] as const)
				insert(db, 'metrics', { key: 'dup', value, timestamp, step: 5, run_uuid: RUN_A, is_nan: 0 });
		});
		const result = await readAll([source('mlflow.db', bytes)]);
		const dup = points(byId(result.runs, RUN_A)).filter((p) => p.key === 'dup');
		expect(dup.map((p) => [p.step, p.timestamp, p.value])).toEqual([
			[5, 3000, '1'],
			[5, 2000, '2'],
			[5, 2500, '3']
		]);
	});

	it.each(GENERATIONS)('imports a database at revision %s', async (generation) => {
		const result = await readAll([source('mlflow.db', generationDb(generation))]);
		const hasStep = generation !== 'initial';
		const hasIsNan = !['initial', '451aebb31d03'].includes(generation);
		const hasDatasets = ['7f2a7d5fae7d', 'head'].includes(generation);

		expect(result.experiments.map((e) => [e.key, e.name, e.lifecycleStage])).toEqual([
			['0', 'Default', 'active'],
			['1', generation === 'head' ? 'team-a/vision' : 'vision', 'deleted']
		]);
		const vision = result.experiments[1];
		expect(vision?.tags).toEqual(hasIsNan ? [{ key: 'mlflow.note.content', value: 'about vision' }] : []);
		expect(vision?.creationTime).toBe(hasDatasets ? 1100 : null);

		expect(result.runs.map((r) => r.runId).sort()).toEqual([RUN_A, RUN_B]);
		const a = byId(result.runs, RUN_A);
		expect(a).toMatchObject({
			experimentKey: '0',
			runName: 'tagged-name',
			status: 'FINISHED',
			startTime: 1000,
			endTime: 2000,
			lifecycleStage: 'active',
			userId: 'alice',
			artifactUri: `file:///home/u/mlruns/0/${RUN_A}/artifacts`
		});
		expect(a.params).toEqual([
			{ key: '__proto__', value: '{"polluted": true}' },
			{ key: 'constructor', value: 'c' },
			{ key: 'lr', value: '0.1' }
		]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		const acc = [
			{ key: 'acc', value: 'Infinity', step: hasStep ? 2 : 0, timestamp: 1004 },
			{ key: 'acc', value: '-Infinity', step: hasStep ? 3 : 0, timestamp: 1005 },
			...(hasIsNan ? [{ key: 'acc', value: 'NaN', step: 4, timestamp: 1006 }] : [])
		];
		expect(points(a)).toEqual([
			...acc,
			{ key: 'loss', value: '0.7', step: 0, timestamp: 1001 },
			{ key: 'loss', value: '0.5', step: hasStep ? 1 : 0, timestamp: 1002 },
			{ key: 'loss', value: '0.6', step: hasStep ? 1 : 0, timestamp: 1003 }
		]);
		expect(a.inputs).toEqual(
			hasDatasets
				? [
						{
							name: 'train',
							digest: 'abc123',
							sourceType: 'local',
							source: '{"uri": "x.csv"}',
							schema: '{"mlflow_colspec": []}',
							profile: '{"num_rows": 2}',
							context: 'train'
						}
					]
				: []
		);

		const b = byId(result.runs, RUN_B);
		expect(b).toMatchObject({
			experimentKey: '1',
			runName: RUN_B.slice(0, 8),
			status: 'RUNNING',
			endTime: null,
			lifecycleStage: 'deleted',
			userId: ''
		});
		expect(points(b)).toEqual([{ key: 'loss', value: '1', step: 0, timestamp: 1500 }]);
		// The orphan metric row (its run is not in `runs`) belongs to no run.
		expect(result.runs.flatMap(points).some((p) => p.timestamp === 9999)).toBe(false);

		if (generation === 'head') {
			expect(result.models).toHaveLength(1);
			expect(result.models[0]).toMatchObject({
				modelId: 'm-1',
				name: 'model m-1',
				experimentKey: '0',
				sourceRunId: RUN_A,
				status: 'READY',
				creationTime: 1100,
				params: [{ key: 'p', value: 'v' }],
				tags: [{ key: 't', value: 'u' }],
				metrics: [
					{ key: 'score', value: Infinity, step: 0, timestamp: 1101, runId: RUN_A },
					{ key: 'score', value: 0.5, step: 1, timestamp: 1102, runId: RUN_A }
				]
			});
			expect(result.warnings.map((w) => w.kind)).toContain('unsupported');
		} else {
			expect(result.models).toEqual([]);
		}
	});

	it.each(GENERATIONS)('reads the Alembic revision of %s (none before Alembic)', (generation) => {
		const handle = openUntrusted(sqlite3, generationDb(generation), 'mlflow.db');
		try {
			expect(readSchema(handle.db, 'mlflow.db').revision).toBe(generation === 'initial' ? null : generation);
		} finally {
			handle.close();
		}
	});

	it('keeps 18-digit experiment ids (mlflow migrate-filestore) exact', async () => {
		const bytes = buildDb(DDL.head, (db) => {
			db.exec(
				`INSERT INTO experiments(experiment_id, name, workspace) VALUES (123456789012345678, 'migrated', 'default')`
			);
			db.exec(
				`INSERT INTO runs(run_uuid, name, status, experiment_id) VALUES ('${RUN_A}', 'r', 'KILLED', 123456789012345678)`
			);
		});
		const result = await readAll([source('mlflow.db', bytes)]);
		expect(result.experiments.map((e) => e.key)).toEqual(['123456789012345678']);
		expect(result.runs[0]).toMatchObject({
			experimentKey: '123456789012345678',
			status: 'KILLED',
			runName: 'r'
		});
	});

	it('reads a database left in WAL mode, and warns about a dropped -wal file it cannot apply', async () => {
		const bytes = generationDb('head');
		bytes[18] = 2;
		bytes[19] = 2;
		const wal = source('mlflow.db-wal', new Uint8Array(4096));
		const result = await readAll([source('mlflow.db', bytes), wal]);
		expect(result.runs).toHaveLength(2);
		expect(result.warnings.find((w) => w.kind === 'unsupported' && w.file === 'mlflow.db-wal')).toBeTruthy();
		// The -wal file is SQLite's, not an artifact.
		expect(result.warnings.some((w) => w.kind === 'artifacts-missing' && /None of the/.test(w.message))).toBe(
			false
		);
	});

	it('stops between runs when the import is cancelled', async () => {
		const result = await readAll([source('mlflow.db', generationDb('head'))], { abortAfterRuns: 1 });
		expect(result.runs).toHaveLength(1);
		expect(result.models).toHaveLength(0);
	});

	it('reports progress after each run', async () => {
		const result = await readAll([source('mlflow.db', generationDb('head'))]);
		expect(result.progress).toBe(2);
	});
});

// ---------------------------------------------------------------- detection

describe('detect', () => {
	const mlflowDb = generationDb('head');

	it('is sure of an MLflow database by name and content', async () => {
		expect(await importer.detect([source('mlflow.db', mlflowDb)])).toBeGreaterThanOrEqual(0.9);
		expect(await importer.detect([source('backups/tracking.sqlite3', mlflowDb)])).toBeGreaterThanOrEqual(0.9);
	});

	it('finds an MLflow database by content when the name says nothing, and says so when reading', async () => {
		const file = source('tracking-backup', mlflowDb);
		expect(await importer.detect([file])).toBeGreaterThanOrEqual(0.9);
		const result = await readAll([file]);
		expect(result.runs).toHaveLength(2);
		expect(result.warnings.map((w) => w.kind)).toContain('name-content-mismatch');
	});

	it('scores other SQLite files and non-SQLite .db files low, and unrelated drops 0', async () => {
		const other = buildDb(['CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)']);
		expect(await importer.detect([source('notes.db', other)])).toBeLessThan(0.5);
		expect(await importer.detect([text('random.db', 'not a database at all')])).toBeLessThan(0.5);
		expect(await importer.detect([text('mlruns/0/meta.yaml', 'name: Default')])).toBe(0);
	});

	it('judges a large database by its first pages, without loading it whole', async () => {
		// Past 1 MB only the head is streamed for detection: bytes() (the whole file) is left to the import.
		const headOnly = (path: string, u8: Uint8Array<ArrayBuffer>): SourceFile => ({
			...source(path, u8),
			bytes: () => Promise.reject(new Error('detection must not load the whole file'))
		});
		const big = buildDb(DDL.head, (db) => {
			insert(db, 'alembic_version', { version_num: 'head' });
			fillCommon(db);
			db.exec('CREATE TABLE padding (b BLOB)');
			db.exec({ sql: 'INSERT INTO padding VALUES (zeroblob(?))', bind: [3_000_000] });
		});
		expect(big.byteLength).toBeGreaterThan(2_000_000);
		expect(await importer.detect([headOnly('mlflow.db', big)])).toBeGreaterThanOrEqual(0.9);
		const notes = buildDb(['CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB)'], (db) =>
			db.exec({ sql: 'INSERT INTO notes VALUES (1, zeroblob(?))', bind: [3_000_000] })
		);
		expect(await importer.detect([headOnly('notes.db', notes)])).toBeLessThan(0.5);
	});

	it('does not take a .db logged as an artifact for the database', async () => {
		expect(await importer.detect([source(`mlruns/0/${RUN_A}/artifacts/cache.db`, mlflowDb)])).toBe(0);
	});
});

// ---------------------------------------------------------------- artifacts

describe('artifacts dropped beside the database', () => {
	const db = () => source('mlflow.db', generationDb('head'));

	it('attaches files under <exp>/<run>/artifacts/ to their run and model, wherever the folder starts', async () => {
		const result = await readAll([
			db(),
			text(`mlruns/0/${RUN_A}/artifacts/notes/hello.txt`, 'hi'),
			text(`mlruns/0/${RUN_A}/artifacts/cfg.json`, '{}'),
			text(`elsewhere/1/${RUN_B}/artifacts/remote.txt`, 'from s3'),
			text('mlartifacts/0/models/m-1/artifacts/MLmodel', 'flavors: {}'),
			text(`mlruns/0/${RUN_A}/meta.yaml`, 'not an artifact')
		]);
		const paths = (r: ImportedRun) => r.artifacts.map((a) => a.path).sort();
		expect(paths(byId(result.runs, RUN_A))).toEqual(['cfg.json', 'notes/hello.txt']);
		expect(paths(byId(result.runs, RUN_B))).toEqual(['remote.txt']);
		expect(result.models[0]?.artifacts.map((a) => a.path)).toEqual(['MLmodel']);
		expect(
			await byId(result.runs, RUN_A)
				.artifacts.find((a) => a.path === 'notes/hello.txt')
				?.file.bytes()
		).toEqual(new TextEncoder().encode('hi'));
		expect(result.warnings.filter((w) => w.kind.startsWith('artifacts'))).toEqual([]);
	});

	it('never attaches a path that climbs out of the artifacts folder', async () => {
		const result = await readAll([db(), text(`mlruns/0/${RUN_A}/artifacts/../../../etc/passwd`, 'x')]);
		expect(byId(result.runs, RUN_A).artifacts).toEqual([]);
	});

	it('skips artifacts past the byte cap with one warning', async () => {
		const result = await readAll(
			[
				db(),
				text(`mlruns/0/${RUN_A}/artifacts/a.txt`, 'abc'),
				text(`mlruns/0/${RUN_A}/artifacts/b.txt`, 'defg')
			],
			{ maxArtifactBytes: 5 }
		);
		expect(byId(result.runs, RUN_A).artifacts.map((a) => a.path)).toEqual(['a.txt']);
		const capped = result.warnings.filter((w) => w.kind === 'artifacts-over-cap');
		expect(capped).toHaveLength(1);
		expect(capped[0]?.message).toMatch(/1 artifact files/);
	});

	it('says so when nothing that was dropped belongs to a run of this database', async () => {
		const result = await readAll([
			db(),
			text('other/1/0123456789abcdef0123456789abcdef/artifacts/x.txt', 'x')
		]);
		expect(result.runs.every((r) => r.artifacts.length === 0)).toBe(true);
		expect(result.warnings.find((w) => w.kind === 'artifacts-missing')?.message).toMatch(
			/None of the 1 files/
		);
	});

	it('warns about nothing when only the database was dropped', async () => {
		const result = await readAll([db()]);
		expect(result.warnings.filter((w) => w.kind.startsWith('artifacts'))).toEqual([]);
	});
});

// ---------------------------------------------------------------- bad and hostile input

describe('bad and hostile input', () => {
	it('opens the file read-only and query-only, with trusted_schema off and nothing to attach', () => {
		const handle = openUntrusted(sqlite3, generationDb('head'), 'mlflow.db');
		try {
			expect(handle.db.selectValue('PRAGMA query_only')).toBe(1);
			expect(handle.db.selectValue('PRAGMA trusted_schema')).toBe(0);
			expect(handle.db.selectValue('SELECT count(*) FROM runs')).toBe(2);
			expect(() => handle.db.exec('PRAGMA query_only=0; CREATE TABLE x(a)')).toThrow(/readonly|read-only/i);
			expect(() => handle.db.exec(`ATTACH ':memory:' AS other`)).toThrow();
		} finally {
			handle.close();
		}
	});

	it('interrupts a statement that runs past the watchdog', () => {
		const handle = openUntrusted(sqlite3, generationDb('head'), 'mlflow.db');
		try {
			handle.resetWatchdog(50);
			const endless =
				'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
			expect(() => handle.db.selectValue(endless)).toThrow(/interrupt/i);
		} finally {
			handle.close();
		}
	});

	it('refuses a truncated copy (the first half of the bytes) as IMPORT_CORRUPT', async () => {
		const bytes = generationDb('head');
		const half = bytes.slice(0, Math.floor(bytes.byteLength / 2));
		const error = await failure([source('mlflow.db', half)]);
		expect(error.code).toBe('IMPORT_CORRUPT');
		expect(error.message).toMatch(/truncated/);
	});

	it('refuses a cut that is not a whole number of pages as IMPORT_CORRUPT', async () => {
		const bytes = generationDb('head');
		const error = await failure([source('mlflow.db', bytes.slice(0, 4096 * 3 + 100))]);
		expect(error.code).toBe('IMPORT_CORRUPT');
	});

	it("refuses a database with damaged pages, in SQLite's words", async () => {
		const bytes = generationDb('head');
		// Overwrite every page after the first with garbage, keeping the header intact.
		for (let i = 4096; i < bytes.byteLength; i++) bytes[i] = (i * 7919) % 251;
		const error = await failure([source('mlflow.db', bytes)]);
		expect(error.code).toBe('IMPORT_CORRUPT');
		expect(error.message).toMatch(/mlflow\.db/);
		expect(await importer.detect([source('mlflow.db', bytes)])).toBeLessThan(0.5);
	});

	it('refuses random bytes named .db with a clear message', async () => {
		const random = new Uint8Array(8192);
		for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
		const error = await failure([source('mlflow.db', random)]);
		expect(['IMPORT_UNRECOGNIZED', 'IMPORT_CORRUPT']).toContain(error.code);
		expect(error.message).toMatch(/not a SQLite database/);
	});

	it('refuses a SQLite database without MLflow tables, listing what was expected', async () => {
		const bytes = buildDb([
			'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)',
			"INSERT INTO notes(body) VALUES ('x')"
		]);
		const error = await failure([source('notes.sqlite', bytes)]);
		expect(error.code).toBe('IMPORT_UNRECOGNIZED');
		expect(error.message).toMatch(/not an MLflow tracking database/);
		expect(error.message).toMatch(/experiments/);
		expect(error.message).toMatch(/runs/);
		expect(error.message).toMatch(/metrics/);
		expect(error.message).toMatch(/Found: notes/);
	});

	it('never reads a view named runs (it could recurse forever) and says why', async () => {
		const statements = DDL.head.filter((s) => !/^CREATE TABLE "runs"/.test(s));
		const bytes = buildDb([
			...statements,
			`CREATE VIEW runs AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
				SELECT printf('%032x', x) AS run_uuid, 0 AS experiment_id FROM c`
		]);
		expect(await importer.detect([source('mlflow.db', bytes)])).toBeLessThan(0.5);
		const error = await failure([source('mlflow.db', bytes)]);
		expect(error.code).toBe('IMPORT_UNRECOGNIZED');
		expect(error.message).toMatch(/"runs" is a view/);
	});

	it('imports the real tables of a database whose schema carries triggers and hostile views', async () => {
		const statements = DDL.head.filter((s) => !/^CREATE TABLE "datasets"/.test(s) && !/ON datasets /.test(s));
		const bytes = buildDb(statements, (db) => {
			if (!hasColumn(db, 'runs', 'run_uuid')) throw new Error('fixture broken');
			fillCommon(db);
			db.exec(`CREATE TABLE audit (what TEXT);
				CREATE TRIGGER spy AFTER UPDATE ON runs BEGIN INSERT INTO audit VALUES ('updated'); END;
				CREATE TRIGGER spy2 BEFORE DELETE ON metrics BEGIN SELECT RAISE(FAIL, 'no'); END;
				CREATE VIEW datasets AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
					SELECT 'd1' AS dataset_uuid, x AS name, '' AS digest, '' AS dataset_source_type, '' AS dataset_source FROM c;`);
		});
		const result = await readAll([source('mlflow.db', bytes)]);
		expect(result.runs.map((r) => r.runId).sort()).toEqual([RUN_A, RUN_B]);
		// The view is not a table, so it is never read: the run simply has no dataset inputs.
		expect(byId(result.runs, RUN_A).inputs).toEqual([]);
		expect(points(byId(result.runs, RUN_A))).toHaveLength(6);
	});

	it('stops a generated column that would build a 200 MB value, with a clear error', async () => {
		const bytes = buildDb([
			'CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name TEXT)',
			`CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, experiment_id INTEGER,
				status TEXT GENERATED ALWAYS AS (printf('%.*c', 200000000, 'x')) VIRTUAL)`,
			'CREATE TABLE metrics (key TEXT, value REAL, timestamp INTEGER, run_uuid TEXT)',
			`INSERT INTO experiments VALUES (0, 'Default')`,
			`INSERT INTO runs(run_uuid, experiment_id) VALUES ('r1', 0)`
		]);
		const error = await failure([source('mlflow.db', bytes)]);
		expect(error.code).toBe('IMPORT_CORRUPT');
		expect(error.message).toMatch(/too big|TOOBIG/i);
	});

	it('refuses a runs table without a rowid clearly instead of misreading it', async () => {
		const bytes = buildDb([
			'CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name TEXT)',
			'CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, experiment_id INTEGER) WITHOUT ROWID',
			'CREATE TABLE metrics (key TEXT, value REAL, timestamp INTEGER, run_uuid TEXT)'
		]);
		const error = await failure([source('mlflow.db', bytes)]);
		expect(error.code).toBe('IMPORT_UNRECOGNIZED');
		expect(error.message).toMatch(/rowid/);
	});

	it('reads text where numbers belong without crashing (a hand-made or hostile file)', async () => {
		const bytes = buildDb(DDL.initial, (db) => {
			db.exec(`INSERT INTO experiments(experiment_id, name) VALUES (7, 'odd')`);
			db.exec(
				`INSERT INTO runs(run_uuid, name, status, start_time, experiment_id) VALUES ('r1', 'odd', 'FINISHED', 'soon', 7)`
			);
			db.exec(`INSERT INTO metrics(key, value, timestamp, run_uuid) VALUES ('m', 'abc', 5, 'r1')`);
		});
		const result = await readAll([source('mlflow.db', bytes)]);
		expect(result.runs[0]).toMatchObject({ runId: 'r1', startTime: null, status: 'FINISHED' });
		expect(result.runs[0]?.metrics.values.length).toBe(1);
	});

	it('says what is missing when nothing was dropped that could be a database', async () => {
		const error = await failure([text('readme.txt', 'hello')]);
		expect(error.code).toBe('IMPORT_UNRECOGNIZED');
		expect(error.message).toMatch(/mlflow\.db/);
	});
});

// ---------------------------------------------------------------- the real MLflow fixture

// tests/fixtures/mlflow: MLflow 3.18's own mlflow.db, its mlartifacts/, and expected-db.json = what MlflowClient
// reads back (non-finite numbers as "NaN"/"Infinity"/"-Infinity"). See its README.md.
const FIXTURE = fileURLToPath(new URL('../fixtures/mlflow/', import.meta.url));
const FIXTURE_DB = join(FIXTURE, 'mlflow.db');
const FIXTURE_EXPECTED = join(FIXTURE, 'expected-db.json');

type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

interface ExpectedRun {
	info: {
		run_id: string;
		run_name: string;
		experiment_id: string;
		user_id: string;
		status: string;
		start_time: number | null;
		end_time: number | null;
		lifecycle_stage: string;
		artifact_uri: string;
	};
	params: Record<string, string>;
	tags: Record<string, string>;
	metrics: Record<string, JsonNumber>;
	metric_history: Record<string, { step: number; timestamp: number; value: JsonNumber }[]>;
	dataset_inputs: {
		name: string;
		digest: string;
		source_type: string;
		source: string;
		tags: Record<string, string>;
	}[];
	artifacts: { path: string; size: number }[];
}

interface ExpectedModel {
	model_id: string;
	name: string;
	experiment_id: string;
	source_run_id: string | null;
	status: string;
	creation_timestamp: number;
	params: Record<string, string>;
	tags: Record<string, string>;
	metrics: { key: string; value: JsonNumber; step: number; timestamp: number; run_id: string | null }[];
	artifacts: { path: string; size: number }[];
}

interface ExpectedDb {
	counts: { experiments: number; runs: number; metric_points: number };
	experiments: {
		experiment_id: string;
		name: string;
		artifact_location: string;
		lifecycle_stage: string;
		creation_time: number | null;
		last_update_time: number | null;
		tags: Record<string, string>;
		runs: ExpectedRun[];
		logged_models: ExpectedModel[];
	}[];
}

/**
 * A metric value as Runboard must hold it, as a string so NaN equals NaN: MlflowClient hands ±Infinity back
 * from the SQL store as ±DBL_MAX, which the Runboard rule reads as ±Infinity.
 */
function expectedValue(value: JsonNumber): string {
	const n = Number(value);
	return n === DBL_MAX ? 'Infinity' : n === -DBL_MAX ? '-Infinity' : String(n);
}

/** Points in one canonical order: MLflow's order among points of equal (step, timestamp) is arbitrary. */
function canonical<T extends { key: string; step: number; timestamp: number; value: string }>(
	list: T[]
): T[] {
	const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	return [...list].sort(
		(a, b) => cmp(a.key, b.key) || a.step - b.step || a.timestamp - b.timestamp || cmp(a.value, b.value)
	);
}

function expectedPoints(run: ExpectedRun) {
	return Object.entries(run.metric_history).flatMap(([key, list]) =>
		list.map((p) => ({ key, value: expectedValue(p.value), step: p.step, timestamp: p.timestamp }))
	);
}

function pairs(record: Record<string, string> | Tag[]): string[] {
	const list = Array.isArray(record) ? record.map((t) => [t.key, t.value]) : Object.entries(record);
	return list.map(([k, v]) => `${k}=${v}`).sort();
}

function listFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? listFiles(path) : [path];
	});
}

function fixtureFile(path: string): SourceFile {
	return source(relative(FIXTURE, path).split(sep).join('/'), new Uint8Array(readFileSync(path)));
}

function loadExpected(): { expected: ExpectedDb; runs: ExpectedRun[]; models: ExpectedModel[] } {
	const expected = JSON.parse(readFileSync(FIXTURE_EXPECTED, 'utf8')) as ExpectedDb;
	return {
		expected,
		runs: expected.experiments.flatMap((e) => e.runs),
		models: expected.experiments.flatMap((e) => e.logged_models)
	};
}

describe('the real MLflow 3.18 fixture (tests/fixtures/mlflow)', () => {
	it('imports every experiment as MlflowClient reads it', async () => {
		const { expected } = loadExpected();
		const result = await readAll([fixtureFile(FIXTURE_DB)]);
		expect(result.experiments).toHaveLength(expected.counts.experiments);
		for (const e of expected.experiments) {
			const actual = result.experiments.find((x) => x.key === e.experiment_id);
			expect(actual).toMatchObject({
				name: e.name,
				lifecycleStage: e.lifecycle_stage,
				artifactLocation: e.artifact_location,
				creationTime: e.creation_time,
				lastUpdateTime: e.last_update_time
			});
			expect(pairs(actual?.tags ?? [])).toEqual(pairs(e.tags));
		}
	});

	it('imports every run, param, tag, metric point and dataset input value by value', async () => {
		const { expected, runs } = loadExpected();
		const result = await readAll([fixtureFile(FIXTURE_DB)]);
		expect(result.runs).toHaveLength(expected.counts.runs);
		let pointCount = 0;
		for (const run of runs) {
			const actual = byId(result.runs, run.info.run_id);
			expect(actual).toMatchObject({
				experimentKey: run.info.experiment_id,
				runName: run.info.run_name,
				status: run.info.status,
				startTime: run.info.start_time,
				endTime: run.info.end_time,
				lifecycleStage: run.info.lifecycle_stage,
				userId: run.info.user_id,
				artifactUri: run.info.artifact_uri
			});
			expect(pairs(actual.params)).toEqual(pairs(run.params));
			expect(pairs(actual.tags)).toEqual(pairs(run.tags));
			expect(Object.keys(run.metric_history).sort()).toEqual(Object.keys(run.metrics).sort());
			expect(canonical(points(actual))).toEqual(canonical(expectedPoints(run)));
			pointCount += actual.metrics.values.length;
			const inputs = (
				list: { name: string; digest: string; sourceType: string; source: string; context: string }[]
			) => list.map((i) => JSON.stringify([i.name, i.digest, i.sourceType, i.source, i.context])).sort();
			expect(inputs(actual.inputs)).toEqual(
				inputs(
					run.dataset_inputs.map((d) => ({
						name: d.name,
						digest: d.digest,
						sourceType: d.source_type,
						source: d.source,
						context: d.tags['mlflow.data.context'] ?? ''
					}))
				)
			);
		}
		expect(pointCount).toBe(expected.counts.metric_points);
	});

	it('maps NaN and ±DBL_MAX of the non-finite run to NaN and ±Infinity', async () => {
		const { runs } = loadExpected();
		const result = await readAll([fixtureFile(FIXTURE_DB)]);
		const nonFinite = runs.find((r) => r.info.run_name === 'non-finite');
		expect(nonFinite).toBeDefined();
		const values = points(byId(result.runs, nonFinite?.info.run_id ?? '')).map((p) => `${p.key}=${p.value}`);
		expect(values).toEqual(
			expect.arrayContaining(['nan_metric=NaN', 'pos_inf=Infinity', 'neg_inf=-Infinity'])
		);
	});

	it('imports the logged models with their params, tags and metrics', async () => {
		const { models } = loadExpected();
		const result = await readAll([fixtureFile(FIXTURE_DB)]);
		expect(result.models.map((m) => m.modelId).sort()).toEqual(models.map((m) => m.model_id).sort());
		for (const model of models) {
			const actual = result.models.find((m) => m.modelId === model.model_id);
			expect(actual).toMatchObject({
				name: model.name,
				experimentKey: model.experiment_id,
				sourceRunId: model.source_run_id,
				status: model.status,
				creationTime: model.creation_timestamp
			});
			expect(pairs(actual?.params ?? [])).toEqual(pairs(model.params));
			expect(pairs(actual?.tags ?? [])).toEqual(pairs(model.tags));
			const metric = (m: {
				key: string;
				value: JsonNumber;
				step: number;
				timestamp: number;
				runId: string | null;
			}) => ({
				key: m.key,
				value: expectedValue(m.value),
				step: m.step,
				timestamp: m.timestamp,
				runId: m.runId
			});
			expect(canonical((actual?.metrics ?? []).map(metric))).toEqual(
				canonical(model.metrics.map((m) => metric({ ...m, runId: m.run_id })))
			);
		}
	});

	it('attaches the files of mlartifacts/ to their runs and models, path by path and size by size', async () => {
		const { runs, models } = loadExpected();
		const files = listFiles(join(FIXTURE, 'mlartifacts')).map(fixtureFile);
		const result = await readAll([fixtureFile(FIXTURE_DB), ...files]);
		const listing = (list: { path: string; size: number }[]) => list.map((a) => `${a.path}:${a.size}`).sort();
		let attached = 0;
		for (const run of runs) {
			const actual = byId(result.runs, run.info.run_id).artifacts;
			expect(listing(actual.map((a) => ({ path: a.path, size: a.file.size })))).toEqual(
				listing(run.artifacts)
			);
			attached += actual.length;
		}
		for (const model of models) {
			const actual = result.models.find((m) => m.modelId === model.model_id)?.artifacts ?? [];
			expect(listing(actual.map((a) => ({ path: a.path, size: a.file.size })))).toEqual(
				listing(model.artifacts)
			);
			attached += actual.length;
		}
		expect(attached).toBe(files.length);
		expect(result.warnings.filter((w) => w.kind === 'artifacts-over-cap')).toEqual([]);
	});

	it('refuses the first half of the fixture as IMPORT_CORRUPT', async () => {
		const bytes = new Uint8Array(readFileSync(FIXTURE_DB));
		const error = await failure([source('mlflow.db', bytes.slice(0, Math.floor(bytes.byteLength / 2)))]);
		expect(error.code).toBe('IMPORT_CORRUPT');
	});
});
