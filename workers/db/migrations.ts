// Versioned schema (PRAGMA user_version). Append new migrations; never edit a shipped one: users have data.
//
// Conventions:
// - experiments.experiment_id and runs.run_pk are internal integers; runs keep MLflow's 32-hex run_uuid as their
//   identity (idempotent re-import). Experiment ids are exposed as decimal strings, like MLflow's.
// - metric keys are interned (metric_keys) so the hot metrics table has only numeric columns.
// - metrics.value NULL encodes NaN (SQLite stores a bound NaN as NULL); ±Infinity are stored as REAL.
// - metrics keeps every point, duplicates included: seq (from meta.metric_seq) tells identical points apart.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '$lib/api/errors';
import { transaction } from './sql';

export const MIGRATIONS: readonly string[] = [
	`
	CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
	INSERT INTO meta(key, value) VALUES ('metric_seq', 0);

	CREATE TABLE experiments (
		experiment_id INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		artifact_location TEXT NOT NULL DEFAULT '',
		lifecycle_stage TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
		creation_time INTEGER NOT NULL,
		last_update_time INTEGER NOT NULL
	);
	CREATE UNIQUE INDEX experiments_active_name ON experiments(name) WHERE lifecycle_stage = 'active';

	CREATE TABLE experiment_tags (
		experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
		key TEXT NOT NULL,
		value TEXT NOT NULL,
		PRIMARY KEY (experiment_id, key)
	) WITHOUT ROWID;

	CREATE TABLE runs (
		run_pk INTEGER PRIMARY KEY,
		run_uuid TEXT NOT NULL UNIQUE CHECK (length(run_uuid) = 32),
		experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
		name TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL DEFAULT 'RUNNING'
			CHECK (status IN ('RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED')),
		start_time INTEGER,
		end_time INTEGER,
		lifecycle_stage TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
		deleted_time INTEGER,
		user_id TEXT NOT NULL DEFAULT '',
		artifact_uri TEXT NOT NULL DEFAULT '',
		-- Where the run came from: 'api' or an importer's name, and the file/URL it was read from.
		source_kind TEXT NOT NULL DEFAULT 'api',
		source_ref TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX runs_by_experiment ON runs(experiment_id, start_time);

	CREATE TABLE params (
		run_pk INTEGER NOT NULL REFERENCES runs(run_pk),
		key TEXT NOT NULL,
		value TEXT NOT NULL,
		PRIMARY KEY (run_pk, key)
	) WITHOUT ROWID;

	CREATE TABLE tags (
		run_pk INTEGER NOT NULL REFERENCES runs(run_pk),
		key TEXT NOT NULL,
		value TEXT NOT NULL,
		PRIMARY KEY (run_pk, key)
	) WITHOUT ROWID;

	CREATE TABLE metric_keys (key_id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);

	CREATE TABLE metrics (
		run_pk INTEGER NOT NULL,
		key_id INTEGER NOT NULL,
		step INTEGER NOT NULL,
		timestamp INTEGER NOT NULL,
		seq INTEGER NOT NULL,
		value REAL,
		PRIMARY KEY (run_pk, key_id, step, timestamp, seq)
	) WITHOUT ROWID;

	CREATE TABLE latest_metrics (
		run_pk INTEGER NOT NULL,
		key_id INTEGER NOT NULL,
		step INTEGER NOT NULL,
		timestamp INTEGER NOT NULL,
		value REAL,
		PRIMARY KEY (run_pk, key_id)
	) WITHOUT ROWID;

	-- Ready for artifact storage: bytes live with their run, written in the run's transaction.
	CREATE TABLE artifacts (
		run_pk INTEGER NOT NULL REFERENCES runs(run_pk),
		path TEXT NOT NULL,
		size INTEGER NOT NULL,
		content BLOB,
		PRIMARY KEY (run_pk, path)
	) WITHOUT ROWID;
	`,
	// 2: what imports bring beside runs: dataset inputs per run, MLflow 3 logged models, and the runs' source.
	`
	CREATE TABLE run_inputs (
		run_pk INTEGER NOT NULL REFERENCES runs(run_pk),
		position INTEGER NOT NULL,
		name TEXT NOT NULL,
		digest TEXT NOT NULL,
		source_type TEXT NOT NULL,
		source TEXT NOT NULL,
		schema TEXT NOT NULL,
		profile TEXT NOT NULL,
		context TEXT NOT NULL,
		PRIMARY KEY (run_pk, position)
	) WITHOUT ROWID;

	-- Logged models are listed with their params, tags and metrics (JSON arrays of {key, value, ...}).
	CREATE TABLE logged_models (
		model_id TEXT PRIMARY KEY,
		experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
		name TEXT NOT NULL,
		source_run_uuid TEXT,
		status TEXT NOT NULL,
		creation_time INTEGER,
		params TEXT NOT NULL,
		tags TEXT NOT NULL,
		metrics TEXT NOT NULL
	) WITHOUT ROWID;
	`,
	// 3: artifact bytes in 1 MiB chunks (no file needs one giant buffer), for runs and for logged models.
	// A file belongs to exactly one run or one logged model; the run's old single-BLOB rows move over.
	`
	CREATE TABLE artifact_files (
		file_id INTEGER PRIMARY KEY,
		run_pk INTEGER REFERENCES runs(run_pk),
		model_id TEXT REFERENCES logged_models(model_id),
		path TEXT NOT NULL,
		size INTEGER NOT NULL,
		CHECK ((run_pk IS NULL) <> (model_id IS NULL))
	);
	CREATE UNIQUE INDEX artifact_files_of_run ON artifact_files(run_pk, path) WHERE run_pk IS NOT NULL;
	CREATE UNIQUE INDEX artifact_files_of_model ON artifact_files(model_id, path) WHERE model_id IS NOT NULL;

	-- A rowid table: 1 MiB rows do not belong in a WITHOUT ROWID b-tree.
	CREATE TABLE artifact_chunks (
		file_id INTEGER NOT NULL REFERENCES artifact_files(file_id),
		seq INTEGER NOT NULL,
		data BLOB NOT NULL,
		UNIQUE (file_id, seq)
	);

	CREATE INDEX logged_models_by_run ON logged_models(source_run_uuid);

	INSERT INTO artifact_files(run_pk, path, size) SELECT run_pk, path, size FROM artifacts ORDER BY run_pk, path;
	INSERT INTO artifact_chunks(file_id, seq, data)
		WITH RECURSIVE pieces(file_id, content, seq) AS (
			SELECT f.file_id, a.content, 0 FROM artifacts a
				JOIN artifact_files f ON f.run_pk = a.run_pk AND f.path = a.path
				WHERE length(a.content) > 0
			UNION ALL
			SELECT file_id, content, seq + 1 FROM pieces WHERE (seq + 1) * 1048576 < length(content)
		)
		SELECT file_id, seq, substr(content, seq * 1048576 + 1, 1048576) FROM pieces;
	DROP TABLE artifacts;
	`,
	// 4: block summaries of long metric series (workers/db/charts/summary/), so a chart of 100 runs × 100k points reads a
	// few thousand 96-byte blocks (8 per row) per run instead of every point. latest_metrics learns each series' point count
	// and whether its summary is valid; series that are long already are summarised by their next full read.
	`
	ALTER TABLE latest_metrics ADD COLUMN points INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE latest_metrics ADD COLUMN summary INTEGER NOT NULL DEFAULT 0;
	UPDATE latest_metrics SET points = (SELECT count(*) FROM metrics m
		WHERE m.run_pk = latest_metrics.run_pk AND m.key_id = latest_metrics.key_id);
	UPDATE latest_metrics SET summary = 2 WHERE points >= 8192;

	CREATE TABLE metric_blocks (
		run_pk INTEGER NOT NULL,
		key_id INTEGER NOT NULL,
		level INTEGER NOT NULL,
		chunk INTEGER NOT NULL,
		data BLOB NOT NULL,
		PRIMARY KEY (run_pk, key_id, level, chunk)
	) WITHOUT ROWID;
	`,
	// 5: the points of long series packed in pages of 128 (workers/db/charts/summary/pages.ts), so a deep zoom reads ~100
	// rows per run instead of ~12,500. A rowid table: a page row (up to 2 KiB) would overflow a WITHOUT ROWID cell.
	// Summaries made before have no pages: marked stale, they are rebuilt (pages too) by the series' next full read.
	`
	CREATE TABLE metric_pages (
		run_pk INTEGER NOT NULL,
		key_id INTEGER NOT NULL,
		page INTEGER NOT NULL,
		first_step INTEGER NOT NULL,
		last_step INTEGER NOT NULL,
		steps BLOB,
		vals BLOB NOT NULL,
		UNIQUE (run_pk, key_id, page)
	);
	-- Pages by step for a zoom's range: steps never decrease from page to page, so page order is step order.
	CREATE INDEX metric_pages_by_step ON metric_pages(run_pk, key_id, last_step, page);
	DELETE FROM metric_blocks;
	UPDATE latest_metrics SET summary = 2 WHERE summary = 1;
	`,
	// 6: a digest of what each imported run held when it was written (workers/db/import/run-digest.ts), so importing
	// it again can tell unchanged from updated without reading the run back, and skip rewriting it. Any later change
	// to the run (a tag, a param, a metric point, an artifact, its row) drops the digest: the run then counts as
	// updated and is rewritten, never wrongly called unchanged. Runs stored before have no digest.
	`
	CREATE TABLE run_digests (
		run_pk INTEGER PRIMARY KEY,
		digest TEXT NOT NULL
	);
	CREATE TRIGGER run_digest_run_changed AFTER UPDATE ON runs
		BEGIN DELETE FROM run_digests WHERE run_pk = OLD.run_pk; END;
	CREATE TRIGGER run_digest_run_deleted AFTER DELETE ON runs
		BEGIN DELETE FROM run_digests WHERE run_pk = OLD.run_pk; END;
	CREATE TRIGGER run_digest_param_added AFTER INSERT ON params
		BEGIN DELETE FROM run_digests WHERE run_pk = NEW.run_pk; END;
	CREATE TRIGGER run_digest_param_changed AFTER UPDATE ON params
		BEGIN DELETE FROM run_digests WHERE run_pk = OLD.run_pk; END;
	CREATE TRIGGER run_digest_param_deleted AFTER DELETE ON params
		BEGIN DELETE FROM run_digests WHERE run_pk = OLD.run_pk; END;
	CREATE TRIGGER run_digest_tag_added AFTER INSERT ON tags
		BEGIN DELETE FROM run_digests WHERE run_pk = NEW.run_pk; END;
	CREATE TRIGGER run_digest_tag_changed AFTER UPDATE ON tags
		BEGIN DELETE FROM run_digests WHERE run_pk = OLD.run_pk; END;
	CREATE TRIGGER run_digest_tag_deleted AFTER DELETE ON tags
		BEGIN DELETE FROM run_digests WHERE run_pk = OLD.run_pk; END;
	CREATE TRIGGER run_digest_metric_logged AFTER INSERT ON latest_metrics
		BEGIN DELETE FROM run_digests WHERE run_pk = NEW.run_pk; END;
	CREATE TRIGGER run_digest_metric_changed AFTER UPDATE ON latest_metrics
		BEGIN DELETE FROM run_digests WHERE run_pk = OLD.run_pk; END;
	CREATE TRIGGER run_digest_input_added AFTER INSERT ON run_inputs
		BEGIN DELETE FROM run_digests WHERE run_pk = NEW.run_pk; END;
	CREATE TRIGGER run_digest_artifact_added AFTER INSERT ON artifact_files
		BEGIN DELETE FROM run_digests WHERE run_pk = NEW.run_pk; END;
	CREATE TRIGGER run_digest_artifact_deleted AFTER DELETE ON artifact_files
		BEGIN DELETE FROM run_digests WHERE run_pk = OLD.run_pk; END;
	`,
	// 7: the runs table sorts by any metric, param or tag (workers/db/runs-table-order.ts): each key's values in order,
	// read off an index instead of sorting every run's value in SQLite's sorter (~10× slower at 100,000 runs).
	`
	CREATE INDEX latest_metrics_by_value ON latest_metrics(key_id, value);
	CREATE INDEX params_by_value ON params(key, value);
	CREATE INDEX tags_by_value ON tags(key, value);
	`,
	// 8: the runs table's dataset columns (workers/db/runs-table-datasets.ts): the contexts in use, walked a step
	// per context instead of a pass over every input (the column list is read before the first rows), and each
	// context's inputs for its column's sort.
	`
	CREATE INDEX run_inputs_by_context ON run_inputs(context, run_pk);
	`
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the schema up to date, one transaction per migration. Refuses a database from a newer Runboard. */
export function migrate(db: Database): number {
	const current = Number(db.selectValue('PRAGMA user_version') ?? 0);
	if (current > SCHEMA_VERSION) {
		throw new RunboardError(
			'DB_UNAVAILABLE',
			`This database was written by a newer Runboard (schema ${current}; this version knows ${SCHEMA_VERSION}). ` +
				'Reload to get the newest version of the app.'
		);
	}
	for (let version = current; version < SCHEMA_VERSION; version++) {
		transaction(db, () => {
			db.exec(MIGRATIONS[version] as string);
			db.exec(`PRAGMA user_version = ${version + 1}`);
		});
	}
	return SCHEMA_VERSION;
}
