// The statements that store an imported run, table by table, for the one run writer (ingest-group.ts). Each takes
// the rows of a whole group: one `INSERT … SELECT … FROM json_each(?)` when JSON carries every value exactly (a
// few statements per group instead of ~20 per run), else one bound statement per row, which stores the same rows.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { ImportedDatasetInput } from '$lib/importers/types';
import type { Tag } from '$lib/model/types';
import { deleteArtifacts } from './artifacts';
import { cachedStatement, write } from './sql';

/** Every table that holds rows of a run (besides runs and its artifacts): cleared when the run is replaced. */
export const RUN_TABLES = [
	'params',
	'tags',
	'metrics',
	'latest_metrics',
	'metric_blocks',
	'metric_pages',
	'run_inputs',
	'run_digests'
];

const IN_JSON = 'IN (SELECT value FROM json_each(?))';

/**
 * Whether SQLite gives back from this JSON exactly what was encoded: JSON escapes control characters and lone
 * surrogates as \u, which SQLite would not return byte for byte (a stray backslash before a "u" only costs the
 * fast path).
 */
export function jsonExact(json: string): boolean {
	return !json.includes('\\u');
}

/** A runs row: experiment_id, run_uuid, name, status, start_time, end_time, lifecycle_stage, user_id, artifact_uri. */
export type RunRow = [number, string, string, string, number | null, number | null, string, string, string];

/** A params or tags row: run_pk, key, value. */
export type PairRow = [number, string, string];

/** Runs stored before under these ids are removed whole, with everything they own, before they are written. */
export function clearRuns(db: Database, runIds: string[]): void {
	const existing = selectNumbers(
		db,
		`SELECT run_pk FROM runs WHERE run_uuid ${IN_JSON}`,
		JSON.stringify(runIds)
	);
	if (existing.length === 0) return;
	const pks = JSON.stringify(existing);
	for (const table of RUN_TABLES) write(db, `DELETE FROM ${table} WHERE run_pk ${IN_JSON}`, [pks]);
	for (const runPk of existing) deleteArtifacts(db, { runPk });
	write(db, `DELETE FROM runs WHERE run_pk ${IN_JSON}`, [pks]);
}

/** Inserts the runs rows (run ids distinct and not stored) and returns their new keys, in the rows' order. */
export function insertRunRows(db: Database, rows: RunRow[], source: { kind: string; ref: string }): number[] {
	const json = JSON.stringify(rows);
	// Times go through JSON only as integers it carries exactly; anything else is bound as the number it is.
	const exactTimes = rows.every(([, , , , start, end]) =>
		[start, end].every((t) => t === null || Number.isSafeInteger(t))
	);
	if (exactTimes && jsonExact(json)) {
		write(
			db,
			`INSERT INTO runs(experiment_id, run_uuid, name, status, start_time, end_time, lifecycle_stage, user_id,
					artifact_uri, source_kind, source_ref)
				SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6,
					value ->> 7, value ->> 8, ?, ? FROM json_each(?)`,
			[source.kind, source.ref, json]
		);
	} else {
		for (const row of rows) {
			write(
				db,
				`INSERT INTO runs(experiment_id, run_uuid, name, status, start_time, end_time, lifecycle_stage, user_id,
						artifact_uri, source_kind, source_ref)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				[...row, source.kind, source.ref]
			);
		}
	}
	return selectNumbers(
		db,
		'SELECT (SELECT run_pk FROM runs WHERE run_uuid = j.value) FROM json_each(?) j ORDER BY j.key',
		JSON.stringify(rows.map((row) => row[1]))
	);
}

/** Key/value rows in their order: a run's repeated key keeps its last value (INSERT OR REPLACE, either way). */
export function insertPairs(db: Database, table: 'params' | 'tags', rows: PairRow[]): void {
	if (rows.length === 0) return;
	const json = JSON.stringify(rows);
	// Binding one string instead of three per row makes 20 params cost about one; a single row is cheaper bound.
	if (rows.length > 1 && jsonExact(json)) {
		write(
			db,
			`INSERT OR REPLACE INTO ${table}(run_pk, key, value)
				SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`,
			[json]
		);
		return;
	}
	const sql = `INSERT OR REPLACE INTO ${table}(run_pk, key, value) VALUES (?, ?, ?)`;
	for (const row of rows) write(db, sql, row);
}

/** A run's dataset inputs, in their order. */
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

/** Rows of one run's key/value pairs, for insertPairs. */
export function pairRows(runPk: number, pairs: Tag[]): PairRow[] {
	return pairs.map((t) => [runPk, t.key, t.value]);
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
