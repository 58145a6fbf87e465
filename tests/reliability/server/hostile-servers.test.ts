// Every misbehaviour of the hostile MLflow server, imported through the real DB API with Node's real fetch: each
// must end (no hang), within a bound on requests and bytes that follows from the limits, with a clear message or
// warning, and with only whole runs stored. Prints one summary line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASELINE, RUN_A, RUN_B } from './baseline';
import { type HostileServer, startHostileServer } from './hostile-server';
import { MISBEHAVIOUR_NAMES } from './misbehaviours';
import { importFrom, type ImportOptions, type Outcome, type StoredRun, TEST_LIMITS } from './outcome';
import type { ServerLimits } from '$lib/importers/limits';

const L = TEST_LIMITS as Required<ServerLimits>;
const SECONDS = L.requestTimeoutMs / 1000;
const POINTS = BASELINE.points.map((p) => p.value);
const WHOLE = { params: ['lr=0.1'], points: POINTS, artifacts: ['notes.txt', 'plots/a.txt'] };
/** The requests of a well-behaved import: version, experiments, runs, then per run history + 2 lists + 2 files. */
const OK_REQUESTS = 3 + 2 * 5;
/** Kernel socket buffers may accept this much past the point where the client stopped reading. */
const SOCKET_SLACK = 8 * 1024 * 1024;
const EXPERIMENTS = ['Default', 'hostile'];

/** The baseline history read n times over: every step n times (the history comes back ordered by step). */
const repeated = (n: number) => POINTS.flatMap((v) => Array.from({ length: n }, () => v));
const whole = (runId: string, extra: Partial<StoredRun> = {}) => ({ runId, ...WHOLE, ...extra });
const bothWhole = (extra: Partial<StoredRun> = {}) => [whole(RUN_A, extra), whole(RUN_B, extra)];
const shape = (runs: StoredRun[]) =>
	runs.map(({ runId, params, points, artifacts }) => ({ runId, params, points, artifacts }));

interface Case {
	name: string;
	server?: string;
	limits?: Partial<ServerLimits>;
	maxRequests: number;
	maxBytes?: number;
	cancelWhen?: ImportOptions['cancelWhen'];
	check(o: Outcome): void;
}

function imported(o: Outcome, runs: object[], ...warnings: string[]): void {
	expect(o.error).toBeUndefined();
	expect(o.report?.cancelled).toBe(false);
	expect(o.experiments).toEqual(EXPERIMENTS);
	expect(shape(o.runs)).toEqual(runs);
	for (const w of warnings) expect(o.warnings).toContain(w);
}

function failed(o: Outcome, code: string, message: string): void {
	expect(o.error?.code).toBe(code);
	expect(o.error?.message).toContain(message);
	expect(o.experiments).toEqual([]);
	expect(o.runs).toEqual([]);
}

function cancelled(o: Outcome): void {
	expect(o.error).toBeUndefined();
	expect(o.report?.cancelled).toBe(true);
	expect(o.runs).toEqual([]);
}

const paging = (n: number) => OK_REQUESTS + n;
const CASES: Case[] = [
	{ name: 'ok', maxRequests: OK_REQUESTS, check: (o) => imported(o, bothWhole()) },
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
		maxRequests: 3 + 2 * (1 + 1 + L.maxArtifactDepth),
		check: (o) =>
			imported(o, bothWhole({ artifacts: [] }), `more than ${L.maxArtifactDepth} folders deep (the cap)`)
	},
	{
		name: 'self-containing-folders',
		maxRequests: 3 + 2 * 4,
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
		maxRequests: 3 + 2 * (2 + L.maxArtifactEntries),
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
		name: 'long-experiment-name',
		maxRequests: OK_REQUESTS,
		check: (o) =>
			imported(
				o,
				bothWhole(),
				"experiment-skipped: experiments/search: experiment 2's name is 600 characters long"
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
		name: 'tags-as-string',
		maxRequests: OK_REQUESTS,
		check: (o) =>
			imported(o, bothWhole(), 'invalid-item: experiments/search: experiment 1: tags is a string, not a list')
	},
	{
		name: 'runs-as-object',
		maxRequests: 3,
		check: (o) => failed(o, 'IMPORT_CORRUPT', 'runs/search answered "runs" as an object, not a list')
	},
	{
		name: 'metrics-not-numbers',
		maxRequests: OK_REQUESTS,
		check: (o) => imported(o, bothWhole(), '7 points were skipped: a value that is not a number')
	},
	{
		name: 'no-usable-experiment',
		maxRequests: 2,
		check: (o) =>
			failed(o, 'IMPORT_CORRUPT', 'experiments/search listed no usable experiment: an experiment is a number')
	},
	{
		name: 'bad-runs',
		maxRequests: OK_REQUESTS,
		check: (o) => {
			imported(
				o,
				[whole(RUN_A), whole(RUN_B, { params: [], points: [] })],
				"run-skipped: runs/search: a run's run_id is not 32 hexadecimal characters",
				'run-skipped: runs/search: a run has no info object (a string)',
				'which the server did not list',
				'data.params is a string, not a list',
				'data.tags[0] is not {key, value}',
				'data.metrics is a string, not a list'
			);
			expect(o.runs[1]?.name).toBe('bbbbbbbb');
		}
	},
	{
		name: 'history-as-object',
		maxRequests: OK_REQUESTS,
		check: (o) =>
			imported(
				o,
				[whole(RUN_A)],
				'run-skipped: run bbbbbbbb…: metrics/get-history of run bbbbbbbb…, metric "loss" answered "metrics" as an object'
			)
	},
	{
		name: 'answer-not-object',
		maxRequests: 2,
		check: (o) => failed(o, 'IMPORT_CORRUPT', 'experiments/search answered a list, not a JSON object')
	},
	{
		name: 'bad-artifact-list',
		maxRequests: OK_REQUESTS - 2,
		check: (o) =>
			imported(
				o,
				bothWhole({ artifacts: ['notes.txt'] }),
				'listed an object, which is not below it',
				'files is a string, not a list'
			)
	},
	{
		name: 'endless-json',
		maxRequests: 2,
		maxBytes: L.maxJsonBytes + SOCKET_SLACK,
		check: (o) => failed(o, 'IMPORT_CORRUPT', 'answered more than 1.0 MB of JSON')
	},
	{
		name: 'body-longer-than-declared',
		maxRequests: 3 + 2 * 3,
		maxBytes: SOCKET_SLACK,
		check: (o) =>
			imported(
				o,
				bothWhole({ artifacts: [] }),
				'big.bin was not stored: the server sent more than the 10 B it declared'
			)
	},
	{
		name: 'endless-body',
		maxRequests: 3 + 2 * 3,
		maxBytes: 2 * (L.maxArtifactFileBytes + SOCKET_SLACK),
		check: (o) =>
			imported(
				o,
				bothWhole({ artifacts: [] }),
				'endless.bin was not stored: it is larger than 1.0 MB, over the cap of 1.0 MB for one file'
			)
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

let server: HostileServer;
const figures = { cases: 0, maxRequests: 0, maxBytes: 0, hangs: 0 };

beforeAll(async () => {
	server = await startHostileServer();
	// Node loads its fetch on first use: not inside the first case's request timeout.
	await (await fetch(`${server.url('ok')}/version`)).text();
});

afterAll(async () => {
	await server.close();
	// Bytes are what the server wrote to its sockets: past a cap the client stops reading, but the kernel's socket
	// buffers still take a few MB of an endless body.
	const bytes = figures.maxBytes.toLocaleString('en-US');
	console.log(
		`hostile servers: ${figures.cases} cases, each bounded: max ${figures.maxRequests} requests, max ${bytes} bytes, ${figures.hangs} hangs`
	);
});

describe('a hostile MLflow server', () => {
	it('every misbehaviour of the server has a case', () => {
		const covered = new Set(CASES.map((c) => c.server ?? c.name));
		expect(MISBEHAVIOUR_NAMES.filter((name) => !covered.has(name))).toEqual([]);
	});

	for (const c of CASES) {
		it(`${c.name}: ends bounded, with a clear message, only whole runs`, async () => {
			const o = await importFrom(server, c.server ?? c.name, { limits: c.limits, cancelWhen: c.cancelWhen });
			figures.cases++;
			figures.maxRequests = Math.max(figures.maxRequests, o.stats.requests);
			figures.maxBytes = Math.max(figures.maxBytes, o.stats.bytes);
			if (o.hung) figures.hangs++;
			expect(o.hung).toBe(false);
			expect(o.stats.requests).toBeLessThanOrEqual(c.maxRequests);
			expect(o.stats.bytes).toBeLessThanOrEqual(c.maxBytes ?? 64 * 1024);
			c.check(o);
		});
	}
});
