// The benchmark floor: the same metric rows inserted through the C functions (WASM exports, no JS wrappers) with
// one prepared statement into a scratch table of the metrics table's shape, in the same database (same VFS), in
// one transaction. No packing, no validation, no latest-value upkeep: what SQLite itself sustains here.
import { transaction } from './batch';
import { rawBindings, type Conn } from './sql';

export function rawInsertFloor(conn: Conn, rows: number): { ms: number; rows: number } {
	const { db, sqlite3 } = conn;
	const capi = rawBindings(sqlite3);
	db.exec(`DROP TABLE IF EXISTS bench_floor;
		CREATE TABLE bench_floor (run_pk INTEGER NOT NULL, key_id INTEGER NOT NULL, step INTEGER NOT NULL,
			timestamp INTEGER NOT NULL, seq INTEGER NOT NULL, value REAL,
			PRIMARY KEY (run_pk, key_id, step, timestamp, seq)) WITHOUT ROWID;`);
	const t0 = performance.now();
	transaction(db, () => {
		const stmt = db.prepare('INSERT INTO bench_floor VALUES (?, ?, ?, ?, ?, ?)');
		try {
			const p = stmt.pointer as number;
			capi.sqlite3_bind_int(p, 1, 1);
			capi.sqlite3_bind_int(p, 2, 1);
			for (let i = 0; i < rows; i++) {
				capi.sqlite3_bind_double(p, 3, i);
				capi.sqlite3_bind_double(p, 4, 1_700_000_000_000 + i);
				capi.sqlite3_bind_double(p, 5, i);
				capi.sqlite3_bind_double(p, 6, Math.sin(i));
				capi.sqlite3_step(p);
				capi.sqlite3_reset(p);
			}
		} finally {
			stmt.finalize();
		}
	});
	const ms = performance.now() - t0;
	db.exec('DROP TABLE bench_floor');
	return { ms, rows };
}
