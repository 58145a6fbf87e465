// The runs table's dataset columns (MLflow's run inputs): one column per input context (`dataset:train`,
// `dataset:eval`, and `dataset:` for inputs logged without a context), whose cell lists the run's inputs of that
// context as "name (digest)". Inputs are few per run, so each read is a lookup on run_inputs' primary key.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { RunColumnKey } from '$lib/api/db-api';
import type { SqlValue } from './search-sql';
import { all } from './sql';

/** One input as a cell shows it; ", " joins a run's inputs of one context, in logging order. */
const INPUT_TEXT = "ri.name || ' (' || ri.digest || ')'";

/**
 * The contexts the runs in scope used, each a column; with `counts`, how many runs have an input of each
 * (runs, not inputs: a run with two training sets counts once).
 */
export function datasetColumns(
	db: Database,
	scope: { sql: string; bind: SqlValue[] },
	counts: boolean
): RunColumnKey[] {
	if (counts) {
		return all<{ key: string; count: number }>(
			db,
			`SELECT ri.context AS key, count(DISTINCT ri.run_pk) AS count
			FROM run_inputs ri JOIN runs r ON r.run_pk = ri.run_pk WHERE ${scope.sql}
			GROUP BY ri.context ORDER BY ri.context`,
			scope.bind
		);
	}
	// Each context off run_inputs_by_context (a step per context, as runs-table.ts walks param keys), kept if one
	// run in scope has it.
	return all<{ key: string; count: number }>(
		db,
		`WITH RECURSIVE c(context) AS (
			SELECT min(context) FROM run_inputs
			UNION ALL SELECT (SELECT min(context) FROM run_inputs WHERE context > c.context) FROM c
			WHERE c.context IS NOT NULL)
		SELECT c.context AS key, -1 AS count FROM c WHERE c.context IS NOT NULL AND EXISTS (
			SELECT 1 FROM run_inputs x JOIN runs r ON r.run_pk = x.run_pk WHERE x.context = c.context AND ${scope.sql})
		ORDER BY c.context`,
		scope.bind
	);
}

/** Each run's inputs of the contexts asked for, as `dataset:<context>` → "name (digest), …". */
export function datasetValues(
	db: Database,
	pksJson: string,
	contexts: string[]
): { run_pk: number; key: string; value: string }[] {
	if (contexts.length === 0) return [];
	return all(
		db,
		`SELECT ri.run_pk, ri.context AS key, group_concat(${INPUT_TEXT}, ', ' ORDER BY ri.position) AS value
		FROM run_inputs ri WHERE ri.run_pk IN (SELECT value FROM json_each(?))
		AND ri.context IN (SELECT value FROM json_each(?)) GROUP BY ri.run_pk, ri.context`,
		[pksJson, JSON.stringify(contexts)]
	);
}

/** Every run's cell text of one context (other experiments' too, like the other value columns), for sorting. */
export function datasetColumnValues(db: Database, context: string): { pks: number[]; values: string[] } {
	const row = db.selectObject(
		`SELECT json_group_array(run_pk) AS pks, json_group_array(v) AS vals FROM (
			SELECT ri.run_pk, group_concat(${INPUT_TEXT}, ', ' ORDER BY ri.position) AS v
			FROM run_inputs ri WHERE ri.context = ? GROUP BY ri.run_pk)`,
		[context]
	) as { pks: string; vals: string };
	return { pks: JSON.parse(row.pks) as number[], values: JSON.parse(row.vals) as string[] };
}
