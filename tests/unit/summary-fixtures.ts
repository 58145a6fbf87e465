// Shared by the tests of block summaries and metric pages: an in-memory database behind the page-side client, and
// long noisy series to log into it.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { DbApi } from '$lib/api/db-api';
import { RunboardClient } from '$lib/client/runboard';
import { createDbApi } from '../../workers/db/api';
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
