// Finding the control a step points at: the first visible element matching the step's selectors, in their order.
// Visible means rendered: not display: none, not in a closed <details> (whose content Chromium lays out but does not
// render, so it still has boxes) nor hidden; off screen still counts, the halo scrolls it into view.

/** Marks the element highlighted now (tests click it; nothing else reads it). */
export const CURRENT_ATTRIBUTE = 'data-tour-current';

export function findTarget(selectors: readonly string[]): HTMLElement | null {
	for (const selector of selectors) {
		for (const element of document.querySelectorAll<HTMLElement>(selector)) {
			if (shown(element)) return element;
		}
	}
	return null;
}

function shown(element: HTMLElement): boolean {
	if (element.closest('details:not([open]) > :not(summary)')) return false;
	return element.checkVisibility({ visibilityProperty: true });
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
