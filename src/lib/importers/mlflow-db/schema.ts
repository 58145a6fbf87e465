// What this MLflow database has. MLflow's schema grew through ~70 Alembic revisions (2019 → 2026), so the
// importer never maps a revision to a schema: it asks SQLite which tables and columns exist and adapts.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '../../api/errors';

/** The tables the importer reads; every other table (registry, traces, jobs, …) is ignored. */
export const KNOWN_TABLES = [
	'experiments',
	'experiment_tags',
	'runs',
	'metrics',
	'params',
	'tags',
	'datasets',
	'inputs',
	'input_tags',
	'logged_models',
	'logged_model_params',
	'logged_model_tags',
	'logged_model_metrics',
	'alembic_version'
] as const;
export type KnownTable = (typeof KNOWN_TABLES)[number];

/** The least that makes a database an MLflow tracking store (docs/formats.md §2.4). */
const REQUIRED: Partial<Record<KnownTable, string[]>> = {
	experiments: ['experiment_id', 'name'],
	runs: ['run_uuid', 'experiment_id'],
	metrics: ['key', 'value', 'timestamp', 'run_uuid']
};

export interface MlflowSchema {
	/** alembic_version.version_num, or null for pre-Alembic (MLflow 0.9-era) databases. */
	revision: string | null;
	hasColumn(table: KnownTable, column: string): boolean;
	/** `column` when it exists, else `fallback` (a SQL literal), for explicit column lists across schema ages. */
	column(table: KnownTable, column: string, fallback: string): string;
	/** A name for runs' rowid that no column of runs shadows: rowid, _rowid_ or oid. */
	runsRowid: string;
}

interface SchemaObjects {
	/** lower-case name → 'table' | 'view' | … for every named object in sqlite_schema. */
	kinds: Map<string, string>;
	columns: Map<KnownTable, Set<string>>;
	withoutRowid: Set<string>;
}

function readObjects(db: Database): SchemaObjects {
	const kinds = new Map<string, string>();
	for (const [type, name] of db.selectArrays(
		`SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view')`
	)) {
		kinds.set(String(name).toLowerCase(), String(type));
	}
	const columns = new Map<KnownTable, Set<string>>();
	for (const table of KNOWN_TABLES) {
		// Only real tables: a view named `runs` could run anything when read, so it is never read.
		if (kinds.get(table) !== 'table') continue;
		const names = db
			.selectArrays('SELECT name FROM pragma_table_info(?1)', [table])
			.map((r) => String(r[0]).toLowerCase());
		columns.set(table, new Set(names));
	}
	const withoutRowid = new Set(
		db
			.selectArrays(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND wr = 1`)
			.map((r) => String(r[0]).toLowerCase())
	);
	return { kinds, columns, withoutRowid };
}

/** True when the tables runs, metrics and experiments exist as tables: what detect() calls "MLflow". */
export function looksLikeMlflow(db: Database): boolean {
	const { columns } = readObjects(db);
	return columns.has('runs') && columns.has('metrics') && columns.has('experiments');
}

/** Reads the schema, or throws IMPORT_UNRECOGNIZED saying what an MLflow database has and what this one lacks. */
export function readSchema(db: Database, name: string): MlflowSchema {
	const objects = readObjects(db);
	const { columns } = objects;
	const hasColumn = (table: KnownTable, column: string) => columns.get(table)?.has(column) ?? false;
	const revision = hasColumn('alembic_version', 'version_num') ? readRevision(db) : null;
	const runsRowid = ['rowid', '_rowid_', 'oid'].find((alias) => !columns.get('runs')?.has(alias));
	requireMlflowTables(objects, name, runsRowid, revision);
	return {
		revision,
		hasColumn,
		column: (table, column, fallback) => (hasColumn(table, column) ? column : fallback),
		runsRowid: runsRowid ?? 'rowid'
	};
}

function readRevision(db: Database): string | null {
	const value = db.selectValue('SELECT version_num FROM alembic_version LIMIT 1');
	return value === undefined || value === null ? null : String(value);
}

function requireMlflowTables(
	objects: SchemaObjects,
	name: string,
	runsRowid: string | undefined,
	revision: string | null
): void {
	const { kinds, columns } = objects;
	const problems: string[] = [];
	for (const [table, required] of Object.entries(REQUIRED) as [KnownTable, string[]][]) {
		const kind = kinds.get(table);
		if (kind === undefined) problems.push(`no table "${table}"`);
		else if (kind !== 'table')
			problems.push(`"${table}" is a ${kind}, not a table (Runboard reads only tables)`);
		else {
			const missing = required.filter((c) => !columns.get(table)?.has(c));
			if (missing.length)
				problems.push(`table "${table}" lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
		}
	}
	// Runs are matched to their rows by rowid, which MLflow's runs table (a VARCHAR primary key) always has.
	if (objects.withoutRowid.has('runs') || (columns.has('runs') && !runsRowid)) {
		problems.push('table "runs" has no usable rowid (MLflow never creates such a table)');
	}
	if (!problems.length) return;
	const found = [...kinds.keys()].filter((k) => !k.startsWith('sqlite_')).sort();
	// An Alembic revision says some Alembic-managed app wrote it (maybe MLflow's registry-only or auth db).
	const alembic = revision ? ` (Alembic revision ${revision})` : '';
	throw new RunboardError(
		'IMPORT_UNRECOGNIZED',
		`${name}${alembic} is a SQLite database but not an MLflow tracking database: ${problems.join('; ')}. ` +
			'Expected the MLflow tables experiments(experiment_id, name), runs(run_uuid, experiment_id) and ' +
			`metrics(key, value, timestamp, run_uuid). Found: ${found.length ? found.slice(0, 20).join(', ') : 'no tables'}` +
			(found.length > 20 ? ` and ${found.length - 20} more` : '') +
			'.',
		{ file: name, expected: Object.keys(REQUIRED), found, revision }
	);
}
