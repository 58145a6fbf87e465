// Finding the control a step points at: the first visible element matching the step's selectors, in their order.
// Visible means laid out (not in a closed <details>, a hidden tab, or display: none); off screen still counts, the
// halo scrolls it into view.

/** Marks the element highlighted now (tests click it; nothing else reads it). */
export const CURRENT_ATTRIBUTE = 'data-tour-current';

export function findTarget(selectors: readonly string[]): HTMLElement | null {
	for (const selector of selectors) {
		for (const element of document.querySelectorAll<HTMLElement>(selector)) {
			if (element.getClientRects().length > 0) return element;
		}
	}
	return null;
}

/** Whether the element is wholly inside the viewport, less the space the panel covers at the bottom. */
export function inView(element: HTMLElement, coveredBottom: number): boolean {
	const r = element.getBoundingClientRect();
	return (
		r.top >= 0 &&
		r.left >= 0 &&
		r.bottom <= window.innerHeight - coveredBottom &&
		r.right <= window.innerWidth
	);
}

export function prefersReducedMotion(): boolean {
	return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
