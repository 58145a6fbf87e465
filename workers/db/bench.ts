// The benchmark floor: the same metric rows inserted through the C functions (WASM exports, no JS wrappers) with
// one prepared statement into a scratch table of the metrics table's shape, in the same database (same VFS), in
// one transaction. No packing, no validation, no latest-value upkeep: what SQLite itself sustains here. One row
// per statement is the floor the targets are stated against; several rows per statement (as the metric writer
// does) is printed beside it, so a ratio below one row's floor is not mistaken for magic.
// TEST BUILD ONLY: db.worker.ts imports this only when VITE_RUNBOARD_TEST_HOOKS is '1' (scripts/build-e2e.mjs, which
// `npm run bench` runs first); it is not part of DbApi, and `npm run build` leaves it out.
import type { BenchHooks } from '$lib/api/bench-hooks';
import { checkInteger } from '$lib/api/validate';
import { transaction } from './batch';
import { rawBindings, type Conn } from './sql';

export function rawInsertFloor(conn: Conn, rows: number, rowsPerStatement = 1): { ms: number; rows: number } {
	const { db, sqlite3 } = conn;
	const capi = rawBindings(sqlite3);
	const per = Math.max(1, Math.min(rowsPerStatement, 1000));
	db.exec(`DROP TABLE IF EXISTS bench_floor;
		CREATE TABLE bench_floor (run_pk INTEGER NOT NULL, key_id INTEGER NOT NULL, step INTEGER NOT NULL,
			timestamp INTEGER NOT NULL, seq INTEGER NOT NULL, value REAL,
			PRIMARY KEY (run_pk, key_id, step, timestamp, seq)) WITHOUT ROWID;`);
	const total = rows - (rows % per);
	const t0 = performance.now();
	transaction(db, () => {
		const values = Array(per).fill('(?, ?, ?, ?, ?, ?)').join(', ');
		const stmt = db.prepare(`INSERT INTO bench_floor VALUES ${values}`);
		try {
			const p = stmt.pointer as number;
			// Run and key stay bound across resets: bound once, as before multi-row statements existed.
			for (let j = 0; j < per; j++) {
				capi.sqlite3_bind_int(p, j * 6 + 1, 1);
				capi.sqlite3_bind_int(p, j * 6 + 2, 1);
			}
			for (let i = 0; i < total; i += per) {
				for (let j = 0; j < per; j++) {
					const at = j * 6;
					const r = i + j;
					capi.sqlite3_bind_double(p, at + 3, r);
					capi.sqlite3_bind_double(p, at + 4, 1_700_000_000_000 + r);
					capi.sqlite3_bind_double(p, at + 5, r);
					capi.sqlite3_bind_double(p, at + 6, Math.sin(r));
				}
				capi.sqlite3_step(p);
				capi.sqlite3_reset(p);
			}
		} finally {
			stmt.finalize();
		}
	});
	const ms = performance.now() - t0;
	db.exec('DROP TABLE bench_floor');
	return { ms, rows: total };
}

/** What the worker exposes to the test build's page (window.__runboardBench, src/lib/client/test-hooks.ts). */
export function benchHooks(conn: Conn): BenchHooks {
	return {
		async rawInsertFloor(rows, rowsPerStatement = 1) {
			return rawInsertFloor(
				conn,
				checkInteger('rows', rows),
				checkInteger('rowsPerStatement', rowsPerStatement)
			);
		}
	};
}
