// The chart's export menu: PNG and SVG of the drawn model (lines included), CSV of every stored point.
import type { Metric } from '$lib/model/types';
import { downloadBlob } from '$lib/exporters/download';
import { safeFileName } from '$lib/exporters/file-name';
import { metricHistoryCsv, type RunMetricHistory } from '$lib/exporters/metric-history-csv';
import { composePng } from '../export';
import type { ChartModel } from './model';
import { chartSvg, exportHeight } from './svg';
import type { LineSeriesInput } from './types';

export async function exportChart(
	format: 'png' | 'svg' | 'csv',
	model: ChartModel,
	metricKey: string,
	inputs: LineSeriesInput[],
	history: (runId: string, key: string) => Promise<Metric[]>
): Promise<void> {
	if (format === 'svg') {
		downloadBlob(new Blob([chartSvg(model)], { type: 'image/svg+xml' }), safeFileName(metricKey, 'svg'));
	} else if (format === 'png') {
		const png = await composePng([{ svg: chartSvg(model) }], model.width, exportHeight(model));
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
