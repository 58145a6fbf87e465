// The line chart's CSV: every stored point of one metric for each run drawn, not the reduced view on screen.
import type { Metric } from '$lib/model/types';
import { csvBlob } from './csv';

/** One run's points, labelled as the chart's legend labels it. */
export interface RunMetricHistory {
	runId: string;
	runName: string;
	points: readonly Pick<Metric, 'step' | 'timestamp' | 'value'>[];
}

export const METRIC_HISTORY_HEADER = ['run_id', 'run_name', 'step', 'timestamp', 'value'];

/** One row per point, runs in the order given, each run's points in stored order. */
export function metricHistoryCsv(runs: readonly RunMetricHistory[]): Blob {
	const rows: (string | number)[][] = [];
	for (const run of runs) {
		for (const m of run.points) rows.push([run.runId, run.runName, m.step, m.timestamp, m.value]);
	}
	return csvBlob(METRIC_HISTORY_HEADER, rows);
}
