// What makes a SQLite file Runboard's own database (the Storage page's download), and which of its schema
// versions this build reads. The schema is workers/db/migrations.ts; importers may not import workers/, so the
// version this build writes is repeated here and a unit test keeps the two equal (importer-runboard-db.test.ts).
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '../../api/errors';

/** PRAGMA user_version of a database written by this build (SCHEMA_VERSION of workers/db/migrations.ts). */
export const RUNBOARD_SCHEMA_VERSION = 8;

/**
 * The oldest version read: 3 moved artifact bytes into artifact_files + artifact_chunks. Versions 4 and 5 only
 * added chart summaries (metric_blocks, metric_pages), which are never read: the points come from `metrics`.
 * Version 6 only added import digests (run_digests), never read either; 7 and 8 only indexes (the runs table's
 * sorts and dataset columns).
 */
export const OLDEST_READABLE_VERSION = 3;

/** Tables and the columns the reader needs; run_pk and metric_keys are what no MLflow database has. */
const REQUIRED: Record<string, string[]> = {
	meta: ['key', 'value'],
	experiments: ['experiment_id', 'name', 'lifecycle_stage', 'creation_time', 'last_update_time'],
	experiment_tags: ['experiment_id', 'key', 'value'],
	runs: ['run_pk', 'run_uuid', 'experiment_id', 'name', 'status', 'start_time', 'end_time'],
	params: ['run_pk', 'key', 'value'],
	tags: ['run_pk', 'key', 'value'],
	metric_keys: ['key_id', 'key'],
	metrics: ['run_pk', 'key_id', 'step', 'timestamp', 'seq', 'value']
};

/** Tables of version 3 and later that the reader needs too. */
const REQUIRED_SINCE_3: Record<string, string[]> = {
	run_inputs: [
		'run_pk',
		'position',
		'name',
		'digest',
		'source_type',
		'source',
		'schema',
		'profile',
		'context'
	],
	logged_models: [
		'model_id',
		'experiment_id',
		'name',
		'source_run_uuid',
		'status',
		'params',
		'tags',
		'metrics'
	],
	artifact_files: ['file_id', 'run_pk', 'model_id', 'path', 'size'],
	artifact_chunks: ['file_id', 'seq', 'data']
};

/** PRAGMA user_version, from the 4 bytes at offset 60 of the file's header (no SQLite needed). */
export function userVersionOf(header: Uint8Array): number {
	if (header.length < 64) return 0;
	return new DataView(header.buffer, header.byteOffset, header.byteLength).getUint32(60);
}

/** The problems that keep `db` from being read as Runboard's, in words; [] when it has every table needed. */
function missingParts(db: Database, required: Record<string, string[]>): string[] {
	const problems: string[] = [];
	for (const [table, columns] of Object.entries(required)) {
		const kind = db.selectValue(`SELECT type FROM sqlite_schema WHERE lower(name) = ?1`, [table]);
		if (kind !== 'table') {
			problems.push(kind === undefined ? `no table "${table}"` : `"${table}" is a ${String(kind)}`);
			continue;
		}
		const have = new Set(
			db
				.selectArrays('SELECT name FROM pragma_table_info(?1)', [table])
				.map((r) => String(r[0]).toLowerCase())
		);
		const missing = columns.filter((c) => !have.has(c));
		if (missing.length) problems.push(`table "${table}" lacks ${missing.join(', ')}`);
	}
	return problems;
}

/** Detection: Runboard's tables (runs keyed by run_pk, interned metric keys) and a user_version set. */
export function looksLikeRunboard(db: Database, userVersion: number): boolean {
	return userVersion >= 1 && missingParts(db, REQUIRED).length === 0;
}

/**
 * Throws unless this build can read the database: a newer Runboard's schema is refused (its tables may mean
 * something this build does not know), and so is one older than OLDEST_READABLE_VERSION or missing a table.
 */
export function checkReadable(db: Database, userVersion: number, name: string): void {
	// Detection may have let through a file whose schema it could not read: say plainly when it is not ours.
	if (!looksLikeRunboard(db, userVersion)) {
		const problems =
			userVersion < 1 ? ['no schema version (PRAGMA user_version is 0)'] : missingParts(db, REQUIRED);
		throw new RunboardError(
			'IMPORT_UNRECOGNIZED',
			`${name} is a SQLite database but neither an MLflow tracking database nor a Runboard database: ` +
				`${problems.slice(0, 5).join('; ')}.`,
			{ file: name, schemaVersion: userVersion, problems }
		);
	}
	if (userVersion > RUNBOARD_SCHEMA_VERSION) {
		throw new RunboardError(
			'IMPORT_UNRECOGNIZED',
			`${name} was written by a newer Runboard (database schema ${userVersion}); this version reads schemas ` +
				`${OLDEST_READABLE_VERSION} to ${RUNBOARD_SCHEMA_VERSION}. Reload the page to get the newest Runboard, then import it again.`,
			{ file: name, schemaVersion: userVersion, readable: [OLDEST_READABLE_VERSION, RUNBOARD_SCHEMA_VERSION] }
		);
	}
	if (userVersion < OLDEST_READABLE_VERSION) {
		throw new RunboardError(
			'IMPORT_UNRECOGNIZED',
			`${name} is a Runboard database of schema ${userVersion}, older than this version reads ` +
				`(${OLDEST_READABLE_VERSION} to ${RUNBOARD_SCHEMA_VERSION}).`,
			{ file: name, schemaVersion: userVersion, readable: [OLDEST_READABLE_VERSION, RUNBOARD_SCHEMA_VERSION] }
		);
	}
	const problems = missingParts(db, { ...REQUIRED, ...REQUIRED_SINCE_3 });
	if (problems.length) {
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`${name} says it is a Runboard database of schema ${userVersion} but lacks what that schema has: ` +
				`${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ' …' : ''}.`,
			{ file: name, schemaVersion: userVersion, problems }
		);
	}
}
