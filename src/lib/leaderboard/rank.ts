// A workshop's standings: runs grouped by participant (the `runboard.source` tag an import of many dropped files
// writes: the file each run came from), each participant's best run by one metric, and their ranks. Pure: tested
// in tests/unit/leaderboard-rank.test.ts.
//
// Rules: only finite values count (NaN, ±Infinity and a missing metric are not scores: a diverged run never
// leads); equal best values share a rank (1, 1, 3) and are listed by participant name; a participant with no
// value for the metric is kept, listed after every ranked one with no rank, so nobody's work disappears.

import type { Direction } from '../metric-direction';

export { defaultDirection, defaultMetric, knownDirection, type Direction } from '../metric-direction';

/** The group of runs logged here rather than imported from a participant's file. */
export const THIS_BROWSER = 'this browser';

export interface ScoredRun {
	runId: string;
	runName: string;
	experimentId: string;
	/** The `runboard.source` tag: the file the run was imported from; null for runs without it. */
	source: string | null;
	/** The metric's latest value; undefined when the run has none. */
	value: number | undefined;
	startTime: number | null;
	params: Record<string, string>;
}

export interface Standing {
	/** The group's key: the `runboard.source` value, or null for runs without one. */
	source: string | null;
	/** The name to show: the file name without its bundle/zip extension, or "this browser". */
	participant: string;
	/** Every run of the participant in the experiments shown, scored or not. */
	runs: number;
	/** The best scored run; null when none has a finite value for the metric. */
	best: ScoredRun | null;
	/** 1 for the best; shared by ties; null for a participant without a value. */
	rank: number | null;
}

/** "alice.runboard.zip" → "alice"; "bob.zip" → "bob"; no source → "this browser". */
export function participantName(source: string | null): string {
	if (source === null) return THIS_BROWSER;
	const stripped = source.replace(/(\.runboard)?\.zip$/i, '');
	return stripped === '' ? source : stripped;
}

/** "alpha=0.1 · l1_ratio=0.5": a run's params by key, compact enough for one table cell. */
export function compactParams(params: Record<string, string>): string {
	return Object.keys(params)
		.sort()
		.map((key) => `${key}=${params[key]}`)
		.join(' · ');
}

const scored = (run: ScoredRun): run is ScoredRun & { value: number } =>
	run.value !== undefined && Number.isFinite(run.value);

/** True when `a` is a better score than `b` in `direction`. */
const beats = (a: number, b: number, direction: Direction) => (direction === 'asc' ? a < b : a > b);

/** Of two runs with the same value, the one that reached it first (then by id, so the answer never wavers). */
function earlier(a: ScoredRun, b: ScoredRun): boolean {
	const at = a.startTime ?? Infinity;
	const bt = b.startTime ?? Infinity;
	return at !== bt ? at < bt : a.runId < b.runId;
}

function bestOf(runs: ScoredRun[], direction: Direction): ScoredRun | null {
	let best: (ScoredRun & { value: number }) | null = null;
	for (const run of runs) {
		if (!scored(run)) continue;
		if (
			best === null ||
			beats(run.value, best.value, direction) ||
			(run.value === best.value && earlier(run, best))
		)
			best = run;
	}
	return best;
}

const byName = (a: Standing, b: Standing) =>
	a.participant.localeCompare(b.participant) || (a.source ?? '').localeCompare(b.source ?? '');

/** Every participant of `runs` with their best run and rank, best first; those without a value last. */
export function rankParticipants(runs: readonly ScoredRun[], direction: Direction): Standing[] {
	const groups = new Map<string | null, ScoredRun[]>();
	for (const run of runs) {
		const group = groups.get(run.source);
		if (group) group.push(run);
		else groups.set(run.source, [run]);
	}
	const standings: Standing[] = [...groups].map(([source, list]) => ({
		source,
		participant: participantName(source),
		runs: list.length,
		best: bestOf(list, direction),
		rank: null
	}));
	const valueOf = (s: Standing) => s.best?.value as number;
	const ranked = standings
		.filter((s) => s.best !== null)
		.sort((a, b) => {
			const x = valueOf(a);
			const y = valueOf(b);
			return x === y ? byName(a, b) : beats(x, y, direction) ? -1 : 1;
		});
	ranked.forEach((s, i) => {
		const previous = ranked[i - 1];
		s.rank = previous && valueOf(previous) === valueOf(s) ? previous.rank : i + 1;
	});
	const unranked = standings.filter((s) => s.best === null).sort(byName);
	return [...ranked, ...unranked];
}

/** The best runs of the first `n` ranked participants, in rank order: what "Compare top N" opens. */
export function topRunIds(standings: readonly Standing[], n: number): string[] {
	return standings.flatMap((s) => (s.best && s.rank !== null ? [s.best.runId] : [])).slice(0, Math.max(0, n));
}
