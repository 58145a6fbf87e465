// Writes a group of imported runs with a few statements for the whole group instead of ~20 per run: the run rows,
// params and tags of the group go in one `INSERT … SELECT … FROM json_each(?)` each, runs imported again are
// found and cleared together, metric key ids and the logging-order counter are looked up once per group, and
// latest values need no lookup (a run written whole has no stored series). The result is the same rows as
// writeRun gives run by run; the caller holds the group's savepoint and, if anything fails, writes the same runs
// again one savepoint each, so a failure still leaves only whole runs (workers/db/import/write-items.ts).
import type { Database } from '@sqlite.org/sqlite-wasm';
import { checkRunId, checkStatus } from '$lib/api/validate';
import { RUN_NAME_TAG, type Tag } from '$lib/model/types';
import { deleteArtifacts, writeArtifact } from './artifacts';
import { touchExperiment } from './experiments';
import { RUN_TABLES, insertRunInputs, type RunRecord } from './ingest';
import { endGroupWrite, insertMetrics, startGroupWrite } from './metrics';
import { type Conn, cachedStatement, write } from './sql';

export interface GroupedRun {
	experimentPk: number;
	run: RunRecord;
}

/** The most runs written as one group: bounds the work a failure redoes run by run. */
export const MAX_GROUP_RUNS = 16;

const IN_JSON = 'IN (SELECT value FROM json_each(?))';

/**
 * Whether a run can join a group: its text survives a trip through JSON unchanged (JSON escapes control
 * characters and lone surrogates as \u, which SQLite would not give back byte for byte) and its times are
 * integers JSON carries exactly. Anything else is written by writeRun, bound value by value.
 */
export function groupable(r: RunRecord): boolean {
	const times = [r.startTime, r.endTime].every(
		(t) => t === null || t === undefined || Number.isSafeInteger(t)
	);
	return times && !JSON.stringify([runFields(r), r.params, r.tags]).includes('\\u');
}

function runFields(r: RunRecord): (string | number | null)[] {
	return [
		r.runId,
		r.runName,
		r.status,
		r.startTime ?? null,
		r.endTime ?? null,
		r.lifecycleStage ?? 'active',
		r.userId ?? '',
		r.artifactUri ?? ''
	];
}

/** Writes runs that are all groupable and have distinct run ids. The caller holds the savepoint. */
export function writeRunGroup(conn: Conn, runs: GroupedRun[], source: { kind: string; ref: string }): void {
	const { db } = conn;
	for (const { run } of runs) {
		checkRunId(run.runId);
		checkStatus(run.status);
	}
	const ids = JSON.stringify(runs.map((g) => g.run.runId));
	clearExisting(db, ids);
	const rows = runs.map((g) => [g.experimentPk, ...runFields(g.run)]);
	write(
		db,
		`INSERT INTO runs(experiment_id, run_uuid, name, status, start_time, end_time, lifecycle_stage, user_id,
				artifact_uri, source_kind, source_ref)
			SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6,
				value ->> 7, value ->> 8, ?, ? FROM json_each(?)`,
		[source.kind, source.ref, JSON.stringify(rows)]
	);
	const pks = runPks(db, ids);
	insertPairs(
		db,
		'params',
		runs.map((g, i) => [pks[i] as number, g.run.params])
	);
	insertPairs(
		db,
		'tags',
		runs.map((g, i) => [pks[i] as number, withRunName(g.run)])
	);
	const group = startGroupWrite(db);
	const touched = new Map<number, number>();
	runs.forEach(({ experimentPk, run }, i) => {
		const pk = pks[i] as number;
		if (run.metrics) insertMetrics(conn, pk, run.metrics, group);
		insertRunInputs(db, pk, run.inputs ?? []);
		for (const file of run.artifacts ?? []) writeArtifact(db, { runPk: pk }, file);
		const time = Math.max(run.startTime ?? 0, run.endTime ?? 0);
		touched.set(experimentPk, Math.max(touched.get(experimentPk) ?? time, time));
	});
	endGroupWrite(db, group);
	for (const [experimentPk, time] of touched) touchExperiment(db, experimentPk, time);
}

/** Runs of the group that were imported before are replaced whole: their rows go first, as in writeRun. */
function clearExisting(db: Database, ids: string): void {
	const existing = selectNumbers(db, `SELECT run_pk FROM runs WHERE run_uuid ${IN_JSON}`, ids);
	if (existing.length === 0) return;
	const pks = JSON.stringify(existing);
	for (const table of RUN_TABLES) write(db, `DELETE FROM ${table} WHERE run_pk ${IN_JSON}`, [pks]);
	for (const runPk of existing) deleteArtifacts(db, { runPk });
	write(db, `DELETE FROM runs WHERE run_pk ${IN_JSON}`, [pks]);
}

/** The new runs' keys, in the group's order. */
function runPks(db: Database, ids: string): number[] {
	return selectNumbers(
		db,
		'SELECT (SELECT run_pk FROM runs WHERE run_uuid = j.value) FROM json_each(?) j ORDER BY j.key',
		ids
	);
}

function selectNumbers(db: Database, sql: string, bind: string): number[] {
	const stmt = cachedStatement(db, sql);
	const out: number[] = [];
	try {
		stmt.bind([bind]);
		while (stmt.step()) out.push(Number(stmt.get(0)));
	} finally {
		stmt.reset(true);
	}
	return out;
}

/** As writeRun: the mlflow.runName tag is added from the run name when the source has none. */
function withRunName(r: RunRecord): Tag[] {
	return r.tags.some((t) => t.key === RUN_NAME_TAG)
		? r.tags
		: [...r.tags, { key: RUN_NAME_TAG, value: r.runName }];
}

/** All the group's key/value rows in one statement; within a run a repeated key keeps its last value. */
function insertPairs(db: Database, table: 'params' | 'tags', runs: [number, Tag[]][]): void {
	const rows = runs.flatMap(([pk, pairs]) => pairs.map((t) => [pk, t.key, t.value]));
	if (rows.length === 0) return;
	write(
		db,
		`INSERT OR REPLACE INTO ${table}(run_pk, key, value)
			SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`,
		[JSON.stringify(rows)]
	);
}
