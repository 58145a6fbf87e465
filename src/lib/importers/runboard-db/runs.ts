// Experiments and runs of a Runboard database, read from its canonical tables: every metric point comes from
// `metrics` (never from the chart summaries metric_blocks / metric_pages). Child rows are read with one statement
// per table walking runs in run_pk order, consumed run by run (the merge join of mlflow-db/cursor.ts); the
// CROSS JOIN from runs drops rows whose run does not exist, which orphanWarning counts beforehand.
import type { Database, PreparedStatement, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { Tag } from '../../model/types';
import { openCursor, takeMetrics, takeTags, type GroupedCursor } from '../mlflow-db/cursor';
import { lifecycle, runStatus, toNumber, toText } from '../mlflow-db/values';
import type { ImportedDatasetInput, ImportedExperiment, ImportedRun, ImportWarning } from '../types';

/** Runboard stores NaN as NULL and ±Infinity as themselves: no other encoding to undo (unlike MLflow's). */
const storedValue = (value: number | null) => (value === null ? NaN : value);

export function readExperiments(db: Database): ImportedExperiment[] {
	const tags = db.prepare('SELECT key, value FROM experiment_tags WHERE experiment_id = ?1 ORDER BY key');
	try {
		return db
			.selectArrays(
				`SELECT experiment_id, name, lifecycle_stage, creation_time, last_update_time, artifact_location
				FROM experiments ORDER BY experiment_id`
			)
			.map((r) => ({
				key: toText(r[0]),
				name: toText(r[1]),
				lifecycleStage: lifecycle(r[2]),
				creationTime: toNumber(r[3]),
				lastUpdateTime: toNumber(r[4]),
				artifactLocation: toText(r[5]),
				tags: keyValues(tags, toNumber(r[0]))
			}));
	} finally {
		tags.finalize();
	}
}

function keyValues(stmt: PreparedStatement, id: number | null): Tag[] {
	const out: Tag[] = [];
	stmt.bind([id]);
	try {
		while (stmt.step()) out.push({ key: toText(stmt.get(0)), value: toText(stmt.get(1)) });
	} finally {
		stmt.reset(true);
	}
	return out;
}

/** Rows that belong to no run (or to no metric key): a damaged or hand-edited file. They are not imported. */
export function orphanWarning(db: Database, name: string): ImportWarning | null {
	const count = (sql: string) => toNumber(db.selectValue(sql)) ?? 0;
	const noRun = (table: string) =>
		count(`SELECT count(*) FROM ${table} WHERE run_pk NOT IN (SELECT run_pk FROM runs)`);
	const found = [
		[noRun('metrics'), 'metric points'],
		[
			count('SELECT count(*) FROM metrics WHERE key_id NOT IN (SELECT key_id FROM metric_keys)'),
			'metric points without a key'
		],
		[noRun('params'), 'params'],
		[noRun('tags'), 'tags'],
		[noRun('run_inputs'), 'dataset inputs'],
		[
			count(
				'SELECT count(*) FROM artifact_files WHERE run_pk IS NOT NULL AND run_pk NOT IN (SELECT run_pk FROM runs)'
			),
			'artifact files'
		]
	].filter(([n]) => (n as number) > 0);
	if (found.length === 0) return null;
	return {
		kind: 'run-skipped',
		file: name,
		message:
			`${name} holds rows of runs it does not contain (${found.map(([n, what]) => `${n} ${what}`).join(', ')}); ` +
			'they were not imported. Everything else was.'
	};
}

interface RunRow {
	runPk: number;
	experimentKey: string;
	hasExperiment: boolean;
	run: Omit<ImportedRun, 'params' | 'tags' | 'metrics' | 'inputs' | 'artifacts'>;
}

export class RunReader {
	private readonly statements: { finalize(): void }[] = [];
	private readonly params: GroupedCursor;
	private readonly tags: GroupedCursor;
	private readonly metrics: GroupedCursor;
	private readonly inputs: PreparedStatement;

	constructor(
		private readonly sqlite3: Sqlite3Static,
		private readonly db: Database
	) {
		this.params = this.track(openCursor(sqlite3, db, keyValueSql('params')));
		this.tags = this.track(openCursor(sqlite3, db, keyValueSql('tags')));
		// Runs in run_pk order, each run's points in the table's own key order: no sort.
		this.metrics = this.track(
			openCursor(
				sqlite3,
				db,
				`SELECT r.run_pk, k.key, m.value, m.step, m.timestamp, 0
				FROM runs AS r CROSS JOIN metrics AS m ON m.run_pk = r.run_pk JOIN metric_keys AS k ON k.key_id = m.key_id
				ORDER BY r.run_pk, m.key_id, m.step, m.timestamp, m.seq`
			)
		);
		this.inputs = this.track(
			db.prepare(
				`SELECT name, digest, source_type, source, schema, profile, context FROM run_inputs
				WHERE run_pk = ?1 ORDER BY position`
			)
		);
	}

	count(): number {
		return toNumber(this.db.selectValue('SELECT count(*) FROM runs')) ?? 0;
	}

	*rows(): Generator<RunRow> {
		const stmt = this.track(
			this.db.prepare(
				`SELECT r.run_pk, r.run_uuid, r.experiment_id, r.name, r.status, r.start_time, r.end_time,
					r.lifecycle_stage, r.user_id, r.artifact_uri, e.experiment_id IS NOT NULL
				FROM runs AS r LEFT JOIN experiments AS e ON e.experiment_id = r.experiment_id ORDER BY r.run_pk`
			)
		);
		while (stmt.step()) {
			const g = (i: number) => stmt.get(i);
			yield {
				runPk: toNumber(g(0)) ?? 0,
				experimentKey: toText(g(2)),
				hasExperiment: toNumber(g(10)) === 1,
				run: {
					experimentKey: toText(g(2)),
					runId: toText(g(1)),
					runName: toText(g(3)),
					status: runStatus(g(4)),
					startTime: toNumber(g(5)),
					endTime: toNumber(g(6)),
					lifecycleStage: lifecycle(g(7)),
					userId: toText(g(8)),
					artifactUri: toText(g(9))
				}
			};
		}
	}

	/** The run with its params, tags, every metric point and its dataset inputs; artifacts are added later. */
	read(row: RunRow): ImportedRun {
		return {
			...row.run,
			params: takeTags(this.params, row.runPk),
			tags: takeTags(this.tags, row.runPk),
			metrics: takeMetrics(this.sqlite3, this.metrics, row.runPk, storedValue),
			inputs: this.readInputs(row.runPk),
			artifacts: []
		};
	}

	/** Moves the cursors past a run that is not imported (its experiment is missing). */
	skip(row: RunRow): void {
		for (const cursor of [this.params, this.tags, this.metrics]) cursor.take(row.runPk, () => undefined);
	}

	close(): void {
		for (const s of this.statements.splice(0)) s.finalize();
	}

	private readInputs(runPk: number): ImportedDatasetInput[] {
		const out: ImportedDatasetInput[] = [];
		const s = this.inputs;
		s.bind([runPk]);
		try {
			while (s.step()) {
				const g = (i: number) => toText(s.get(i));
				out.push({
					name: g(0),
					digest: g(1),
					sourceType: g(2),
					source: g(3),
					schema: g(4),
					profile: g(5),
					context: g(6)
				});
			}
		} finally {
			s.reset(true);
		}
		return out;
	}

	private track<T extends { finalize(): void }>(statement: T): T {
		this.statements.push(statement);
		return statement;
	}
}

function keyValueSql(table: 'params' | 'tags'): string {
	return `SELECT r.run_pk, c.key, c.value FROM runs AS r CROSS JOIN ${table} AS c ON c.run_pk = r.run_pk
		ORDER BY r.run_pk, c.key`;
}
