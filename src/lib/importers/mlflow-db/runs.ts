// Experiments and runs out of an MLflow database, with explicit column lists built from the columns that exist
// (docs/formats.md §2.4–2.5). Only our own constant identifiers are ever put into SQL text; values are bound.
import type { Database, PreparedStatement, Sqlite3Static, SqlValue } from '@sqlite.org/sqlite-wasm';
import type { Tag } from '../../model/types';
import type { ImportedDatasetInput, ImportedExperiment, ImportedRun } from '../types';
import { openCursor, takeMetrics, takeTags, type GroupedCursor } from './cursor';
import type { MlflowSchema } from './schema';
import { lifecycle, runStatus, toNumber, toText } from './values';

export function readExperiments(db: Database, schema: MlflowSchema): ImportedExperiment[] {
	const col = (c: string) => schema.column('experiments', c, 'NULL');
	const tags = readExperimentTags(db, schema);
	const rows = db.selectArrays(
		`SELECT CAST(experiment_id AS TEXT), name, ${col('artifact_location')}, ${col('lifecycle_stage')},
			${col('creation_time')}, ${col('last_update_time')}, ${col('workspace')}
		FROM experiments ORDER BY experiment_id`
	);
	return rows.map(([id, name, location, stage, created, updated, workspace]) => {
		const key = toText(id);
		const space = toText(workspace);
		return {
			key,
			// Since the 2026 workspace migration the same name may exist once per workspace.
			name: space && space !== 'default' ? `${space}/${toText(name)}` : toText(name),
			lifecycleStage: lifecycle(stage),
			creationTime: toNumber(created),
			lastUpdateTime: toNumber(updated),
			artifactLocation: toText(location),
			tags: tags.get(key) ?? []
		};
	});
}

function readExperimentTags(db: Database, schema: MlflowSchema): Map<string, Tag[]> {
	const byExperiment = new Map<string, Tag[]>();
	if (!['key', 'value', 'experiment_id'].every((c) => schema.hasColumn('experiment_tags', c)))
		return byExperiment;
	const rows = db.selectArrays(
		'SELECT CAST(experiment_id AS TEXT), key, value FROM experiment_tags ORDER BY experiment_id, key'
	);
	for (const [id, key, value] of rows) {
		const list = byExperiment.get(toText(id)) ?? [];
		list.push({ key: toText(key), value: toText(value) });
		byExperiment.set(toText(id), list);
	}
	return byExperiment;
}

/** One row of `runs` plus its ordinal (rowid) that the child cursors carry. */
interface RunRow {
	ordinal: number;
	runId: string;
	experimentKey: string;
	name: string;
	userId: string;
	status: SqlValue;
	startTime: number | null;
	endTime: number | null;
	lifecycleStage: 'active' | 'deleted';
	artifactUri: string;
}

/** Everything about runs, read in one pass in run_uuid order. Call close() in a finally. */
export class RunReader {
	private readonly statements: { finalize(): void }[] = [];
	private readonly params: GroupedCursor | null;
	private readonly tags: GroupedCursor | null;
	private readonly metrics: GroupedCursor;
	private readonly inputs: DatasetInputs | null;

	constructor(
		private readonly sqlite3: Sqlite3Static,
		private readonly db: Database,
		private readonly schema: MlflowSchema
	) {
		this.params = this.keyValueCursor('params');
		this.tags = this.keyValueCursor('tags');
		this.metrics = this.track(openCursor(sqlite3, db, metricsSql(schema, schema.runsRowid)));
		this.inputs = DatasetInputs.open(db, schema);
		if (this.inputs) this.statements.push(this.inputs);
	}

	count(): number {
		return toNumber(this.db.selectValue('SELECT count(*) FROM runs')) ?? 0;
	}

	*rows(): Generator<RunRow> {
		const col = (c: string) => this.schema.column('runs', c, 'NULL');
		const stmt = this.track(
			this.db.prepare(
				`SELECT ${this.schema.runsRowid}, run_uuid, CAST(experiment_id AS TEXT), ${col('name')}, ${col('user_id')},
					${col('status')}, ${col('start_time')}, ${col('end_time')}, ${col('lifecycle_stage')}, ${col('artifact_uri')}
				FROM runs ORDER BY run_uuid, ${this.schema.runsRowid}`
			)
		);
		while (stmt.step()) yield runRow(stmt);
	}

	/** The run with its params, tags, every metric point and its dataset inputs; artifacts are added later. */
	read(row: RunRow): ImportedRun {
		const tags = this.tags ? takeTags(this.tags, row.ordinal) : [];
		const runNameTag = tags.find((t) => t.key === 'mlflow.runName')?.value;
		const userTag = tags.find((t) => t.key === 'mlflow.user')?.value;
		return {
			experimentKey: row.experimentKey,
			runId: row.runId,
			// MLflow 1.x left runs.name empty and kept the name in a tag.
			runName: row.name || runNameTag || row.runId.slice(0, 8),
			status: runStatus(row.status),
			startTime: row.startTime,
			endTime: row.endTime,
			lifecycleStage: row.lifecycleStage,
			userId: row.userId || userTag || '',
			artifactUri: row.artifactUri,
			params: this.params ? takeTags(this.params, row.ordinal) : [],
			tags,
			metrics: takeMetrics(this.sqlite3, this.metrics, row.ordinal),
			inputs: this.inputs?.forRun(row.runId) ?? [],
			artifacts: []
		};
	}

	close(): void {
		for (const s of this.statements.splice(0)) s.finalize();
	}

	private track<T extends { finalize(): void }>(statement: T): T {
		this.statements.push(statement);
		return statement;
	}

	private keyValueCursor(table: 'params' | 'tags'): GroupedCursor | null {
		if (!['key', 'value', 'run_uuid'].every((c) => this.schema.hasColumn(table, c))) return null;
		return this.track(
			openCursor(
				this.sqlite3,
				this.db,
				`SELECT r.${this.schema.runsRowid}, c.key, c.value FROM runs AS r CROSS JOIN ${table} AS c ON c.run_uuid = r.run_uuid
				ORDER BY r.run_uuid, r.${this.schema.runsRowid}, c.key`
			)
		);
	}
}

function runRow(stmt: PreparedStatement): RunRow {
	return {
		ordinal: toNumber(stmt.get(0)) ?? 0,
		runId: toText(stmt.get(1)),
		experimentKey: toText(stmt.get(2)),
		name: toText(stmt.get(3)),
		userId: toText(stmt.get(4)),
		status: stmt.get(5),
		startTime: toNumber(stmt.get(6)),
		endTime: toNumber(stmt.get(7)),
		lifecycleStage: lifecycle(stmt.get(8)),
		artifactUri: toText(stmt.get(9))
	};
}

/**
 * `step` arrived in 2019 (451aebb31d03) and `is_nan` in 2019-07 (181f10493468); older rows get 0 for both.
 * CROSS JOIN keeps runs as the outer loop, so SQLite walks runs in order and finds each run's rows through
 * index_metrics_run_uuid_key_step (MLflow 2.x+) already in (key, step) order — within a step, in the order
 * they were logged (the index's rowid). Ordering by timestamp too made SQLite sort every (key, step) group
 * again: half of the query's time for 1M points, for an order that reads ignore (they order points by step,
 * timestamp, then logging order). Without those indexes it sorts, once per run.
 */
function metricsSql(schema: MlflowSchema, rowid: string): string {
	const hasStep = schema.hasColumn('metrics', 'step');
	const isNan = schema.hasColumn('metrics', 'is_nan') ? 'm.is_nan' : '0';
	return `SELECT r.${rowid}, m.key, m.value, ${hasStep ? 'm.step' : '0'}, m.timestamp, ${isNan}
		FROM runs AS r CROSS JOIN metrics AS m ON m.run_uuid = r.run_uuid
		ORDER BY r.run_uuid, r.${rowid}, m.key, ${hasStep ? 'm.step' : 'm.timestamp'}`;
}

/**
 * Dataset inputs (MLflow 2.4+, revision 7f2a7d5fae7d): inputs rows (DATASET → RUN) joined to datasets, with the
 * input's tags. MLflow 3 keeps model links in the same table under other types; they are not datasets.
 */
class DatasetInputs {
	private constructor(
		private readonly inputs: PreparedStatement,
		private readonly tags: PreparedStatement | null
	) {}

	static open(db: Database, schema: MlflowSchema): DatasetInputs | null {
		const inputColumns = ['input_uuid', 'source_type', 'source_id', 'destination_type', 'destination_id'];
		const datasetColumns = ['dataset_uuid', 'name', 'digest', 'dataset_source_type', 'dataset_source'];
		if (!inputColumns.every((c) => schema.hasColumn('inputs', c))) return null;
		if (!datasetColumns.every((c) => schema.hasColumn('datasets', c))) return null;
		const col = (c: string) => (schema.hasColumn('datasets', c) ? `d.${c}` : 'NULL');
		const inputs = db.prepare(
			`SELECT i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source, ${col('dataset_schema')},
				${col('dataset_profile')}
			FROM inputs AS i JOIN datasets AS d ON d.dataset_uuid = i.source_id
			WHERE i.destination_type = 'RUN' AND i.destination_id = ?1 AND i.source_type = 'DATASET'
			ORDER BY d.name, d.digest, i.input_uuid`
		);
		const hasTags = ['input_uuid', 'name', 'value'].every((c) => schema.hasColumn('input_tags', c));
		const tags = hasTags
			? db.prepare('SELECT name, value FROM input_tags WHERE input_uuid = ?1 ORDER BY name')
			: null;
		return new DatasetInputs(inputs, tags);
	}

	forRun(runId: string): ImportedDatasetInput[] {
		const out: ImportedDatasetInput[] = [];
		this.inputs.bind([runId]);
		try {
			while (this.inputs.step()) {
				const g = (i: number) => toText(this.inputs.get(i));
				const tags = this.tagsOf(g(0));
				out.push({
					name: g(1),
					digest: g(2),
					sourceType: g(3),
					source: g(4),
					schema: g(5),
					profile: g(6),
					context: tags.find((t) => t.key === 'mlflow.data.context')?.value ?? ''
				});
			}
		} finally {
			this.inputs.reset(true);
		}
		return out;
	}

	private tagsOf(inputUuid: string): Tag[] {
		if (!this.tags) return [];
		const out: Tag[] = [];
		this.tags.bind([inputUuid]);
		try {
			while (this.tags.step()) out.push({ key: toText(this.tags.get(0)), value: toText(this.tags.get(1)) });
		} finally {
			this.tags.reset(true);
		}
		return out;
	}

	finalize(): void {
		this.inputs.finalize();
		this.tags?.finalize();
	}
}
