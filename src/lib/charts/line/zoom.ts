// Zoom by buttons (touch screens have no wheel or precise drag, keyboards no pointer): halve or double the x-range
// around its middle. Zooming out stops at the data's full extent, which is the unzoomed chart (no range).

/** The middle half of `domain`. */
export function zoomedIn([a, b]: readonly number[]): [number, number] | undefined {
	if (a === undefined || b === undefined || !(b > a)) return undefined;
	const quarter = (b - a) / 4;
	return [a + quarter, b - quarter];
}

/** Twice `domain` around its middle, or undefined (the whole chart) once that covers `extent`. */
export function zoomedOut(
	[a, b]: readonly number[],
	extent: readonly [number, number] | null | undefined
): [number, number] | undefined {
	if (a === undefined || b === undefined || !(b > a)) return undefined;
	const half = (b - a) / 2;
	const wider: [number, number] = [a - half, b + half];
	if (!extent || (wider[0] <= extent[0] && wider[1] >= extent[1])) return undefined;
	// Never past the data on either side: shift the range back inside the extent.
	const width = wider[1] - wider[0];
	if (wider[0] < extent[0]) return [extent[0], Math.min(extent[1], extent[0] + width)];
	if (wider[1] > extent[1]) return [Math.max(extent[0], extent[1] - width), extent[1]];
	return wider;
}
