// The chart's export menu: PNG and SVG of the drawn model (lines included), CSV of every stored point.
import type { Metric } from '$lib/model/types';
import { composePng, downloadBlob, safeFileName, toCsv } from '../export';
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
		downloadBlob(safeFileName(metricKey, 'svg'), new Blob([chartSvg(model)], { type: 'image/svg+xml' }));
	} else if (format === 'png') {
		const png = await composePng([{ svg: chartSvg(model) }], model.width, exportHeight(model));
		downloadBlob(safeFileName(metricKey, 'png'), png);
	} else {
		const rows: (string | number)[][] = [];
		for (const input of inputs) {
			for (const m of await history(input.runId, metricKey))
				rows.push([input.runId, input.label, m.step, m.timestamp, m.value]);
		}
		const csv = toCsv(['run_id', 'run_name', 'step', 'timestamp', 'value'], rows);
		downloadBlob(safeFileName(metricKey, 'csv'), new Blob([csv], { type: 'text/csv' }));
	}
}
