// The line chart's inputs, shared by the run page's chart grid and the Compare view.

/** What the x-axis shows: the step, wall-clock time, time since the run's first point, or another metric's value. */
export type XAxis =
	{ kind: 'step' } | { kind: 'time' } | { kind: 'relative' } | { kind: 'metric'; key: string };

/** One run's line in a chart. */
export interface LineSeriesInput {
	runId: string;
	/** Shown in the legend and the hover tooltip (untrusted text: rendered as text only). */
	label: string;
	/** CSS colour. */
	color: string;
	/** Runs with the same group are drawn as one aggregate line when `aggregate` is set. */
	group?: string;
}

export interface LineChartView {
	xAxis: XAxis;
	yScale: 'linear' | 'log';
	/** EMA weight 0–0.99 (0: none). */
	smoothing: number;
	/** Clip the y-domain to the 1st–99th percentile. */
	ignoreOutliers: boolean;
	/** Zoomed x-range; undefined = everything. */
	xRange?: [number, number];
	/** Grouped runs as a mean line with a band. */
	aggregate?: 'none' | 'minmax' | 'std';
}

export const DEFAULT_VIEW: LineChartView = {
	xAxis: { kind: 'step' },
	yScale: 'linear',
	smoothing: 0,
	ignoreOutliers: false,
	aggregate: 'none'
};
