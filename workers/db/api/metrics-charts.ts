// The chart part of DbApi: one run's series, many runs' series for one chart, and the hint that lets the worker
// read ahead while the page is idle. The reading itself is in workers/db/charts/.
import { RunboardError } from '$lib/api/errors';
import type { MetricsChartsApi } from '$lib/api/db-api';
import { checkInteger, checkKey, checkRunId } from '$lib/api/validate';
import { chartSeries } from '../charts/batch';
import { metricSeries } from '../charts/series';
import { metricShapes } from '../metric-shapes';
import type { createChartWarmup, WarmSeries } from '../charts/warmup';
import * as runs from '../runs';
import type { ApiContext } from './context';

type ChartWarmup = ReturnType<typeof createChartWarmup>;

function checkWidth(width: unknown): number {
	const checked = checkInteger('width', width);
	if (checked < 1 || checked > 100_000)
		throw new RunboardError('INVALID_ARGUMENT', 'width must be 1–100,000 pixels.');
	return checked;
}

/** `warmup` reads ahead while idle (the worker); without it nothing is read ahead (tests stay deterministic). */
export function metricsChartsApi(
	{ conn, db }: ApiContext,
	warmup: ChartWarmup | undefined
): MetricsChartsApi {
	return {
		async getMetricSeries(runId, key, options) {
			const ref = runs.runRef(db, checkRunId(runId));
			const width = checkWidth(options?.width);
			return metricSeries(conn, ref.pk, checkKey('Metric', key), { ...options, width });
		},
		async getChartSeries(request) {
			if (!Array.isArray(request?.runIds) || request.runIds.some((id) => typeof id !== 'string'))
				throw new RunboardError('INVALID_ARGUMENT', 'getChartSeries needs runIds: a list of run ids.');
			if (request.runIds.length > 1000)
				throw new RunboardError('INVALID_ARGUMENT', 'getChartSeries draws at most 1,000 runs at once.');
			const width = checkWidth(request.width);
			const notCached: WarmSeries[] = [];
			const batch = chartSeries(conn, { ...request, key: checkKey('Metric', request.key), width }, notCached);
			warmup?.warm(notCached);
			return batch;
		},
		async getMetricShapes(runIds) {
			if (!Array.isArray(runIds) || runIds.some((id) => typeof id !== 'string'))
				throw new RunboardError('INVALID_ARGUMENT', 'getMetricShapes needs a list of run ids.');
			if (runIds.length > 1000)
				throw new RunboardError('INVALID_ARGUMENT', 'getMetricShapes takes at most 1,000 runs at once.');
			return metricShapes(db, runIds);
		},
		async chartsPainted() {
			warmup?.painted();
		}
	};
}
