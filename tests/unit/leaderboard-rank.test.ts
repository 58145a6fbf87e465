// The workshop standings (src/lib/leaderboard/rank.ts): best run per participant, ties, values that are no
// score, direction, and participants without a value listed last.
import { describe, expect, it } from 'vitest';
import {
	compactParams,
	defaultDirection,
	defaultMetric,
	participantName,
	rankParticipants,
	topRunIds,
	type ScoredRun
} from '$lib/leaderboard/rank';

let next = 0;
function run(source: string | null, value: number | undefined, extra: Partial<ScoredRun> = {}): ScoredRun {
	next++;
	return {
		runId: `r${String(next).padStart(3, '0')}`,
		runName: `run-${next}`,
		experimentId: '1',
		source,
		value,
		startTime: next * 1000,
		params: {},
		...extra
	};
}

const summary = (runs: ScoredRun[], direction: 'asc' | 'desc' = 'asc') =>
	rankParticipants(runs, direction).map((s) => [s.rank, s.participant, s.best?.value ?? null, s.runs]);

describe('rankParticipants', () => {
	it('takes each participant’s best run and ranks them, lowest first when ascending', () => {
		const runs = [
			run('alice.zip', 0.5),
			run('alice.zip', 0.3),
			run('bob.zip', 0.4),
			run('chen.runboard.zip', 0.9),
			run('chen.runboard.zip', 0.2),
			run('chen.runboard.zip', 0.7)
		];
		expect(summary(runs)).toEqual([
			[1, 'chen', 0.2, 3],
			[2, 'alice', 0.3, 2],
			[3, 'bob', 0.4, 1]
		]);
		const alice = rankParticipants(runs, 'asc').find((s) => s.participant === 'alice');
		expect(alice?.best?.runId).toBe(runs[1]?.runId);
	});

	it('ranks highest first when descending, and picks the highest run', () => {
		const runs = [run('a.zip', 0.5), run('a.zip', 0.8), run('b.zip', 0.6)];
		expect(summary(runs, 'desc')).toEqual([
			[1, 'a', 0.8, 2],
			[2, 'b', 0.6, 1]
		]);
	});

	it('gives ties one rank (1, 1, 3), ties listed by name; a tie inside a participant goes to the earlier run', () => {
		const first = run('zed.zip', 0.1, { startTime: 5 });
		const later = run('zed.zip', 0.1, { startTime: 9 });
		const runs = [later, first, run('amy.zip', 0.1), run('bo.zip', 0.2)];
		expect(summary(runs)).toEqual([
			[1, 'amy', 0.1, 1],
			[1, 'zed', 0.1, 2],
			[3, 'bo', 0.2, 1]
		]);
		expect(rankParticipants(runs, 'asc').find((s) => s.participant === 'zed')?.best?.runId).toBe(first.runId);
	});

	it('skips NaN, ±Infinity and missing values; a participant with none is listed last with no rank', () => {
		const runs = [
			run('nan.zip', NaN),
			run('inf.zip', -Infinity),
			run('inf.zip', 3),
			run('none.zip', undefined),
			run('ok.zip', 2),
			run('aaa.zip', Infinity)
		];
		expect(summary(runs)).toEqual([
			[1, 'ok', 2, 1],
			[2, 'inf', 3, 2],
			[null, 'aaa', null, 1],
			[null, 'nan', null, 1],
			[null, 'none', null, 1]
		]);
	});

	it('groups runs without a source as “this browser”', () => {
		expect(summary([run(null, 1), run(null, 0.5), run('x.zip', 0.7)])).toEqual([
			[1, 'this browser', 0.5, 2],
			[2, 'x', 0.7, 1]
		]);
	});

	it('answers an empty list with no standings', () => {
		expect(rankParticipants([], 'asc')).toEqual([]);
	});
});

describe('topRunIds', () => {
	it('names the best runs of the first N ranked participants, never an unranked one', () => {
		const runs = [run('a.zip', 3), run('b.zip', 1), run('c.zip', 2), run('d.zip', undefined)];
		const standings = rankParticipants(runs, 'asc');
		expect(topRunIds(standings, 2)).toEqual([runs[1]?.runId, runs[2]?.runId]);
		expect(topRunIds(standings, 10)).toEqual([runs[1]?.runId, runs[2]?.runId, runs[0]?.runId]);
	});
});

describe('names and directions', () => {
	it('strips the bundle and zip extensions, keeps everything else as it is', () => {
		expect(participantName('alice.zip')).toBe('alice');
		expect(participantName('bob.runboard.zip')).toBe('bob');
		expect(participantName('Chen.ZIP')).toBe('Chen');
		expect(participantName('mlflow.db')).toBe('mlflow.db');
		expect(participantName('<img src=x onerror=alert(1)>.zip')).toBe('<img src=x onerror=alert(1)>');
		expect(participantName('.zip')).toBe('.zip');
		expect(participantName(null)).toBe('this browser');
	});

	it('ranks errors ascending and scores descending', () => {
		for (const m of ['rmse', 'val_mae', 'loss', 'train/loss', 'error_rate', 'mse', 'error_score'])
			expect(defaultDirection(m), m).toBe('asc');
		for (const m of ['r2', 'r2_score', 'accuracy', 'val_acc', 'f1', 'roc_auc', 'precision'])
			expect(defaultDirection(m), m).toBe('desc');
		expect(defaultDirection('throughput')).toBe('asc');
	});

	it('opens on a headline metric, else the first whose direction is known', () => {
		expect(defaultMetric(['epoch', 'lr', 'rmse', 'r2'])).toBe('rmse');
		expect(defaultMetric(['r2', 'mae', 'rmse'])).toBe('rmse');
		expect(defaultMetric(['epoch', 'mae', 'r2'])).toBe('r2');
		expect(defaultMetric(['epoch', 'f1', 'lr'])).toBe('f1');
		expect(defaultMetric(['epoch', 'lr'])).toBe('epoch');
		expect(defaultMetric([])).toBeNull();
	});

	it('writes params compactly, by key', () => {
		expect(compactParams({ l1_ratio: '0.5', alpha: '0.1' })).toBe('alpha=0.1 · l1_ratio=0.5');
		expect(compactParams({})).toBe('');
	});
});
