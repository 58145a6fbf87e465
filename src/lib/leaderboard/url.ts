// The leaderboard's whole state in its URL, so Back, a reload and a shared link show the same board:
// `?experiments=1,4&metric=rmse&order=asc&top=3&large=1&sort=-runs`. Defaults are left out; anything unreadable
// falls back to its default. Pure: tested in tests/unit/leaderboard-url.test.ts.
import type { Direction } from './rank';
import { DEFAULT_SORT, isSortKey, type TableSort } from './sort';

export interface LeaderboardView {
	/** Chosen experiment ids; null = the default (the experiments holding participants' runs). */
	experiments: string[] | null;
	/** null = the default metric of the experiments. */
	metric: string | null;
	/** null = the metric's own direction (defaultDirection). */
	order: Direction | null;
	/** How many leaders "Compare top N" opens. */
	top: number;
	/** Projector mode: large, high-contrast type. */
	large: boolean;
	sort: TableSort;
}

export const DEFAULT_TOP = 3;
export const TOP_CHOICES = [2, 3, 4, 5, 6, 8, 10];
/** More experiments than a URL can sensibly name are cut, as on the experiment page. */
const MAX_EXPERIMENTS = 50;

export function readView(params: URLSearchParams): LeaderboardView {
	const ids = params.get('experiments');
	const experiments =
		ids === null
			? null
			: [...new Set(ids.split(',').filter((id) => /^\d{1,15}$/.test(id)))].slice(0, MAX_EXPERIMENTS);
	const order = params.get('order');
	const top = Number(params.get('top'));
	const sortText = params.get('sort') ?? '';
	const descending = sortText.startsWith('-');
	const key = descending ? sortText.slice(1) : sortText;
	return {
		experiments,
		metric: params.get('metric') || null,
		order: order === 'asc' || order === 'desc' ? order : null,
		top: TOP_CHOICES.includes(top) ? top : DEFAULT_TOP,
		large: params.get('large') === '1',
		sort: isSortKey(key) ? { key, descending } : DEFAULT_SORT
	};
}

/** The query string of a view ('' for the default view), in a fixed order. */
export function viewSearch(view: LeaderboardView): string {
	const params = new URLSearchParams();
	if (view.experiments !== null) params.set('experiments', view.experiments.join(','));
	if (view.metric !== null) params.set('metric', view.metric);
	if (view.order !== null) params.set('order', view.order);
	if (view.top !== DEFAULT_TOP) params.set('top', String(view.top));
	if (view.large) params.set('large', '1');
	if (view.sort.key !== DEFAULT_SORT.key || view.sort.descending)
		params.set('sort', `${view.sort.descending ? '-' : ''}${view.sort.key}`);
	const search = params.toString();
	return search ? `?${search}` : '';
}
