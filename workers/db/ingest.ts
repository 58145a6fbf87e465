// Writes whole runs that come from imports, keeping their MLflow run_id as identity.
// A run imported again is replaced as a whole (importing is idempotent); the caller holds the transaction.
// Experiments merge by name: a workshop's "diabetes-quickstart" from everyone lands in one experiment.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { IngestRun } from '$lib/api/db-api';
import { checkName, checkRunId, checkStatus } from '$lib/api/validate';
import type { ImportedDatasetInput } from '$lib/importers/types';
import { RUN_NAME_TAG, type LifecycleStage, type Tag } from '$lib/model/types';
import { createExperiment, setExperimentTag, touchExperiment } from './experiments';
import { deleteArtifacts, writeArtifact, type ChunkedFile } from './artifacts';
import { insertMetrics } from './metrics';
import { cachedValue, type Conn, one, run, write } from './sql';

export interface RunRecord extends IngestRun {
	inputs?: ImportedDatasetInput[];
	artifacts?: ChunkedFile[];
}

export interface ExperimentRecord {
	name: string;
	lifecycleStage?: LifecycleStage;
	tags?: Tag[];
	artifactLocation?: string;
}

export const RUN_TABLES = [
	'params',
	'tags',
	'metrics',
	'latest_metrics',
	'metric_blocks',
	'metric_pages',
	'run_inputs'
];

/** The experiment that receives runs of this name: same name and lifecycle, else a new one. */
export function resolveExperiment(db: Database, record: ExperimentRecord, now: number): number {
	const name = checkName('Experiment name', record.name);
	const stage = record.lifecycleStage ?? 'active';
	const found = one<{ experiment_id: number }>(
		db,
		'SELECT experiment_id FROM experiments WHERE name = ? AND lifecycle_stage = ? ORDER BY experiment_id LIMIT 1',
		[name, stage]
	)?.experiment_id;
	let pk = found;
	if (pk === undefined) {
		if (stage === 'active') pk = Number(createExperiment(db, name, [], now));
		else {
			db.exec({
				sql: `INSERT INTO experiments(name, lifecycle_stage, artifact_location, creation_time, last_update_time)
					VALUES (?, 'deleted', ?, ?, ?)`,
				bind: [name, record.artifactLocation ?? '', now, now]
			});
			pk = Number(db.selectValue('SELECT last_insert_rowid()'));
		}
	}
	for (const tag of record.tags ?? []) setExperimentTag(db, pk, tag.key, tag.value, now);
	return pk;
}

/** Replaces (or creates) one run with everything it holds. The caller holds the transaction. */
export function writeRun(
	conn: Conn,
	experimentPk: number,
	r: RunRecord,
	source: { kind: string; ref: string }
): void {
	const { db } = conn;
	checkRunId(r.runId);
	checkStatus(r.status);
	// Statements made once per run go through kept prepared statements: compiling them anew for each of
	// thousands of runs cost as much as writing their params.
	const existing = cachedValue(db, 'SELECT run_pk FROM runs WHERE run_uuid = ?', [r.runId]);
	if (existing !== undefined) {
		const runPk = Number(existing);
		for (const table of RUN_TABLES) run(db, `DELETE FROM ${table} WHERE run_pk = ?`, [runPk]);
		deleteArtifacts(db, { runPk });
		run(db, 'DELETE FROM runs WHERE run_pk = ?', [runPk]);
	}
	write(
		db,
		`INSERT INTO runs(run_uuid, experiment_id, name, status, start_time, end_time, lifecycle_stage, user_id,
				artifact_uri, source_kind, source_ref)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		[
			r.runId,
			experimentPk,
			r.runName,
			r.status,
			r.startTime,
			r.endTime,
			r.lifecycleStage ?? 'active',
			r.userId ?? '',
			r.artifactUri ?? '',
			source.kind,
			source.ref
		]
	);
	const pk = Number(conn.sqlite3.capi.sqlite3_last_insert_rowid(db));
	insertPairs(db, 'params', pk, r.params);
	insertPairs(
		db,
		'tags',
		pk,
		r.tags.some((t) => t.key === RUN_NAME_TAG) ? r.tags : [...r.tags, { key: RUN_NAME_TAG, value: r.runName }]
	);
	if (r.metrics) insertMetrics(conn, pk, r.metrics);
	insertRunInputs(db, pk, r.inputs ?? []);
	for (const file of r.artifacts ?? []) writeArtifact(db, { runPk: pk }, file);
	touchExperiment(db, experimentPk, Math.max(r.startTime ?? 0, r.endTime ?? 0));
}

/** A run's dataset inputs, in their order (run-by-run and grouped writes). */
export function insertRunInputs(db: Database, pk: number, inputs: ImportedDatasetInput[]): void {
	inputs.forEach((input, position) => {
		db.exec({
			sql: `INSERT INTO run_inputs(run_pk, position, name, digest, source_type, source, schema, profile, context)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			bind: [
				pk,
				position,
				input.name,
				input.digest,
				input.sourceType,
				input.source,
				input.schema,
				input.profile,
				input.context
			]
		});
	});
}

/**
 * Key/value rows of one run in ONE statement: SQLite unpacks them from a JSON array (json_each keeps the array's
 * order, so a repeated key keeps its last value, as one INSERT OR REPLACE per row did). Binding one string
 * instead of two per row makes 20 params cost about one. Text that JSON would escape as \u (control
 * characters, lone surrogates) goes row by row, so it is stored exactly as the row-by-row bind stores it.
 */
function insertPairs(db: Database, table: 'params' | 'tags', runPk: number, rows: Tag[]): void {
	if (rows.length === 0) return;
	const json = JSON.stringify(rows.map((t) => [t.key, t.value]));
	if (rows.length > 1 && !json.includes('\\u')) {
		write(
			db,
			`INSERT OR REPLACE INTO ${table}(run_pk, key, value) SELECT ?, value ->> 0, value ->> 1 FROM json_each(?)`,
			[runPk, json]
		);
		return;
	}
	const sql = `INSERT OR REPLACE INTO ${table}(run_pk, key, value) VALUES (?, ?, ?)`;
	for (const t of rows) write(db, sql, [runPk, t.key, t.value]);
}
