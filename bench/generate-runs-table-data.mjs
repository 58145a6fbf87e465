// An mlflow.db (the real MLflow 3.18 schema, from the interop fixture with its rows removed) of RUNS runs × 30
// params × 20 metrics (one point each), for the runs-table bench and e2e: imported through the import path like
// a user's file. Run i: params p0..p29 = (i·31 + k) mod 997 (p29 missing on every 10th run), metrics m0..m19 =
// a deterministic spread (m0 is NaN on every 50th run), start time T0 + i seconds.
import { T0, writeMlflowDbRows } from './mlflow-db-template.mjs';

export const TABLE_PARAMS = 30;
export const TABLE_METRICS = 20;

/** @param {number} i */
export const tableRunId = (i) => (0x2000000 + i).toString(16).padStart(32, 'b');
/** @param {number} i @param {number} k */
export const tableParam = (i, k) => String((i * 31 + k) % 997);
/** @param {number} i @param {number} k @returns {number} */
export const tableMetric = (i, k) =>
	k === 0 && i % 50 === 7 ? NaN : ((i * 7919 + k * 104729) % 100_003) / 1000;

/** @param {string} fixture @param {string} out @param {number} runs @returns {Promise<string>} */
export function writeRunsTableDb(fixture, out, runs) {
	return writeMlflowDbRows(fixture, out, 'runs-table', ({ run, param, tag, metric, latest }) => {
		for (let i = 0; i < runs; i++) {
			const id = tableRunId(i);
			const start = T0 + i * 1000;
			run.bind([id, `run-${i}`, start, start + 900 + (i % 13) * 100]).stepReset();
			tag.bind(['mlflow.runName', `run-${i}`, id]).stepReset();
			tag.bind(['team', `team-${i % 5}`, id]).stepReset();
			for (let k = 0; k < TABLE_PARAMS; k++) {
				if (k === TABLE_PARAMS - 1 && i % 10 === 0) continue;
				param.bind([`p${k}`, tableParam(i, k), id]).stepReset();
			}
			for (let k = 0; k < TABLE_METRICS; k++) {
				const v = tableMetric(i, k);
				const nan = Number.isNaN(v) ? 1 : 0;
				metric.bind([`m${k}`, nan ? 0 : v, start, id, 0, nan]).stepReset();
				latest.bind([`m${k}`, nan ? 0 : v, start, 0, nan, id]).stepReset();
			}
		}
	});
}
