// Scales and ticks: the x-domain (zoom range or the runs' full extent), the y-domain over what is visible
// (optionally clipped to percentiles, optionally log), and tick labels for steps, dates and durations.
import { quantileSorted, scaleLinear, scaleLog, scaleTime, type ScaleContinuousNumeric } from 'd3';
import { formatNumber, formatTime } from '$lib/format';
import type { ChartData } from './data';
import { shownValues } from './data';
import type { LineChartView } from './types';

export interface Tick {
	value: number;
	pos: number;
	label: string;
}

export interface Scales {
	x: ScaleContinuousNumeric<number, number>;
	y: ScaleContinuousNumeric<number, number>;
	xTicks: Tick[];
	yTicks: Tick[];
	/** Unit of a relative-time axis ('s', 'min', 'h', 'd'), for the axis title. */
	xUnit: string;
}

const UNITS: [string, number][] = [
	['s', 1_000],
	['min', 60_000],
	['h', 3_600_000],
	['d', 86_400_000]
];

/** Seconds below 2 minutes, minutes below 2 hours, hours below 2 days, then days. */
export function relativeUnit(spanMs: number): [string, number] {
	let unit = UNITS[0] as [string, number];
	for (const u of UNITS) if (spanMs >= 2 * u[1]) unit = u;
	return unit;
}

export function xDomain(data: ChartData, view: LineChartView): [number, number] {
	const [a, b] = view.xRange ?? data.extent ?? [0, 1];
	return a === b ? [a - 1, b + 1] : [a, b];
}

/** Calls `visit` with every finite value (positive on a log axis) of every series within the x-domain. */
function eachVisible(
	data: ChartData,
	domain: [number, number],
	log: boolean,
	visit: (v: number) => void
): void {
	for (const s of data.series) {
		const arrays = [shownValues(s), s.band?.lo, s.band?.hi, s.smoothed ? s.y : undefined];
		const xs = s.x;
		for (const values of arrays) {
			if (!values) continue;
			for (let i = 0; i < xs.length; i++) {
				const x = xs[i] as number;
				const v = values[i] as number;
				if (x >= domain[0] && x <= domain[1] && Number.isFinite(v) && (!log || v > 0)) visit(v);
			}
		}
	}
}

/** Widens range = [lo, hi, count] by the visible values of one array (one call per array: a loop nested in the
 * caller's would be compiled on its own and thrown away at every exit, ~30 times per draw). */
function widenRange(
	range: Float64Array,
	xs: Float64Array,
	values: ArrayLike<number>,
	d0: number,
	d1: number,
	log: boolean
): void {
	let lo = range[0] as number;
	let hi = range[1] as number;
	let count = 0;
	for (let i = 0; i < xs.length; i++) {
		const x = xs[i] as number;
		const v = values[i] as number;
		if (!(x >= d0 && x <= d1) || !(v - v === 0) || (log && v <= 0)) continue;
		if (v < lo) lo = v;
		if (v > hi) hi = v;
		count++;
	}
	range[0] = lo;
	range[1] = hi;
	range[2] = (range[2] as number) + count;
}

/** Smallest and largest visible value, as eachVisible sees them, without a call per value (~450k of them). */
function visibleRange(data: ChartData, domain: [number, number], log: boolean) {
	const range = new Float64Array([Infinity, -Infinity, 0]);
	const [d0, d1] = domain;
	for (const s of data.series) {
		for (const values of [shownValues(s), s.band?.lo, s.band?.hi, s.smoothed ? s.y : undefined]) {
			if (values) widenRange(range, s.x, values, d0, d1, log);
		}
	}
	return { lo: range[0] as number, hi: range[1] as number, count: range[2] as number };
}

export function yDomain(data: ChartData, view: LineChartView, domain: [number, number]): [number, number] {
	const log = view.yScale === 'log';
	const range = visibleRange(data, domain, log);
	const count = range.count;
	let { lo, hi } = range;
	if (!count) return log ? [1, 10] : [0, 1];
	if (view.ignoreOutliers && count >= 20) {
		// Sorting is only paid for when clipping is asked for.
		const values = new Float64Array(count);
		let i = 0;
		eachVisible(data, domain, log, (v) => (values[i++] = v));
		values.sort();
		lo = quantileSorted(values as unknown as number[], 0.01) as number;
		hi = quantileSorted(values as unknown as number[], 0.99) as number;
	}
	if (lo === hi) return log ? [lo / 2, hi * 2] : [lo - (Math.abs(lo) || 1) / 2, hi + (Math.abs(hi) || 1) / 2];
	if (log) return [lo, hi];
	const pad = (hi - lo) * 0.04;
	return [lo - pad, hi + pad];
}

function xTicks(view: LineChartView, x: ScaleContinuousNumeric<number, number>, width: number) {
	const count = Math.max(2, Math.floor(width / 90));
	const [a, b] = x.domain() as [number, number];
	if (view.xAxis.kind === 'time') {
		const t = scaleTime().domain([a, b]);
		const format = t.tickFormat();
		return { ticks: t.ticks(count).map((d) => ({ value: +d, label: format(d) })), unit: '' };
	}
	if (view.xAxis.kind === 'relative') {
		const [unit, ms] = relativeUnit(b - a);
		const scaled = scaleLinear().domain([a / ms, b / ms]);
		const format = scaled.tickFormat(count);
		return { ticks: scaled.ticks(count).map((v) => ({ value: v * ms, label: format(v) })), unit };
	}
	const format = x.tickFormat(count);
	return { ticks: x.ticks(count).map((v) => ({ value: v, label: format(v) })), unit: '' };
}

export function buildScales(data: ChartData, view: LineChartView, width: number, height: number): Scales {
	const domain = xDomain(data, view);
	const x = scaleLinear().domain(domain).range([0, width]);
	const yd = yDomain(data, view, domain);
	const y = (view.yScale === 'log' ? scaleLog() : scaleLinear()).domain(yd).range([height, 0]);
	if (view.yScale !== 'log') y.nice(Math.max(2, Math.floor(height / 40)));
	const xs = xTicks(view, x, width);
	const yCount = Math.max(2, Math.floor(height / 40));
	const yFormat = view.yScale === 'log' ? (v: number) => formatNumber(v) : y.tickFormat(yCount);
	let yValues = y.ticks(yCount);
	// Log ticks come 9 per decade: keep about yCount of them.
	if (view.yScale === 'log' && yValues.length > yCount * 1.5) {
		const every = Math.ceil(yValues.length / yCount);
		yValues = yValues.filter((_, i) => i % every === 0);
	}
	return {
		x,
		y,
		xTicks: xs.ticks.map((t) => ({ ...t, pos: x(t.value) })),
		yTicks: yValues.map((v) => ({ value: v, pos: y(v), label: yFormat(v) })),
		xUnit: xs.unit
	};
}

export function xAxisTitle(view: LineChartView, unit: string): string {
	switch (view.xAxis.kind) {
		case 'step':
			return 'Step';
		case 'time':
			return 'Wall time';
		case 'relative':
			return `Relative time (${unit})`;
		case 'metric':
			return view.xAxis.key;
	}
}

/** An x value as the tooltip shows it. */
export function formatX(view: LineChartView, value: number, unit: string): string {
	if (view.xAxis.kind === 'time') return value > 0 ? formatTime(value) : String(value);
	if (view.xAxis.kind === 'relative') {
		const ms = UNITS.find(([u]) => u === unit)?.[1] ?? 1000;
		return `${formatNumber(Number((value / ms).toPrecision(4)))} ${unit}`;
	}
	return formatNumber(value);
}
