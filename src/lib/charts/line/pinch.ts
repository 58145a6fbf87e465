// Two-finger pinch over a line chart's plot: the x-range shrinks (fingers apart) or grows (together) around the
// data point between the fingers where the gesture began. Pixel arithmetic only; the overlay applies the result
// once the fingers lift (one re-query per gesture, not one per move).

export interface Pinch {
	/** The pixel distance between the fingers when the second touched. */
	startGap: number;
	/** The data x under the middle of the fingers then, kept where it is. */
	anchor: number;
	domain: [number, number];
}

/** The x-range a pinch asks for, its fingers now `gap` pixels apart; undefined for a gesture too small to mean it. */
export function pinchedRange(pinch: Pinch, gap: number): [number, number] | undefined {
	if (!(pinch.startGap > 0) || !(gap > 0) || Math.abs(gap - pinch.startGap) < 8) return undefined;
	const scale = pinch.startGap / gap;
	const [a, b] = pinch.domain;
	const { anchor } = pinch;
	return [anchor - (anchor - a) * scale, anchor + (b - anchor) * scale];
}
