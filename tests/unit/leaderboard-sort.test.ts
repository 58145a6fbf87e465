// The standings table's header sort (src/lib/leaderboard/sort.ts) and its URL (src/lib/leaderboard/url.ts).
import { describe, expect, it } from 'vitest';
import { rankParticipants, type ScoredRun } from '$lib/leaderboard/rank';
import { DEFAULT_SORT, paramKeys, sortStandings, toggleSort } from '$lib/leaderboard/sort';
import { readView, viewSearch } from '$lib/leaderboard/url';

function run(source: string, value: number | undefined, params: Record<string, string>, n = 1): ScoredRun[] {
	return Array.from({ length: n }, (_, i) => ({
		runId: `${source}-${i}`,
		runName: source,
		experimentId: '1',
		source,
		value,
		startTime: i,
		params
	}));
}

const standings = rankParticipants(
	[
		...run('amy.zip', 0.3, { alpha: '10', kind: 'b' }, 2),
		...run('bo.zip', 0.1, { alpha: '9' }, 3),
		...run('cy.zip', 0.2, { alpha: '0.5', kind: 'a' }, 1),
		...run('dee.zip', undefined, {}, 4)
	],
	'asc'
);
const names = (list: { participant: string }[]) => list.map((s) => s.participant);

describe('sortStandings', () => {
	it('keeps rank order by default, and reverses it with the unranked still last', () => {
		expect(names(sortStandings(standings, DEFAULT_SORT))).toEqual(['bo', 'cy', 'amy', 'dee']);
		expect(names(sortStandings(standings, { key: 'rank', descending: true }))).toEqual([
			'amy',
			'cy',
			'bo',
			'dee'
		]);
	});

	it('sorts by participant and by run count', () => {
		expect(names(sortStandings(standings, { key: 'participant', descending: true }))).toEqual([
			'dee',
			'cy',
			'bo',
			'amy'
		]);
		expect(names(sortStandings(standings, { key: 'runs', descending: false }))).toEqual([
			'cy',
			'amy',
			'bo',
			'dee'
		]);
	});

	it('sorts a param numerically when its values are numbers, text otherwise; rows without it last', () => {
		expect(names(sortStandings(standings, { key: 'param:alpha', descending: false }))).toEqual([
			'cy',
			'bo',
			'amy',
			'dee'
		]);
		expect(names(sortStandings(standings, { key: 'param:kind', descending: true }))).toEqual([
			'amy',
			'cy',
			'bo',
			'dee'
		]);
	});

	it('toggles: the same column reverses, another starts ascending', () => {
		expect(toggleSort(DEFAULT_SORT, 'rank')).toEqual({ key: 'rank', descending: true });
		expect(toggleSort({ key: 'rank', descending: true }, 'runs')).toEqual({ key: 'runs', descending: false });
	});

	it('lists the param keys of the best runs', () => {
		expect(paramKeys(standings)).toEqual(['alpha', 'kind']);
	});
});

describe('the URL', () => {
	it('round-trips a view and leaves defaults out', () => {
		expect(viewSearch(readView(new URLSearchParams('')))).toBe('');
		const search = '?experiments=1%2C4&metric=rmse&order=desc&top=2&large=1&sort=-param%3Aalpha';
		const view = readView(new URLSearchParams(search));
		expect(view).toEqual({
			experiments: ['1', '4'],
			metric: 'rmse',
			order: 'desc',
			top: 2,
			large: true,
			sort: { key: 'param:alpha', descending: true }
		});
		expect(viewSearch(view)).toBe(search);
	});

	it('falls back to defaults for what it cannot read', () => {
		const view = readView(new URLSearchParams('experiments=1,x,1,2&order=up&top=7&large=yes&sort=-bogus'));
		expect(view).toMatchObject({
			experiments: ['1', '2'],
			order: null,
			top: 3,
			large: false,
			sort: DEFAULT_SORT
		});
	});
});
