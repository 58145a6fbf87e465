// Mutations of an MLflow SQLite database: rows whose values have the wrong type or size, rows deleted or
// repeated, tables or indexes dropped (all through SQL, so SQLite's integrity check passes and the importer's
// own reading is what is tested), and damaged pages, headers and lengths (what SQLite itself must refuse).
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { mutateBytes } from './mutate-bytes';
import type { Prng } from '../prng';
import { KNOWN_TABLES } from '$lib/importers/mlflow-db/schema';

/** The tables the importer reads (its own list, without the version table), and one it must ignore. */
const TABLES = [...KNOWN_TABLES.filter((t) => t !== 'alembic_version'), 'latest_metrics'];

/** SQL literals of every storage class, and values at our limits and MLflow's. */
export const VALUES = [
	'NULL',
	"''",
	"'x'",
	"X'00ff'",
	"X''",
	'0',
	'-1',
	'1.5',
	'1e308',
	'-1e308',
	'9223372036854775807',
	"'NaN'",
	"'12abc'",
	"'RUNNING'",
	"'deleted'",
	"'0123456789abcdef0123456789abcdef'",
	"'0123456789ABCDEF0123456789ABCDEF'",
	"'ab'",
	`'${'k'.repeat(251)}'`,
	`'${'v'.repeat(9000)}'`,
	"'__proto__'",
	"'a/../b'",
	"'\u202e\ud7ff'"
];

function deserialize(sqlite3: Sqlite3Static, bytes: Uint8Array) {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const p = sqlite3.wasm.allocFromTypedArray(bytes);
	const { capi } = sqlite3;
	const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE;
	const rc = capi.sqlite3_deserialize(db, 'main', p, bytes.length, bytes.length, flags);
	if (rc !== 0) throw new Error(`fuzz: cannot deserialize the seed (${rc})`);
	return db;
}

/** 1–4 row or schema changes made through SQL; the result is a valid SQLite file. */
export function mutateRows(sqlite3: Sqlite3Static, prng: Prng, seed: Uint8Array): Uint8Array {
	const db = deserialize(sqlite3, seed);
	try {
		const changes = 1 + prng.int(4);
		for (let c = 0; c < changes; c++) {
			const table = prng.pick(TABLES);
			const columns = db
				.selectArrays(`SELECT name FROM pragma_table_info('${table}')`)
				.map((r) => String(r[0]));
			if (columns.length === 0) continue;
			const column = prng.pick(columns);
			const count = Number(db.selectValue(`SELECT count(*) FROM "${table}"`));
			const row = `(SELECT rowid FROM "${table}" LIMIT 1 OFFSET ${prng.int(Math.max(count, 1))})`;
			const kind = prng.int(10);
			try {
				if (kind < 6)
					db.exec(`UPDATE "${table}" SET "${column}" = ${prng.pick(VALUES)} WHERE rowid = ${row}`);
				else if (kind === 6) db.exec(`DELETE FROM "${table}" WHERE rowid = ${row}`);
				else if (kind === 7) db.exec(`UPDATE "${table}" SET "${column}" = ${prng.pick(VALUES)}`);
				else if (kind === 8) {
					const index = db.selectValue(
						`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = '${table}' AND sql IS NOT NULL LIMIT 1`
					);
					db.exec(index ? `DROP INDEX "${String(index)}"` : `DROP TABLE "${table}"`);
				} else {
					const list = columns.map((n) => `"${n}"`).join(', ');
					db.exec(
						`INSERT OR IGNORE INTO "${table}"(${list}) SELECT ${list} FROM "${table}" WHERE rowid = ${row}`
					);
				}
			} catch {
				// A constraint (NOT NULL, a foreign key, a unique index) refused this change: try another.
			}
		}
		return sqlite3.capi.sqlite3_js_db_export(db);
	} finally {
		db.close();
	}
}

/** Damaged bytes: a page overwritten or zeroed, two pages swapped, the header changed, the file cut or grown. */
export function mutatePages(prng: Prng, seed: Uint8Array): Uint8Array {
	const pageSize = ((seed[16] ?? 0) << 8) | (seed[17] ?? 0) || 4096;
	const pages = Math.max(1, Math.floor(seed.length / pageSize));
	const out = seed.slice();
	const page = prng.int(pages);
	const start = page * pageSize;
	switch (prng.int(5)) {
		case 0: {
			const n = 1 + prng.int(16);
			for (let i = 0; i < n; i++) out[start + prng.int(pageSize)] = prng.int(256);
			return out;
		}
		case 1:
			out.fill(prng.chance(0.5) ? 0 : 0xff, start, start + pageSize);
			return out;
		case 2: {
			const other = prng.int(pages) * pageSize;
			const copy = out.slice(start, start + pageSize);
			out.copyWithin(start, other, other + pageSize);
			out.set(copy, other);
			return out;
		}
		case 3:
			out[16 + prng.int(84)] = prng.int(256);
			return out;
		default:
			return mutateBytes(prng, seed);
	}
}
