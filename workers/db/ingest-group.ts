// THE run writer: the one place that decides which rows an imported run becomes. It writes a group of runs with a
// few statements for the whole group (ingest-rows.ts): the run rows, params and tags of the group go in one
// statement each, runs imported again are found and cleared together, metric key ids and the logging-order counter
// are looked up once per group, and latest values need no lookup (a run written whole has no stored series).
// writeRun (ingest.ts) is this writer over a group of one. The caller holds the group's savepoint and, if anything
// fails, writes the same runs again one savepoint each, so a failure still leaves only whole runs
// (workers/db/import/write-items.ts).
import { checkRunId, checkStatus } from '$lib/api/validate';
import { RUN_NAME_TAG, type Tag } from '$lib/model/types';
import { writeArtifact } from './artifacts';
import { touchExperiment } from './experiments';
import type { RunRecord } from './ingest';
import {
	clearRuns,
	insertPairs,
	insertRunInputs,
	insertRunRows,
	jsonExact,
	pairRows,
	type RunRow
} from './ingest-rows';
import { endGroupWrite, insertMetrics, startGroupWrite } from './metrics';
import { saveDigests } from './run-digests';
import type { Conn } from './sql';

export interface GroupedRun {
	experimentPk: number;
	run: RunRecord;
	/** The import's digest of the run (import/run-digest.ts), stored with it so a later import can compare. */
	digest?: string;
}

/** The most runs written as one group: bounds the work a failure redoes run by run. */
export const MAX_GROUP_RUNS = 16;

/**
 * Whether a run keeps the group's one-statement-per-table path: its text survives a trip through JSON unchanged
 * and its times are integers JSON carries exactly. Any other run is written in a group of its own (writeRun),
 * bound value by value, so that the runs around it keep the fast path.
 */
export function groupable(r: RunRecord): boolean {
	const times = [r.startTime, r.endTime].every(
		(t) => t === null || t === undefined || Number.isSafeInteger(t)
	);
	return times && jsonExact(JSON.stringify([runRow(0, r), r.params, r.tags]));
}

/** The runs row of an imported run. */
function runRow(experimentPk: number, r: RunRecord): RunRow {
	return [
		experimentPk,
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

/** The mlflow.runName tag is added from the run name when the source has none. */
function withRunName(r: RunRecord): Tag[] {
	return r.tags.some((t) => t.key === RUN_NAME_TAG)
		? r.tags
		: [...r.tags, { key: RUN_NAME_TAG, value: r.runName }];
}

/** Replaces (or creates) runs with distinct run ids, with everything they hold. The caller holds the savepoint. */
export function writeRunGroup(conn: Conn, runs: GroupedRun[], source: { kind: string; ref: string }): void {
	const { db } = conn;
	for (const { run } of runs) {
		checkRunId(run.runId);
		checkStatus(run.status);
	}
	// A run imported again is replaced as a whole (importing is idempotent): its old rows go first.
	clearRuns(
		db,
		runs.map((g) => g.run.runId)
	);
	const pks = insertRunRows(
		db,
		runs.map((g) => runRow(g.experimentPk, g.run)),
		source
	);
	insertPairs(
		db,
		'params',
		runs.flatMap((g, i) => pairRows(pks[i] as number, g.run.params))
	);
	insertPairs(
		db,
		'tags',
		runs.flatMap((g, i) => pairRows(pks[i] as number, withRunName(g.run)))
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
	// Last: a row written after its digest would drop it (the triggers of migration 6).
	saveDigests(
		db,
		runs.flatMap((g, i) => (g.digest === undefined ? [] : [[pks[i] as number, g.digest]]))
	);
}
