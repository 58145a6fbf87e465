// Where a compare chart's tooltip goes: the pointer's position inside the chart's <svg> box (Tooltip.svelte is
// positioned in CSS pixels of that box).
export interface TooltipState {
	lines: string[];
	x: number;
	y: number;
}

/** A tooltip with `lines` at the pointer of `event`, whose target is an element of the chart's <svg>. */
export function tooltipAt(event: PointerEvent, lines: string[]): TooltipState {
	const target = event.currentTarget as SVGElement;
	const svg = target instanceof SVGSVGElement ? target : target.ownerSVGElement;
	const box = (svg ?? target).getBoundingClientRect();
	return { lines, x: event.clientX - box.left, y: event.clientY - box.top };
}
