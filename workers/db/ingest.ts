// Writes whole runs that come from elsewhere (imports, the demo), keeping their MLflow run_id as identity.
// Each run is one transaction, and a run imported again is replaced as a whole: importing is idempotent.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import type { IngestRequest, IngestResult, IngestRun } from '$lib/api/db-api';
import { checkName, checkRunId, checkStatus } from '$lib/api/validate';
import { RUN_NAME_TAG } from '$lib/model/types';
import { createExperiment, findActiveByName, setExperimentTag, touchExperiment } from './experiments';
import { insertMetrics } from './metrics';
import { type Conn, one, run } from './sql';

function replaceRun(conn: Conn, experimentPk: number, r: IngestRun, source: IngestRequest['source']): void {
	const { db } = conn;
	const existing = one<{ run_pk: number }>(db, 'SELECT run_pk FROM runs WHERE run_uuid = ?', [r.runId]);
	if (existing) {
		for (const table of ['params', 'tags', 'metrics', 'latest_metrics']) {
			run(db, `DELETE FROM ${table} WHERE run_pk = ?`, [existing.run_pk]);
		}
		run(db, 'DELETE FROM runs WHERE run_pk = ?', [existing.run_pk]);
	}
	db.exec({
		sql: `INSERT INTO runs(run_uuid, experiment_id, name, status, start_time, end_time, lifecycle_stage, user_id,
				artifact_uri, source_kind, source_ref)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		bind: [
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
	});
	const pk = Number(db.selectValue('SELECT last_insert_rowid()'));
	for (const p of r.params) {
		db.exec({
			sql: 'INSERT OR REPLACE INTO params(run_pk, key, value) VALUES (?, ?, ?)',
			bind: [pk, p.key, p.value]
		});
	}
	const tags = r.tags.some((t) => t.key === RUN_NAME_TAG)
		? r.tags
		: [...r.tags, { key: RUN_NAME_TAG, value: r.runName }];
	for (const t of tags) {
		db.exec({
			sql: 'INSERT OR REPLACE INTO tags(run_pk, key, value) VALUES (?, ?, ?)',
			bind: [pk, t.key, t.value]
		});
	}
	if (r.metrics) insertMetrics(conn, pk, r.metrics);
	touchExperiment(db, experimentPk, Math.max(r.startTime ?? 0, r.endTime ?? 0));
}

function experimentFor(db: Database, request: IngestRequest, now: number): number {
	const name = checkName('Experiment name', request.experimentName);
	const found = findActiveByName(db, name);
	const pk = found ?? Number(createExperiment(db, name, [], now));
	for (const tag of request.experimentTags ?? []) setExperimentTag(db, pk, tag.key, tag.value, now);
	return pk;
}

export function ingest(conn: Conn, request: IngestRequest, now: number): IngestResult {
	const { db } = conn;
	if (typeof request !== 'object' || request === null || !Array.isArray(request.runs)) {
		throw new RunboardError('INVALID_ARGUMENT', 'ingest needs {experimentName, runs, source}.');
	}
	for (const r of request.runs) {
		checkRunId(r.runId);
		checkStatus(r.status);
	}
	const experimentPk = db.transaction(() => experimentFor(db, request, now)) as number;
	let runsWritten = 0;
	for (const r of request.runs) {
		db.transaction(() => replaceRun(conn, experimentPk, r, request.source));
		runsWritten++;
	}
	return { experimentId: String(experimentPk), runsWritten };
}
