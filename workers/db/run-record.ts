// One run read whole for a bundle export (RunRecord, docs/bundle-format.md): every metric point, the dataset
// inputs and the logged models it is the source of. Points go straight into typed columns, key by key in byte
// order of the key and then in the series' own order (step, timestamp, logging order): the same run always
// comes out the same, whichever database holds it, so an exported bundle exported again is byte-identical.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { DatasetInput, LoggedModelRecord, PackedMetrics } from '$lib/api/db-api';
import { MetricPacker } from '$lib/importers/metric-packer';
import type { Tag } from '$lib/model/types';
import { listFilesBelow } from './artifacts';
import { byteOrder } from './runs';
import { all, metricValue, numOrNull } from './sql';

export function runPoints(db: Database, runPk: number): PackedMetrics {
	const keys = all<{ key_id: number; key: string }>(
		db,
		`SELECT l.key_id, k.key FROM latest_metrics l JOIN metric_keys k ON k.key_id = l.key_id
		WHERE l.run_pk = ?`,
		[runPk]
	).sort((a, b) => byteOrder(a.key, b.key));
	const packer = new MetricPacker();
	const stmt = db.prepare(
		'SELECT step, timestamp, value FROM metrics WHERE run_pk = ? AND key_id = ? ORDER BY step, timestamp, seq'
	);
	try {
		for (const { key_id, key } of keys) {
			const id = packer.keyId(key);
			stmt.bind([runPk, key_id]);
			while (stmt.step()) {
				packer.push(id, metricValue(stmt.get(2)), Number(stmt.get(0)), Number(stmt.get(1)));
			}
			stmt.reset(true);
		}
	} finally {
		stmt.finalize();
	}
	return packer.build();
}

export function runInputs(db: Database, runPk: number): DatasetInput[] {
	return all<{
		name: string;
		digest: string;
		source_type: string;
		source: string;
		schema: string;
		profile: string;
		context: string;
	}>(
		db,
		`SELECT name, digest, source_type, source, schema, profile, context FROM run_inputs
		WHERE run_pk = ? ORDER BY position`,
		[runPk]
	).map((r) => ({
		name: r.name,
		digest: r.digest,
		sourceType: r.source_type,
		source: r.source,
		schema: r.schema,
		profile: r.profile,
		context: r.context
	}));
}

/** models.ts stores a metric's NaN and infinities as their names (JSON has no such numbers). */
function storedNumber(value: unknown): number {
	return typeof value === 'string' ? Number(value) : metricValue(value);
}

/** The logged models whose source is this run, whole, with their files listed. */
export function loggedModelRecords(db: Database, runId: string): LoggedModelRecord[] {
	return all<{
		model_id: string;
		name: string;
		experiment_id: number;
		source_run_uuid: string | null;
		status: string;
		creation_time: number | null;
		params: string;
		tags: string;
		metrics: string;
	}>(
		db,
		`SELECT model_id, name, experiment_id, source_run_uuid, status, creation_time, params, tags, metrics
		FROM logged_models WHERE source_run_uuid = ? ORDER BY model_id`,
		[runId]
	).map((r) => ({
		modelId: r.model_id,
		name: r.name,
		experimentId: String(r.experiment_id),
		sourceRunId: r.source_run_uuid,
		status: r.status,
		creationTime: numOrNull(r.creation_time),
		params: JSON.parse(r.params) as Tag[],
		tags: JSON.parse(r.tags) as Tag[],
		metrics: (JSON.parse(r.metrics) as LoggedModelRecord['metrics']).map((m) => ({
			key: m.key,
			value: storedNumber(m.value),
			step: m.step,
			timestamp: m.timestamp,
			runId: m.runId ?? null
		})),
		artifacts: listFilesBelow(db, { modelId: r.model_id }, '')
	}));
}
