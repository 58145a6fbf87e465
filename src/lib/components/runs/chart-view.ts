// What the experiment page's chart view draws (RunsChartView.svelte): the first visible runs of the table's order,
// and a chart per chosen metric — a line chart when some run logged a history of it, a bar chart of the latest
// values when every run logged it once. Pure: tests/unit/runs-chart-view.test.ts.
import type { MetricShape } from '$lib/api/db-api';
import type { Visibility } from './visibility';

/** Runs drawn at most: hundreds stay responsive (bench: tests/e2e/runs-colors-charts.spec.ts prints the time). */
export const CHART_RUNS = 300;
/** Metrics charted before anyone picks. */
export const DEFAULT_METRICS = 12;
/** A window of the table holds at most this many rows (workers/db/api/runs-table.ts). */
const MAX_WINDOW = 1000;

export interface PlannedChart {
	key: string;
	kind: 'line' | 'bar';
}

/** The charts of the chosen metrics (null: the first DEFAULT_METRICS), in key order; unknown keys are skipped. */
export function chartPlan(shapes: MetricShape[], chosen: string[] | null): PlannedChart[] {
	const picked = chosen ? shapes.filter((s) => chosen.includes(s.key)) : shapes.slice(0, DEFAULT_METRICS);
	return picked.map((s) => ({ key: s.key, kind: s.maxPoints > 1 ? 'line' : 'bar' }));
}

/**
 * How to ask the table for the runs to draw: its first rows with room for the hidden ones to be skipped, or — when
 * only some runs are shown — those runs pinned to the front, so they are found wherever they sort.
 */
export function chartRunsWindow(
	visibility: Visibility,
	pinned: string[]
): { pinned: string[]; offset: number; limit: number } {
	if (visibility.mode === 'only') return { pinned: visibility.ids, offset: 0, limit: CHART_RUNS };
	return { pinned, offset: 0, limit: Math.min(MAX_WINDOW, CHART_RUNS + visibility.ids.length) };
}
