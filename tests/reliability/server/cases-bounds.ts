// Hostile-server cases about ending: repeated and endless page tokens, endless and self-containing artifact
// folders, servers that never answer, stop, stall, drip or fail with 5xx, and Cancel at each kind of wait.
import { expect } from 'vitest';
import {
	bothWhole,
	type Case,
	cancelled,
	failed,
	imported,
	L,
	MODEL_LINE,
	MODEL_REQUESTS,
	OK_REQUESTS,
	paging,
	repeated,
	SECONDS
} from './expectations';

export const BOUND_CASES: Case[] = [
	{
		name: 'ok',
		maxRequests: OK_REQUESTS,
		check: (o) => {
			imported(o, bothWhole());
			expect(o.models).toEqual([MODEL_LINE]);
			expect(o.warnings).toBe('');
		}
	},
	...(['experiments', 'runs'] as const).flatMap((endpoint): Case[] => [
		{
			name: `repeat-token-${endpoint}`,
			maxRequests: paging(1),
			check: (o) =>
				imported(
					o,
					bothWhole(),
					`paging-stopped: ${endpoint}/search: the server sent page token "same" again`
				)
		},
		{
			name: `endless-pages-${endpoint}`,
			maxRequests: paging(L.maxPages - 1),
			check: (o) =>
				imported(o, bothWhole(), `${endpoint}/search: it has more than ${L.maxPages} pages (the cap)`)
		}
	]),
	{
		name: 'repeat-token-history',
		maxRequests: paging(2),
		check: (o) => imported(o, bothWhole({ points: repeated(2) }), 'the server sent page token "same" again')
	},
	{
		name: 'endless-pages-history',
		maxRequests: paging(2 * (L.maxPages - 1)),
		check: (o) => imported(o, bothWhole({ points: repeated(L.maxPages) }), 'more than 20 pages')
	},
	{
		name: 'many-points',
		server: 'endless-pages-history',
		limits: { maxRunPoints: 10 },
		// 3 points a page: the fourth page passes 10, and no fifth is asked for.
		maxRequests: paging(2 * 3),
		check: (o) => imported(o, bothWhole({ points: repeated(4) }), 'the run has more than 10 points (the cap)')
	},
	{
		name: 'endless-folders',
		maxRequests: 3 + 2 * (1 + 1 + L.maxArtifactDepth) + MODEL_REQUESTS,
		check: (o) =>
			imported(o, bothWhole({ artifacts: [] }), `more than ${L.maxArtifactDepth} folders deep (the cap)`)
	},
	{
		name: 'self-containing-folders',
		maxRequests: 3 + 2 * 4 + MODEL_REQUESTS,
		check: (o) =>
			imported(
				o,
				bothWhole({ artifacts: [] }),
				'listed folder "loop/up" again',
				'listed "plots/a.txt", which is not below it'
			)
	},
	{
		name: 'wide-folders',
		maxRequests: 3 + 2 * (2 + L.maxArtifactEntries) + MODEL_REQUESTS,
		check: (o) =>
			imported(
				o,
				bothWhole({ artifacts: [] }),
				`more than ${L.maxArtifactEntries} artifact files and folders`
			)
	},
	{
		name: 'never-answers',
		maxRequests: 1,
		check: (o) => failed(o, 'FETCH_CORS', `did not answer /version in time (no answer within ${SECONDS} s)`)
	},
	{
		name: 'stops-answering',
		maxRequests: 1 + (1 + L.retries),
		check: (o) =>
			failed(
				o,
				'IMPORT_CORRUPT',
				`stopped answering /api/2.0/mlflow/experiments/search: no answer within ${SECONDS} s (tried ${1 + L.retries} times)`
			)
	},
	{
		name: 'stalls-mid-body',
		maxRequests: 1 + (1 + L.retries),
		check: (o) =>
			failed(
				o,
				'IMPORT_CORRUPT',
				`stopped answering /api/2.0/mlflow/experiments/search: no answer within ${SECONDS} s`
			)
	},
	{
		name: 'drips',
		limits: { maxRequestMs: 600, retries: 1 },
		maxRequests: 1 + 2,
		check: (o) =>
			failed(
				o,
				'IMPORT_CORRUPT',
				'stopped answering /api/2.0/mlflow/experiments/search: not done within 0.6 s (tried 2 times)'
			)
	},
	{
		name: 'slow-then-5xx-then-ok',
		maxRequests: 1 + 3 * (OK_REQUESTS - 1),
		check: (o) => imported(o, bothWhole())
	},
	{
		name: 'always-5xx',
		maxRequests: 1 + (1 + L.retries),
		check: (o) => failed(o, 'IMPORT_CORRUPT', `HTTP 502: Bad Gateway (tried ${1 + L.retries} times)`)
	},
	{
		name: 'cancel while waiting for an answer',
		server: 'stops-answering',
		limits: { requestTimeoutMs: 60_000 },
		maxRequests: 2,
		cancelWhen: (s) => s.requests >= 2,
		check: cancelled
	},
	{
		name: 'cancel while waiting to retry',
		server: 'always-5xx',
		limits: { backoffMs: 60_000 },
		maxRequests: 2,
		cancelWhen: (s) => s.requests >= 2,
		check: cancelled
	},
	{
		name: 'cancel while the body arrives',
		server: 'stalls-mid-body',
		limits: { requestTimeoutMs: 60_000 },
		maxRequests: 2,
		cancelWhen: (s) => s.requests >= 2,
		check: cancelled
	}
];
