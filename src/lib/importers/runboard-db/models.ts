// MLflow 3 logged models as Runboard stores them (workers/db/models.ts): one row each, with params, tags and
// metrics as JSON arrays, NaN and ±Infinity spelled as strings. The JSON comes from an untrusted file: each item
// is checked for its shape, and a field that is not what Runboard writes becomes a warning, not a crash.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { Tag } from '../../model/types';
import { toNumber, toText } from '../mlflow-db/values';
import type { ImportedLoggedModel, ImportWarning } from '../types';

type ModelMetric = ImportedLoggedModel['metrics'][number];

export interface StoredModel {
	model: ImportedLoggedModel;
	/** A field whose JSON was not what Runboard writes (read as empty). */
	problem: ImportWarning | null;
}

export function* readLoggedModels(db: Database): Generator<StoredModel> {
	const stmt = db.prepare(
		`SELECT model_id, experiment_id, name, source_run_uuid, status, creation_time, params, tags, metrics
		FROM logged_models WHERE experiment_id IN (SELECT experiment_id FROM experiments) ORDER BY model_id`
	);
	try {
		while (stmt.step()) {
			const modelId = toText(stmt.get(0));
			const bad: string[] = [];
			const field = <T>(column: number, label: string, item: (v: unknown) => T | null): T[] => {
				const items = jsonArray(toText(stmt.get(column)));
				const out = items?.map(item) ?? null;
				if (out === null || out.some((x) => x === null)) {
					bad.push(label);
					return [];
				}
				return out as T[];
			};
			const sourceRun = stmt.get(3);
			const model: ImportedLoggedModel = {
				modelId,
				experimentKey: toText(stmt.get(1)),
				name: toText(stmt.get(2)),
				sourceRunId: sourceRun === null || sourceRun === undefined ? null : toText(sourceRun),
				status: toText(stmt.get(4)),
				creationTime: toNumber(stmt.get(5)),
				params: field(6, 'params', asTag),
				tags: field(7, 'tags', asTag),
				metrics: field(8, 'metrics', asMetric),
				artifacts: []
			};
			const problem: ImportWarning | null = bad.length
				? {
						kind: 'invalid-item',
						message: `logged model ${modelId}: its ${bad.join(' and ')} are not the JSON Runboard writes; imported without them.`
					}
				: null;
			yield { model, problem };
		}
	} finally {
		stmt.finalize();
	}
}

/** Logged models whose experiment is not in the file: they cannot be placed, so they are not imported. */
export function homelessModels(db: Database): number {
	const sql =
		'SELECT count(*) FROM logged_models WHERE experiment_id NOT IN (SELECT experiment_id FROM experiments)';
	return toNumber(db.selectValue(sql)) ?? 0;
}

function jsonArray(text: string): unknown[] | null {
	try {
		const value: unknown = JSON.parse(text);
		return Array.isArray(value) ? value : null;
	} catch {
		return null;
	}
}

function record(v: unknown): Record<string, unknown> | null {
	return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function asTag(v: unknown): Tag | null {
	const r = record(v);
	if (!r || typeof r.key !== 'string' || typeof r.value !== 'string') return null;
	return { key: r.key, value: r.value };
}

/** JSON has no NaN or infinities: Runboard writes their names. */
function numberOf(v: unknown): number | null {
	if (typeof v === 'number') return v;
	if (v === 'NaN') return NaN;
	if (v === 'Infinity') return Infinity;
	if (v === '-Infinity') return -Infinity;
	return null;
}

function asMetric(v: unknown): ModelMetric | null {
	const r = record(v);
	if (!r || typeof r.key !== 'string') return null;
	const value = numberOf(r.value);
	const step = numberOf(r.step);
	const timestamp = numberOf(r.timestamp);
	if (value === null || step === null || timestamp === null) return null;
	const runId = typeof r.runId === 'string' ? r.runId : null;
	return { key: r.key, value, step, timestamp, runId };
}
