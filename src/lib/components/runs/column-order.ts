// The order of the shown columns, as the column chooser and the table header change it: by dragging a column onto
// another (pointer) or one step at a time (keyboard: Alt+↑/↓ on a column, or its move buttons). Pure: tested in
// tests/unit/column-order.test.ts.

/**
 * `columns` with `moved` taken out and put where `target` is: before it when moving up the list, after it when
 * moving down, so a drop lands where the pointer is. An unknown id, or a column onto itself, changes nothing.
 */
export function moveColumn(columns: readonly string[], moved: string, target: string): string[] {
	const from = columns.indexOf(moved);
	const to = columns.indexOf(target);
	if (from < 0 || to < 0 || from === to) return [...columns];
	const rest = columns.filter((c) => c !== moved);
	// Once `moved` is out, `target` sits one place earlier when it came after it: that is "after target".
	rest.splice(to, 0, moved);
	return rest;
}

/** `moved` one place earlier (-1) or later (+1); at either end it stays. */
export function stepColumn(columns: readonly string[], moved: string, step: -1 | 1): string[] {
	const from = columns.indexOf(moved);
	const target = columns[from + step];
	return from < 0 || target === undefined ? [...columns] : moveColumn(columns, moved, target);
}

/** What a keyboard event asks of a column in an ordered list: Alt+ArrowUp/Left earlier, Alt+ArrowDown/Right later. */
export function stepFromKey(event: Pick<KeyboardEvent, 'altKey' | 'key'>): -1 | 1 | null {
	if (!event.altKey) return null;
	if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') return -1;
	if (event.key === 'ArrowDown' || event.key === 'ArrowRight') return 1;
	return null;
}

/** The data type a dragged column travels under, so drops from elsewhere (files, text) are ignored. */
export const COLUMN_DRAG_TYPE = 'application/x-runboard-column';
