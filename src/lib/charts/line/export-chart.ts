// The chart's export menu: PNG and SVG of the drawn model (lines included), in the theme the page shows or in the
// light theme (for paper and slides), and CSV of every stored point.
import type { Metric } from '$lib/model/types';
import { downloadBlob } from '$lib/exporters/download';
import { safeFileName } from '$lib/exporters/file-name';
import { metricHistoryCsv, type RunMetricHistory } from '$lib/exporters/metric-history-csv';
import { composePng } from '../export';
import { LIGHT_CHART, pageChartTheme } from '../theme';
import type { ChartModel } from './model';
import { chartSvg, exportHeight } from './svg';
import type { LineSeriesInput } from './types';

export type ChartExport = 'png' | 'svg' | 'png-light' | 'svg-light' | 'csv';

export async function exportChart(
	format: ChartExport,
	model: ChartModel,
	metricKey: string,
	inputs: LineSeriesInput[],
	history: (runId: string, key: string) => Promise<Metric[]>
): Promise<void> {
	const theme = format.endsWith('-light') ? LIGHT_CHART : pageChartTheme();
	if (format === 'svg' || format === 'svg-light') {
		const svg = chartSvg(model, theme);
		downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), safeFileName(metricKey, 'svg'));
	} else if (format === 'png' || format === 'png-light') {
		const png = await composePng([{ svg: chartSvg(model, theme) }], model.width, exportHeight(model), {
			background: theme.background
		});
		downloadBlob(png, safeFileName(metricKey, 'png'));
	} else {
		// One run at a time, in legend order: a long history is read whole, so never several at once.
		const runs: RunMetricHistory[] = [];
		for (const input of inputs) {
			runs.push({ runId: input.runId, runName: input.label, points: await history(input.runId, metricKey) });
		}
		downloadBlob(metricHistoryCsv(runs), safeFileName(metricKey, 'csv'));
	}
}
