// Which rows and columns of the runs table are in view: only those (and a margin) are in the DOM, so 100,000 rows
// and 2,000 columns cost what a screenful does. Pure: tested in tests/unit/runs-table-view.test.ts.

export interface RowWindow {
	start: number;
	end: number;
}

/** Rows [start, end) covering the viewport plus `overscan` rows each side. */
export function rowWindow(
	scrollTop: number,
	viewport: number,
	rowHeight: number,
	total: number,
	overscan = 10
): RowWindow {
	const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
	const start = Math.max(0, Math.min(total, first - overscan));
	const end = Math.min(total, first + Math.ceil(Math.max(viewport, rowHeight) / rowHeight) + overscan);
	return { start, end: Math.max(start, end) };
}

export interface ColumnWindow {
	start: number;
	end: number;
	/** Width of the columns left out before and after, kept as spacers so the scroll width stays right. */
	before: number;
	after: number;
}

/** Columns [start, end) overlapping [scrollLeft − margin, scrollLeft + viewport + margin). */
export function columnWindow(
	widths: number[],
	scrollLeft: number,
	viewport: number,
	margin = 400
): ColumnWindow {
	const from = scrollLeft - margin;
	const to = scrollLeft + viewport + margin;
	let x = 0;
	let start = widths.length;
	let end = widths.length;
	let before = 0;
	for (let i = 0; i < widths.length; i++) {
		const w = widths[i] as number;
		if (start === widths.length && x + w > from) {
			start = i;
			before = x;
		}
		if (x >= to) {
			end = i;
			break;
		}
		x += w;
	}
	const total = widths.reduce((a, b) => a + b, 0);
	const shown = widths.slice(start, end).reduce((a, b) => a + b, 0);
	return { start, end, before, after: Math.max(0, total - before - shown) };
}
