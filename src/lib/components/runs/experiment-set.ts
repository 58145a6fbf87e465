// One runs table over several experiments: `/experiments/<first>/?with=<id>&with=<id>` is the experiment page
// with the other experiments' runs in the same table (filter, sort, columns and Compare act on all of them), and an
// Experiment column saying whose each run is. Pure: tested in tests/unit/experiment-set.test.ts.

/** The column naming each run's experiment; shown first when the table spans several. */
export const EXPERIMENT_COLUMN = 'experiment';
/** More experiments than this in one table are cut (a URL of ids, each a scan of the runs index). */
export const MAX_EXPERIMENTS = 50;

/** The page's experiment and the `with` ones: digits only, each once, the page's first. */
export function experimentIdsFromUrl(id: string, params: URLSearchParams): string[] {
	const others = params.getAll('with').filter((w) => /^\d{1,15}$/.test(w));
	return [...new Set([id, ...others])].slice(0, MAX_EXPERIMENTS);
}

/** The page's path and query for a table over `ids` (the first is the page's experiment); null for none. */
export function experimentSetPath(ids: readonly string[]): { id: string; search: string } | null {
	const [first, ...rest] = [...new Set(ids)];
	if (first === undefined) return null;
	const params = new URLSearchParams();
	for (const id of rest) params.append('with', id);
	const search = params.toString();
	return { id: first, search: search ? `?${search}` : '' };
}

/** Where the column choice of a set is remembered: the experiment's own key, or one for this set. */
export const columnsKeyOf = (ids: readonly string[]): string =>
	ids.length === 1 ? (ids[0] ?? '') : [...ids].sort((a, b) => Number(a) - Number(b)).join('+');

/** "3 experiments", or the one experiment's name. */
export const experimentsTitle = (ids: readonly string[], name: string | undefined): string =>
	ids.length > 1 ? `${ids.length} experiments` : (name ?? 'Experiment');
