// Which runs the charts show (MLflow's eye toggles): hidden runs stay in the table, dimmed, but leave the chart view
// and "Compare all". Two forms, both in the URL so Back and a link restore them: a few runs hidden
// (`?hide=<run id>`, repeated) or only a few shown (`?only=<run id>`, repeated: "show only selected", which on an
// experiment of 100,000 runs could not be written as the 99,990 hidden ones). Pure: tests/unit/run-visibility.test.ts.

export interface Visibility {
	/** 'hide': every run but `ids` is shown; 'only': only `ids` are shown. */
	mode: 'hide' | 'only';
	ids: string[];
}

export const ALL_VISIBLE: Visibility = { mode: 'hide', ids: [] };
/** Ids kept in a URL at most (as for pins): a link stays a link. */
const MAX_IDS = 1000;
const RUN_ID = /^[0-9a-f]{32}$/;

const cleanIds = (ids: string[]) => [...new Set(ids.filter((id) => RUN_ID.test(id)))].slice(0, MAX_IDS);

export function visibilityFromUrl(params: URLSearchParams): Visibility {
	if (params.has('only')) return { mode: 'only', ids: cleanIds(params.getAll('only')) };
	return { mode: 'hide', ids: cleanIds(params.getAll('hide')) };
}

/** Adds the visibility to a URL's query (nothing when every run is shown). */
export function writeVisibility(params: URLSearchParams, visibility: Visibility | undefined): void {
	if (!visibility) return;
	if (visibility.mode === 'only') {
		// An empty list still means "only these": the marker keeps it apart from "all shown".
		if (visibility.ids.length === 0) params.append('only', '');
		for (const id of visibility.ids) params.append('only', id);
	} else for (const id of visibility.ids) params.append('hide', id);
}

export const isVisible = (visibility: Visibility, runId: string): boolean =>
	visibility.mode === 'hide' ? !visibility.ids.includes(runId) : visibility.ids.includes(runId);

/** The eye toggle: the run shown if it was hidden, hidden if it was shown, in whichever form the view has. */
export function toggleVisible(visibility: Visibility, runId: string): Visibility {
	const ids = visibility.ids.includes(runId)
		? visibility.ids.filter((id) => id !== runId)
		: [...visibility.ids, runId].slice(0, MAX_IDS);
	return { mode: visibility.mode, ids };
}

/** "Show only selected": the selected runs shown, every other run hidden. */
export const showOnly = (runIds: Iterable<string>): Visibility => ({
	mode: 'only',
	ids: cleanIds([...runIds])
});

/** Whether any run is hidden (the "Show all" action then has something to do). */
export const hidesAny = (visibility: Visibility): boolean =>
	visibility.mode === 'only' || visibility.ids.length > 0;

/** Keeps the visible ones of runs given in order, as many as `limit`. */
export function visibleRuns<T extends { runId: string }>(
	visibility: Visibility,
	rows: T[],
	limit: number
): T[] {
	const out: T[] = [];
	for (const row of rows) {
		if (out.length >= limit) break;
		if (isVisible(visibility, row.runId)) out.push(row);
	}
	return out;
}
