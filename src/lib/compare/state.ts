// The Compare view's state and its URL: the format is in ./url.ts, the chart entries are read by their kinds.
import { readChart } from './kinds';
import { decodeUrl, type CompareState } from './url';

export { defaultState, encodeState } from './url';
export type { AxisBrush, CompareState, ParallelState } from './url';
export type { ChartSpec, ChartType } from './kinds';

/** The view a URL holds, charts included. Never throws: a damaged URL falls back to defaults. */
export function decodeState(params: URLSearchParams): CompareState {
	return decodeUrl(params, readChart);
}
