// MLflow 3 logged models: stored beside their source run, with their params, tags and metrics as JSON (as MLflow
// keeps them) and their files among the artifacts (owner `{modelId}`).
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { LoggedModelSummary } from '$lib/api/db-api';
import type { ReadyModel } from '../import/prepare';
import { deleteArtifacts, writeArtifact } from './artifacts';
import { all, one, run } from './sql';

/** JSON has no NaN or infinities: they are kept as their names ("NaN", "Infinity"). */
function jsonSafe(value: number): number | string {
	return Number.isFinite(value) ? value : String(value);
}

export function loggedModelExists(db: Database, modelId: string): boolean {
	return one(db, 'SELECT 1 AS found FROM logged_models WHERE model_id = ?', [modelId]) !== undefined;
}

/** Replaces (or creates) an imported logged model with its files. The caller holds the transaction. */
export function writeLoggedModel(db: Database, experimentPk: number, m: ReadyModel): void {
	deleteArtifacts(db, { modelId: m.modelId });
	run(
		db,
		`INSERT OR REPLACE INTO logged_models(model_id, experiment_id, name, source_run_uuid, status, creation_time,
			params, tags, metrics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		[
			m.modelId,
			experimentPk,
			m.name,
			m.sourceRunId,
			m.status,
			m.creationTime,
			JSON.stringify(m.params),
			JSON.stringify(m.tags),
			JSON.stringify(m.metrics.map((x) => ({ ...x, value: jsonSafe(x.value) })))
		]
	);
	for (const file of m.artifacts) writeArtifact(db, { modelId: m.modelId }, file);
}

/** The logged models whose source is this run, with how many files they hold. */
export function loggedModelsOfRun(db: Database, runId: string): LoggedModelSummary[] {
	return all<{ model_id: string; name: string; files: number; bytes: number }>(
		db,
		`SELECT m.model_id, m.name, count(f.file_id) AS files, coalesce(sum(f.size), 0) AS bytes
		FROM logged_models m LEFT JOIN artifact_files f ON f.model_id = m.model_id
		WHERE m.source_run_uuid = ? GROUP BY m.model_id ORDER BY m.creation_time, m.model_id`,
		[runId]
	).map((r) => ({ modelId: r.model_id, name: r.name, files: Number(r.files), bytes: Number(r.bytes) }));
}
