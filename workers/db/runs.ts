// Runs: creation, lookup, tags, lifecycle and status, with MLflow's rules (see docs/data-model.md).
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import type { CreateRunRequest } from '$lib/api/db-api';
import {
	RUN_NAME_TAG,
	USER_TAG,
	type LifecycleStage,
	type Metric,
	type Run,
	type RunInfo,
	type RunStatus,
	type Tag
} from '$lib/model/types';
import { experimentPk, touchExperiment } from './experiments';
import { newRunId, newRunName } from './ids';
import { metricValue, numOrNull, one, run } from './sql';

interface RunRow extends Record<string, unknown> {
	run_pk: number;
	run_uuid: string;
	experiment_id: number;
	name: string;
	status: RunStatus;
	start_time: number | null;
	end_time: number | null;
	lifecycle_stage: LifecycleStage;
	user_id: string;
	artifact_uri: string;
}

const RUN_FIELDS = [
	'run_pk',
	'run_uuid',
	'experiment_id',
	'name',
	'status',
	'start_time',
	'end_time',
	'lifecycle_stage',
	'user_id',
	'artifact_uri'
] as const;
const RUN_COLUMNS = RUN_FIELDS.map((f) => `r.${f}`).join(', ');

export interface RunRef {
	pk: number;
	experimentPk: number;
	lifecycleStage: LifecycleStage;
}

export function runRef(db: Database, runId: string): RunRef {
	const row = one<{ run_pk: number; experiment_id: number; lifecycle_stage: LifecycleStage }>(
		db,
		'SELECT run_pk, experiment_id, lifecycle_stage FROM runs WHERE run_uuid = ?',
		[runId]
	);
	if (!row) throw new RunboardError('NOT_FOUND', `No run with id ${runId}.`, { runId });
	return { pk: row.run_pk, experimentPk: row.experiment_id, lifecycleStage: row.lifecycle_stage };
}

/** MLflow refuses to log to a deleted run: restore it first. */
export function activeRunRef(db: Database, runId: string): RunRef {
	const ref = runRef(db, runId);
	if (ref.lifecycleStage !== 'active') {
		throw new RunboardError('INVALID_STATE', `Run ${runId} is deleted; restore it before logging to it.`, {
			runId
		});
	}
	return ref;
}

export function createRun(db: Database, request: CreateRunRequest, tags: Tag[], now: number): Run {
	const expPk = experimentPk(db, request.experimentId);
	const stage = one<{ lifecycle_stage: string }>(
		db,
		'SELECT lifecycle_stage FROM experiments WHERE experiment_id = ?',
		[expPk]
	)?.lifecycle_stage;
	if (stage !== 'active') {
		throw new RunboardError(
			'INVALID_STATE',
			`Experiment ${request.experimentId} is deleted; restore it first.`
		);
	}
	// As in MLflow, the mlflow.runName tag and the run name are one value.
	const tagName = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
	const name = request.runName ?? tagName ?? newRunName();
	const userId = request.userId ?? tags.find((t) => t.key === USER_TAG)?.value ?? '';
	const runId = newRunId();
	const startTime = request.startTime ?? now;
	db.exec({
		sql: `INSERT INTO runs(run_uuid, experiment_id, name, status, start_time, user_id, artifact_uri)
			VALUES (?, ?, ?, 'RUNNING', ?, ?, ?)`,
		bind: [runId, expPk, name, startTime, userId, `runboard:/${request.experimentId}/${runId}/artifacts`]
	});
	const pk = Number(db.selectValue('SELECT last_insert_rowid()'));
	const allTags = tags.filter((t) => t.key !== RUN_NAME_TAG).concat({ key: RUN_NAME_TAG, value: name });
	if (userId && !allTags.some((t) => t.key === USER_TAG)) allTags.push({ key: USER_TAG, value: userId });
	for (const tag of allTags) upsertTag(db, pk, tag.key, tag.value);
	touchExperiment(db, expPk, now);
	return loadRuns(db, [pk])[0] as Run;
}

export function upsertTag(db: Database, runPk: number, key: string, value: string): void {
	run(
		db,
		`INSERT INTO tags(run_pk, key, value) VALUES (?, ?, ?)
		 ON CONFLICT(run_pk, key) DO UPDATE SET value = excluded.value`,
		[runPk, key, value]
	);
	if (key === RUN_NAME_TAG) run(db, 'UPDATE runs SET name = ? WHERE run_pk = ?', [value, runPk]);
}

/** Logs a param once: the same value again is a no-op, another value is refused (params cannot change). */
export function logParam(db: Database, runPk: number, runId: string, param: Tag): void {
	const existing = one<{ value: string }>(db, 'SELECT value FROM params WHERE run_pk = ? AND key = ?', [
		runPk,
		param.key
	]);
	if (existing === undefined) {
		run(db, 'INSERT INTO params(run_pk, key, value) VALUES (?, ?, ?)', [runPk, param.key, param.value]);
	} else if (existing.value !== param.value) {
		throw new RunboardError(
			'PARAM_CONFLICT',
			`Param "${param.key}" of run ${runId} is already "${existing.value}"; params cannot change ` +
				`(tried "${param.value}"). Log it under another key or start a new run.`,
			{ key: param.key, oldValue: existing.value, newValue: param.value }
		);
	}
}

export function deleteTag(db: Database, runId: string, key: string): void {
	const ref = activeRunRef(db, runId);
	if (run(db, 'DELETE FROM tags WHERE run_pk = ? AND key = ?', [ref.pk, key]) === 0) {
		throw new RunboardError('NOT_FOUND', `Run ${runId} has no tag "${key}".`);
	}
}

export function setTerminated(db: Database, runId: string, status: RunStatus, endTime: number): void {
	const ref = activeRunRef(db, runId);
	run(db, 'UPDATE runs SET status = ?, end_time = ? WHERE run_pk = ?', [status, endTime, ref.pk]);
	touchExperiment(db, ref.experimentPk, endTime);
}

export function setRunLifecycle(db: Database, runId: string, stage: LifecycleStage, now: number): void {
	const ref = runRef(db, runId);
	run(db, 'UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_pk = ?', [
		stage,
		stage === 'deleted' ? now : null,
		ref.pk
	]);
	touchExperiment(db, ref.experimentPk, now);
}

function toInfo(row: RunRow): RunInfo {
	return {
		runId: row.run_uuid,
		experimentId: String(row.experiment_id),
		runName: row.name,
		status: row.status,
		startTime: numOrNull(row.start_time),
		endTime: numOrNull(row.end_time),
		lifecycleStage: row.lifecycle_stage,
		userId: row.user_id,
		artifactUri: row.artifact_uri
	};
}

/** Runs per round of loadRuns' queries: bounds the JSON each query builds (~6 MB for 2,000 runs × 100 params). */
const LOAD_CHUNK = 2_000;

/** All rows of `sql` (bound to a JSON list of run pks) as one JSON array built by SQLite, parsed at once. */
function jsonRows<T>(db: Database, sql: string, ids: string): T[] {
	return JSON.parse(String(db.selectValue(sql, [ids]) ?? '[]')) as T[];
}

/**
 * Loads whole runs (info, params, latest metrics, tags) in four queries per 2,000 runs, in the order of `pks`.
 * Each query returns its rows as one JSON array: decoding 200,000 rows one string column at a time costs ~1 s,
 * building and parsing one JSON array ~0.15 s. (Reals survive the trip exactly — SQLite writes 17 significant digits — and ±Infinity
 * come back as ±9e999; NaN is NULL as everywhere.)
 */
export function loadRuns(db: Database, pks: number[]): Run[] {
	const byPk = new Map<number, Run>();
	const inList = 'IN (SELECT value FROM json_each(?))';
	for (let at = 0; at < pks.length; at += LOAD_CHUNK) {
		const ids = JSON.stringify(pks.slice(at, at + LOAD_CHUNK));
		const runs = jsonRows<unknown[]>(
			db,
			`SELECT json_group_array(json_array(${RUN_COLUMNS})) FROM runs r WHERE r.run_pk ${inList}`,
			ids
		);
		for (const values of runs) {
			const row = Object.fromEntries(RUN_FIELDS.map((f, i) => [f, values[i]])) as RunRow;
			byPk.set(row.run_pk, { info: toInfo(row), data: { params: [], metrics: [], tags: [] } });
		}
		const kv = (table: string) =>
			jsonRows<[number, string, string]>(
				db,
				`SELECT json_group_array(json_array(run_pk, key, value)) FROM ${table} WHERE run_pk ${inList}`,
				ids
			);
		for (const [pk, key, value] of kv('params')) byPk.get(pk)?.data.params.push({ key, value });
		for (const [pk, key, value] of kv('tags')) byPk.get(pk)?.data.tags.push({ key, value });
		const metrics = jsonRows<[number, string, number | null, number, number]>(
			db,
			`SELECT json_group_array(json_array(l.run_pk, k.key, l.value, l.step, l.timestamp))
				FROM latest_metrics l JOIN metric_keys k ON k.key_id = l.key_id WHERE l.run_pk ${inList}`,
			ids
		);
		for (const [pk, key, value, step, timestamp] of metrics) {
			byPk.get(pk)?.data.metrics.push({ key, value: metricValue(value), step, timestamp } satisfies Metric);
		}
	}
	// Sorted by key in JavaScript: ORDER BY inside the aggregate made the queries 4× slower.
	for (const { data } of byPk.values()) {
		for (const list of [data.params, data.tags, data.metrics]) list.sort((a, b) => byteOrder(a.key, b.key));
	}
	return pks.map((pk) => byPk.get(pk)).filter((r): r is Run => r !== undefined);
}

/** SQLite's BINARY order (UTF-8 bytes, i.e. code points) for JS strings, whose `<` compares UTF-16 units. */
export function byteOrder(a: string, b: string): number {
	const n = Math.min(a.length, b.length);
	for (let i = 0; i < n; i++) {
		let x = a.charCodeAt(i);
		let y = b.charCodeAt(i);
		if (x === y) continue;
		if (x >= 0xd800 && y >= 0xd800) {
			// Surrogates (astral code points) come after U+E000–U+FFFF in code point order.
			x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
			y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
		}
		return x - y;
	}
	return a.length - b.length;
}
