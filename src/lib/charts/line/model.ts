// Everything a chart draws, in pixels: the plot rectangle, ticks and, per series, its polylines (smoothed line,
// faint raw line behind it, band) and NaN/±Infinity markers. The canvas and the SVG export both draw this model,
// so what is exported is what is on screen.
import type { ChartData } from './data';
import { shownValues } from './data';
import { bandPolygon, toPolylines, type Polylines } from './geometry';
import { buildScales, xAxisTitle, type Scales } from './scales';
import type { LineChartView } from './types';

export const MARGIN = { top: 10, right: 16, bottom: 38, left: 58 };

export interface ModelSeries {
	id: string;
	label: string;
	color: string;
	/** The shown line in pixels, mapped when first asked for (a dense chart is drawn from `mapMain` instead). */
	readonly main: Polylines;
	/**
	 * The shown line mapped into `into` when it is large enough (reused series after series by the dense drawing:
	 * the lines are valid until the next call), unless `main` was mapped already.
	 */
	mapMain(into: Float64Array): Polylines;
	/** The raw series drawn faint behind a smoothed line. */
	raw?: Polylines;
	band?: number[];
	points: number;
}

export interface ChartModel {
	width: number;
	height: number;
	plot: { left: number; top: number; width: number; height: number };
	scales: Scales;
	title: string;
	xTitle: string;
	series: ModelSeries[];
}

export function buildModel(
	data: ChartData,
	view: LineChartView,
	width: number,
	height: number,
	title: string
): ChartModel {
	const plot = {
		left: MARGIN.left,
		top: MARGIN.top,
		width: Math.max(10, width - MARGIN.left - MARGIN.right),
		height: Math.max(10, height - MARGIN.top - MARGIN.bottom)
	};
	const scales = buildScales(data, view, plot.width, plot.height);
	const log = view.yScale === 'log';
	const series = data.series.map((s): ModelSeries => {
		const values = shownValues(s);
		const map = (into?: Float64Array) => toPolylines(s.x, values, scales.x, scales.y, plot.height, log, into);
		let main: Polylines | undefined;
		const m: ModelSeries = {
			id: s.id,
			label: s.label,
			color: s.color,
			get main() {
				return (main ??= map());
			},
			mapMain: (into) => main ?? map(into),
			points: s.x.length
		};
		if (s.smoothed) m.raw = toPolylines(s.x, s.y, scales.x, scales.y, plot.height, log);
		if (s.band) m.band = bandPolygon(s.x, s.band.lo, s.band.hi, scales.x, scales.y);
		return m;
	});
	return { width, height, plot, scales, title, xTitle: xAxisTitle(view, scales.xUnit), series };
}
