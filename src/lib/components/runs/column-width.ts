// Column widths, as the header's grips set them: dragged with the pointer or stepped with the keyboard (the grip is
// a focusable separator). Pure: tested in tests/unit/column-order.test.ts.

export const MIN_WIDTH = 48;
export const MAX_WIDTH = 1200;
/** One arrow press; with Shift, four. */
const STEP = 16;

export const clampWidth = (width: number): number =>
	Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.round(width)));

/** ←/→ narrow/widen by a step (Shift: four), Home/End go to the narrowest/widest; other keys: null. */
export function widthFromKey(width: number, event: Pick<KeyboardEvent, 'key' | 'shiftKey'>): number | null {
	const step = event.shiftKey ? 4 * STEP : STEP;
	if (event.key === 'ArrowLeft') return clampWidth(width - step);
	if (event.key === 'ArrowRight') return clampWidth(width + step);
	if (event.key === 'Home') return MIN_WIDTH;
	if (event.key === 'End') return MAX_WIDTH;
	return null;
}
