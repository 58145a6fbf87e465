// Where a line chart's points come from. Charts are pure drawing: they never reach for the database or the app's
// state themselves (lint fences src/lib/charts/ off from $lib/client and $lib/state); the page hands one in
// (src/lib/state/chart-source.svelte.ts for the app's database, anything shaped like this in a test).
import type { ChartSeriesBatch, ChartSeriesRequest } from '$lib/api/db-api';
import type { Metric } from '$lib/model/types';

export interface ChartSource {
	/** Every pixel column's first/last/min/max points of the runs' series (see docs/charts.md). */
	getChartSeries(request: ChartSeriesRequest): Promise<ChartSeriesBatch>;
	/** Every stored point of one series, for the CSV export. */
	getMetricHistory(runId: string, key: string): Promise<Metric[]>;
	/** A hint after each painted frame: the source may read ahead for the next zoom while the page is idle. */
	painted(): void;
	/** Changes whenever the data may have changed (read inside an effect, it re-runs the chart's query). */
	readonly version: number;
	/** Wraps a load so that the page knows what is in flight (the idle hook, busy indicators). */
	track<T>(load: Promise<T>): Promise<T>;
}
