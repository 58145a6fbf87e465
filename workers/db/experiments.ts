// Experiments: MLflow semantics (name unique among active experiments, soft delete, tags incl. the note).
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import type { SearchExperimentsRequest } from '$lib/api/db-api';
import type { Experiment, ExperimentSummary, LifecycleStage, Tag, ViewType } from '$lib/model/types';
import { all, one, run, write } from './sql';

interface ExperimentRow extends Record<string, unknown> {
	experiment_id: number;
	name: string;
	artifact_location: string;
	lifecycle_stage: LifecycleStage;
	creation_time: number;
	last_update_time: number;
}

const COLUMNS =
	'e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time';

export function lifecycleClause(viewType: ViewType | undefined, alias: string): string {
	if (viewType === 'ALL') return '1';
	if (viewType === 'DELETED_ONLY') return `${alias}.lifecycle_stage = 'deleted'`;
	return `${alias}.lifecycle_stage = 'active'`;
}

function tagsOf(db: Database, experimentIds: number[]): Map<number, Tag[]> {
	const byId = new Map<number, Tag[]>();
	if (experimentIds.length === 0) return byId;
	const rows = all<{ experiment_id: number; key: string; value: string }>(
		db,
		`SELECT experiment_id, key, value FROM experiment_tags
		 WHERE experiment_id IN (SELECT value FROM json_each(?)) ORDER BY key`,
		[JSON.stringify(experimentIds)]
	);
	for (const r of rows) {
		const list = byId.get(r.experiment_id) ?? [];
		list.push({ key: r.key, value: r.value });
		byId.set(r.experiment_id, list);
	}
	return byId;
}

function toExperiment(row: ExperimentRow, tags: Tag[]): Experiment {
	return {
		experimentId: String(row.experiment_id),
		name: row.name,
		artifactLocation: row.artifact_location,
		lifecycleStage: row.lifecycle_stage,
		creationTime: row.creation_time,
		lastUpdateTime: row.last_update_time,
		tags
	};
}

export function experimentPk(db: Database, experimentId: string): number {
	const row = one<{ experiment_id: number }>(
		db,
		'SELECT experiment_id FROM experiments WHERE experiment_id = ?',
		[Number(experimentId)]
	);
	if (!row) throw new RunboardError('NOT_FOUND', `No experiment with id ${experimentId}.`, { experimentId });
	return row.experiment_id;
}

export function getExperiment(db: Database, experimentId: string): Experiment {
	const pk = experimentPk(db, experimentId);
	const row = one<ExperimentRow>(db, `SELECT ${COLUMNS} FROM experiments e WHERE e.experiment_id = ?`, [pk]);
	return toExperiment(row as ExperimentRow, tagsOf(db, [pk]).get(pk) ?? []);
}

export function findActiveByName(db: Database, name: string): number | undefined {
	return one<{ experiment_id: number }>(
		db,
		"SELECT experiment_id FROM experiments WHERE name = ? AND lifecycle_stage = 'active'",
		[name]
	)?.experiment_id;
}

export function createExperiment(db: Database, name: string, tags: Tag[], now: number): string {
	if (findActiveByName(db, name) !== undefined) {
		throw new RunboardError('ALREADY_EXISTS', `An experiment named "${name}" already exists.`, { name });
	}
	db.exec({
		sql: 'INSERT INTO experiments(name, creation_time, last_update_time) VALUES (?, ?, ?)',
		bind: [name, now, now]
	});
	const id = Number(db.selectValue('SELECT last_insert_rowid()'));
	for (const tag of tags) setExperimentTag(db, id, tag.key, tag.value, now);
	return String(id);
}

export function setExperimentTag(db: Database, pk: number, key: string, value: string, now: number): void {
	run(
		db,
		`INSERT INTO experiment_tags(experiment_id, key, value) VALUES (?, ?, ?)
		 ON CONFLICT(experiment_id, key) DO UPDATE SET value = excluded.value`,
		[pk, key, value]
	);
	touchExperiment(db, pk, now);
}

export function touchExperiment(db: Database, pk: number, now: number): void {
	// Once per imported run: a kept prepared statement.
	write(db, 'UPDATE experiments SET last_update_time = max(last_update_time, ?) WHERE experiment_id = ?', [
		now,
		pk
	]);
}

export function getExperimentByName(db: Database, name: string): Experiment | null {
	const pk = findActiveByName(db, name);
	return pk === undefined ? null : getExperiment(db, String(pk));
}

export function searchExperiments(db: Database, request: SearchExperimentsRequest = {}): Experiment[] {
	const limit = Math.max(1, Math.min(request.maxResults ?? 1000, 50_000));
	const rows = all<ExperimentRow>(
		db,
		`SELECT ${COLUMNS} FROM experiments e
		 WHERE ${lifecycleClause(request.viewType, 'e')} AND instr(lower(e.name), lower(?)) > 0
		 ORDER BY e.last_update_time DESC, e.experiment_id DESC LIMIT ?`,
		[request.nameContains ?? '', limit]
	);
	const tags = tagsOf(
		db,
		rows.map((r) => r.experiment_id)
	);
	return rows.map((r) => toExperiment(r, tags.get(r.experiment_id) ?? []));
}

/**
 * Last activity is when the runs last changed (latest start, end or metric time), not when rows were written: an
 * import writes everything today, and an experiment of last year's runs should not look new. Without runs, the
 * experiment's creation time. Metric times are read only for runs without an end time (running, or imported without
 * one): an ended run's points come before its end, and reading every run's metrics cost ~0.7 s at 100,000 runs.
 */
export function listExperimentSummaries(db: Database, viewType?: ViewType): ExperimentSummary[] {
	const rows = all<ExperimentRow & { run_count: number; last_activity: number }>(
		db,
		`SELECT ${COLUMNS},
			(SELECT count(*) FROM runs r WHERE r.experiment_id = e.experiment_id AND r.lifecycle_stage = 'active')
				AS run_count,
			coalesce(nullif((SELECT max(max(coalesce(r.start_time, 0), coalesce(r.end_time, 0),
				CASE WHEN r.end_time IS NULL THEN coalesce(
					(SELECT max(l.timestamp) FROM latest_metrics l WHERE l.run_pk = r.run_pk), 0) ELSE 0 END))
				FROM runs r WHERE r.experiment_id = e.experiment_id), 0), e.creation_time) AS last_activity
		 FROM experiments e WHERE ${lifecycleClause(viewType, 'e')}
		 ORDER BY last_activity DESC, e.experiment_id DESC`
	);
	const tags = tagsOf(
		db,
		rows.map((r) => r.experiment_id)
	);
	return rows.map((r) => ({
		...toExperiment(r, tags.get(r.experiment_id) ?? []),
		runCount: r.run_count,
		lastActivity: r.last_activity
	}));
}

export function renameExperiment(db: Database, experimentId: string, newName: string, now: number): void {
	const pk = experimentPk(db, experimentId);
	const other = findActiveByName(db, newName);
	if (other !== undefined && other !== pk) {
		throw new RunboardError('ALREADY_EXISTS', `An experiment named "${newName}" already exists.`);
	}
	run(db, 'UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?', [
		newName,
		now,
		pk
	]);
}

export function setExperimentLifecycle(
	db: Database,
	experimentId: string,
	stage: LifecycleStage,
	now: number
): void {
	const pk = experimentPk(db, experimentId);
	if (stage === 'active') {
		const exp = getExperiment(db, experimentId);
		const other = findActiveByName(db, exp.name);
		if (other !== undefined && other !== pk) {
			throw new RunboardError(
				'ALREADY_EXISTS',
				`Cannot restore "${exp.name}": another active experiment has that name. Rename one of them first.`
			);
		}
	}
	run(db, 'UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?', [
		stage,
		now,
		pk
	]);
}
