// One run read whole for a bundle export (RunRecord, docs/bundle-format.md): every metric point, the dataset
// inputs and the logged models it is the source of. Points go straight into typed columns, key by key in byte
// order of the key and then in the series' own order (step, timestamp, logging order): the same run always
// comes out the same, whichever database holds it, so an exported bundle exported again is byte-identical.
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { DatasetInput, LoggedModelRecord, PackedMetrics, RunRecord } from '$lib/api/db-api';
import { MetricPacker } from '$lib/importers/metric-packer';
import type { Tag } from '$lib/model/types';
import { listFilesBelow } from './artifacts';
import { byteOrder, loadRuns, runRef } from './runs';
import { all, cachedStatement, metricValue, numOrNull, type Conn } from './sql';

/** Points a batch of records stops at (after the run that reaches it): bounds what one reply holds. */
export const RECORD_BATCH_POINTS = 1_000_000;

/**
 * The runs whole, in the order asked, as many as fit `maxPoints` (always the first; the caller asks again for
 * the rest). One call for many small runs: a reply's round trip and the runs' rows read in one go cost more than
 * a small run's points (~1 ms a run when each was asked alone).
 */
export function runRecords(conn: Conn, runIds: string[], maxPoints = Infinity): RunRecord[] {
	const { db } = conn;
	const refs = runIds.map((id) => runRef(db, id));
	const runs = loadRuns(
		db,
		refs.map((r) => r.pk)
	);
	const out: RunRecord[] = [];
	let points = 0;
	for (const [i, ref] of refs.entries()) {
		if (i > 0 && points >= maxPoints) break;
		const run = runs[i] as (typeof runs)[number];
		const metrics = runPoints(conn, ref.pk);
		points += metrics.values.length;
		out.push({
			info: run.info,
			params: run.data.params,
			tags: run.data.tags,
			inputs: runInputs(db, ref.pk),
			metrics,
			artifacts: listFilesBelow(db, { runPk: ref.pk }, ''),
			loggedModels: loggedModelRecords(db, run.info.runId)
		});
	}
	return out;
}

/** The C column readers, called on the WASM exports directly (as metrics.ts binds): numbers only. */
interface RawColumns {
	sqlite3_step(p: number): number;
	sqlite3_reset(p: number): number;
	sqlite3_bind_int(p: number, i: number, v: number): number;
	sqlite3_column_double(p: number, i: number): number;
	sqlite3_column_type(p: number, i: number): number;
}

const SQLITE_ROW = 100;
const SQLITE_NULL = 5;
const POINTS_SQL =
	'SELECT step, timestamp, value FROM metrics WHERE run_pk = ? AND key_id = ? ORDER BY step, timestamp, seq';

/**
 * Every point of the run, read through the C column functions: oo1's get() per column cost ~5 µs a point, most
 * of an export's time. Steps and timestamps are integers below 2^53, so their doubles are exact; a NULL value is
 * NaN (sql.ts, metricValue).
 */
export function runPoints(conn: Conn, runPk: number): PackedMetrics {
	const { db } = conn;
	const keys = all<{ key_id: number; key: string }>(
		db,
		`SELECT l.key_id, k.key FROM latest_metrics l JOIN metric_keys k ON k.key_id = l.key_id
		WHERE l.run_pk = ?`,
		[runPk]
	).sort((a, b) => byteOrder(a.key, b.key));
	const packer = new MetricPacker();
	const raw = conn.sqlite3.wasm.exports as unknown as RawColumns;
	const p = cachedStatement(db, POINTS_SQL).pointer as number;
	try {
		for (const { key_id, key } of keys) {
			const id = packer.keyId(key);
			raw.sqlite3_bind_int(p, 1, runPk);
			raw.sqlite3_bind_int(p, 2, key_id);
			while (raw.sqlite3_step(p) === SQLITE_ROW) {
				const value = raw.sqlite3_column_type(p, 2) === SQLITE_NULL ? NaN : raw.sqlite3_column_double(p, 2);
				packer.push(id, value, raw.sqlite3_column_double(p, 0), raw.sqlite3_column_double(p, 1));
			}
			raw.sqlite3_reset(p);
		}
	} finally {
		raw.sqlite3_reset(p);
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
