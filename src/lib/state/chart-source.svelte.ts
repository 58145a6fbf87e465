// The app's charts read from the app's database: the ChartSource the pages hand to their line charts.
import type { ChartSource } from '$lib/charts/line/source';
import { runboard } from '$lib/client';
import { app } from './app.svelte';

export const appChartSource: ChartSource = {
	getChartSeries: (request) => runboard.getChartSeries(request),
	getMetricHistory: (runId, key) => runboard.getMetricHistory(runId, key),
	painted: () => {
		runboard.chartsPainted().catch(() => {});
	},
	get version() {
		return app.dataVersion;
	},
	track: (load) => app.track(load)
};
