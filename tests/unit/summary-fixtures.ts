// Shared by the tests of block summaries and metric pages: an in-memory database behind the page-side client, and
// long noisy series to log into it.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { DbApi } from '$lib/api/db-api';
import { RunboardClient } from '$lib/client/runboard';
import { createDbApi } from '../../workers/db/api';
import { MIGRATIONS } from '../../workers/db/migrations';
import type { Conn } from '../../workers/db/sql';

export const sqlite3 = await sqlite3InitModule();

export function rng(seed: number) {
	let s = seed >>> 0;
	return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** The page-side client (packs metrics) over the real DB API, in memory. */
export function clientOf(api: DbApi): RunboardClient {
	return new RunboardClient({
		api: async () => api,
		transfer: (v) => v,
		proxy: (fn) => fn,
		changed: () => {}
	});
}

export async function setup() {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	const conn: Conn = { db, sqlite3 };
	const api = clientOf(createDbApi(conn, { mode: 'memory' }));
	const experimentId = await api.createExperiment('summaries');
	const run = await api.createRun({ experimentId, runName: 'r', startTime: 0 });
	return { api, conn, runId: run.info.runId, experimentId };
}

/** A noisy series with plateaus (equal values), repeated steps, spikes, NaN and ±Infinity. */
export function series(n: number, seed: number): { steps: number[]; values: number[] } {
	const r = rng(seed);
	const steps: number[] = [];
	const values: number[] = [];
	let step = 0;
	for (let i = 0; i < n; i++) {
		step += r() < 0.05 ? 0 : r() < 0.02 ? 1 + Math.floor(r() * 500) : 1;
		const u = r();
		const value =
			u < 0.002
				? NaN
				: u < 0.003
					? Infinity
					: u < 0.004
						? -Infinity
						: u < 0.006
							? 50 * (r() - 0.5)
							: Math.round(r() * 8);
		steps.push(step);
		values.push(value);
	}
	return { steps, values };
}

export async function log(
	api: RunboardClient,
	runId: string,
	steps: number[],
	values: number[],
	from = 0,
	to = steps.length
) {
	const metrics = [];
	for (let i = from; i < to; i++)
		metrics.push({ key: 'loss', value: values[i]!, step: steps[i]!, timestamp: 1000 + i });
	await api.logBatch(runId, { metrics });
}

export function state(conn: Conn) {
	return conn.db.exec({
		sql: 'SELECT points, summary FROM latest_metrics',
		rowMode: 'object',
		returnValue: 'resultRows'
	})[0] as { points: number; summary: number };
}

/**
 * A database left at an older schema `version` holding one run (`runId`) with 10,000 points of "loss" (step i,
 * value i % 7): `latest` is its latest_metrics row as that schema has it, `extra` any more SQL.
 */
export function oldDatabase(version: number, runId: string, latest: string, extra = ''): Conn {
	const db = new sqlite3.oo1.DB(':memory:', 'c');
	db.transaction(() => {
		for (const sql of MIGRATIONS.slice(0, version)) db.exec(sql);
		db.exec(`PRAGMA user_version = ${version}`);
		db.exec(`INSERT INTO experiments(experiment_id, name, creation_time, last_update_time) VALUES (1, 'e', 0, 0);
			INSERT INTO runs(run_pk, run_uuid, experiment_id, name, start_time, lifecycle_stage, status)
				VALUES (1, '${runId}', 1, 'r', 0, 'active', 'FINISHED');
			INSERT INTO metric_keys VALUES (1, 'loss');
			WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 9999)
				INSERT INTO metrics SELECT 1, 1, i, i, i, i % 7 FROM s;
			INSERT INTO latest_metrics VALUES (${latest});
			${extra}`);
	});
	return { db, sqlite3 };
}
