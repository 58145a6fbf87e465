// Whole runs that come from imports, keeping their MLflow run_id as identity: the experiment they land in, and
// one run written alone. A run imported again is replaced as a whole (importing is idempotent); the caller holds
// the transaction. Experiments merge by name: a workshop's "diabetes-quickstart" from everyone lands in one
// experiment. Which rows a run becomes is decided in one place, the run writer (ingest-group.ts).
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { IngestRun } from '$lib/api/db-api';
import { checkName } from '$lib/api/validate';
import type { ImportedDatasetInput } from '$lib/importers/types';
import type { LifecycleStage, Tag } from '$lib/model/types';
import { createExperiment, setExperimentTag } from './experiments';
import type { ChunkedFile } from './artifacts';
import { writeRunGroup } from './ingest-group';
import { type Conn, one } from './sql';

export interface RunRecord extends IngestRun {
	inputs?: ImportedDatasetInput[];
	artifacts?: ChunkedFile[];
}

export interface ExperimentRecord {
	name: string;
	lifecycleStage?: LifecycleStage;
	tags?: Tag[];
	artifactLocation?: string;
}

/** The experiment that receives runs of this name: same name and lifecycle, else a new one. */
export function resolveExperiment(db: Database, record: ExperimentRecord, now: number): number {
	const name = checkName('Experiment name', record.name);
	const stage = record.lifecycleStage ?? 'active';
	const found = one<{ experiment_id: number }>(
		db,
		'SELECT experiment_id FROM experiments WHERE name = ? AND lifecycle_stage = ? ORDER BY experiment_id LIMIT 1',
		[name, stage]
	)?.experiment_id;
	let pk = found;
	if (pk === undefined) {
		if (stage === 'active') pk = Number(createExperiment(db, name, [], now));
		else {
			db.exec({
				sql: `INSERT INTO experiments(name, lifecycle_stage, artifact_location, creation_time, last_update_time)
					VALUES (?, 'deleted', ?, ?, ?)`,
				bind: [name, record.artifactLocation ?? '', now, now]
			});
			pk = Number(db.selectValue('SELECT last_insert_rowid()'));
		}
	}
	for (const tag of record.tags ?? []) setExperimentTag(db, pk, tag.key, tag.value, now);
	return pk;
}

/**
 * Replaces (or creates) one run with everything it holds: the run writer over a group of one, so a run written
 * alone becomes exactly the rows it becomes in a group. The caller holds the transaction.
 */
export function writeRun(
	conn: Conn,
	experimentPk: number,
	r: RunRecord,
	source: { kind: string; ref: string },
	digest?: string
): void {
	writeRunGroup(conn, [{ experimentPk, run: r, digest }], source);
}
