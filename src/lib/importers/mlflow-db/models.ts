// MLflow 3 logged models (revision 400f98739977): logged_models plus their params, tags and metrics tables.
import type { Database, PreparedStatement } from '@sqlite.org/sqlite-wasm';
import type { Tag } from '../../model/types';
import type { ImportedLoggedModel } from '../types';
import type { KnownTable, MlflowSchema } from './schema';
import { lifecycle, loggedModelStatus, metricValue, toNumber, toText } from './values';

export interface LoggedModelRow {
	model: ImportedLoggedModel;
	artifactLocation: string;
	lifecycleStage: 'active' | 'deleted';
}

const MODEL_COLUMNS = ['model_id', 'experiment_id', 'name'];

/** Yields each logged model with its params, tags and metric points; nothing when the tables are absent. */
export function* readLoggedModels(db: Database, schema: MlflowSchema): Generator<LoggedModelRow> {
	if (!MODEL_COLUMNS.every((c) => schema.hasColumn('logged_models', c))) return;
	const col = (c: string) => schema.column('logged_models', c, 'NULL');
	const models = db.prepare(
		`SELECT model_id, CAST(experiment_id AS TEXT), name, ${col('artifact_location')}, ${col('creation_timestamp_ms')},
			${col('status')}, ${col('lifecycle_stage')}, ${col('source_run_id')}
		FROM logged_models ORDER BY ${col('creation_timestamp_ms')}, model_id`
	);
	const params = keyValueStatement(db, schema, 'logged_model_params', 'param_key', 'param_value');
	const tags = keyValueStatement(db, schema, 'logged_model_tags', 'tag_key', 'tag_value');
	const metrics = metricsStatement(db, schema);
	try {
		while (models.step()) {
			const modelId = toText(models.get(0));
			const sourceRunId = toText(models.get(7));
			yield {
				model: {
					modelId,
					experimentKey: toText(models.get(1)),
					name: toText(models.get(2)),
					sourceRunId: sourceRunId || null,
					status: loggedModelStatus(models.get(5)),
					creationTime: toNumber(models.get(4)),
					params: params ? readTags(params, modelId) : [],
					tags: tags ? readTags(tags, modelId) : [],
					metrics: metrics ? readMetrics(metrics, modelId) : [],
					artifacts: []
				},
				artifactLocation: toText(models.get(3)),
				lifecycleStage: lifecycle(models.get(6))
			};
		}
	} finally {
		for (const s of [models, params, tags, metrics]) s?.finalize();
	}
}

function keyValueStatement(
	db: Database,
	schema: MlflowSchema,
	table: KnownTable,
	key: string,
	value: string
): PreparedStatement | null {
	if (![key, value, 'model_id'].every((c) => schema.hasColumn(table, c))) return null;
	return db.prepare(`SELECT ${key}, ${value} FROM ${table} WHERE model_id = ?1 ORDER BY ${key}`);
}

function metricsStatement(db: Database, schema: MlflowSchema): PreparedStatement | null {
	const needed = ['model_id', 'metric_name', 'metric_value', 'metric_step', 'metric_timestamp_ms'];
	if (!needed.every((c) => schema.hasColumn('logged_model_metrics', c))) return null;
	const runId = schema.column('logged_model_metrics', 'run_id', 'NULL');
	return db.prepare(
		`SELECT metric_name, metric_value, metric_step, metric_timestamp_ms, ${runId} FROM logged_model_metrics
		WHERE model_id = ?1 ORDER BY metric_name, metric_step, metric_timestamp_ms`
	);
}

function readTags(stmt: PreparedStatement, modelId: string): Tag[] {
	const out: Tag[] = [];
	stmt.bind([modelId]);
	try {
		while (stmt.step()) out.push({ key: toText(stmt.get(0)), value: toText(stmt.get(1)) });
	} finally {
		stmt.reset(true);
	}
	return out;
}

/**
 * MLflow stores a model metric's NaN as 0 (it drops the is_nan flag for this table), so NaN cannot be told
 * apart from a real 0 here; ±Infinity is stored as ±DBL_MAX and is restored.
 */
function readMetrics(stmt: PreparedStatement, modelId: string): ImportedLoggedModel['metrics'] {
	const out: ImportedLoggedModel['metrics'] = [];
	stmt.bind([modelId]);
	try {
		while (stmt.step()) {
			const runId = toText(stmt.get(4));
			out.push({
				key: toText(stmt.get(0)),
				value: metricValue(toNumber(stmt.get(1)), false),
				step: toNumber(stmt.get(2)) ?? 0,
				timestamp: toNumber(stmt.get(3)) ?? 0,
				runId: runId || null
			});
		}
	} finally {
		stmt.reset(true);
	}
	return out;
}
