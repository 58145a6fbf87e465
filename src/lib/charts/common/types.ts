// What the compare charts receive: one entry per run, values already picked from its params/metrics/tags.
import type { Value } from './scales';

export interface RunPoint {
	runId: string;
	/** Untrusted (a run name): text only. */
	label: string;
	/** The run's own colour (palette order). */
	color: string;
	x: Value;
	y: Value;
	/** A third value: colour-by (scatter) or z (contour). */
	z?: Value;
}

export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 320;
export const MARGIN = { top: 12, right: 16, bottom: 42, left: 58 };

export function formatValue(v: Value | undefined): string {
	if (v === null || v === undefined) return '—';
	if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
	return v;
}
