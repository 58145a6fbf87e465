// The hostile server's misbehaviours, one per name: each answers some endpoints wrongly and leaves the rest to
// the well-behaved baseline (by returning false).
import { BASELINE, type Endpoint, type Exchange, RUN_A, RUN_B } from './baseline';
import { MODEL_MISBEHAVIOURS } from './misbehaviours-models';
import { mutating } from './mutations';

export type Misbehaviour = (x: Exchange) => boolean | Promise<boolean>;

export const never = () => new Promise<boolean>(() => undefined);

/** The page token of a request (in the POST body or the query). */
export const tokenOf = (x: Exchange) => String(x.body.page_token ?? x.query.get('page_token') ?? '');

/** The listing endpoint's baseline page with `next_page_token` added. */
function paged(endpoint: Endpoint, next: (x: Exchange) => string): Misbehaviour {
	const field = { experiments: 'experiments', runs: 'runs', history: 'metrics' } as Record<Endpoint, string>;
	const items = { experiments: BASELINE.experiments, runs: BASELINE.runs, history: BASELINE.points };
	return (x) => {
		if (x.endpoint !== endpoint) return false;
		x.json({ [field[endpoint]]: items[endpoint as keyof typeof items], next_page_token: next(x) });
		return true;
	};
}

/** Writes `chunk` until `total` bytes are written or the client goes away, as fast as the socket takes them. */
async function pour(x: Exchange, head: string, chunk: string, total = Infinity): Promise<boolean> {
	const { res } = x;
	res.writeHead(200, { 'content-type': 'application/octet-stream' });
	const bytes = Buffer.from(chunk);
	let written = 0;
	const closed = new Promise<void>((resolve) => res.once('close', resolve));
	res.write(head);
	x.count(head.length);
	while (written < total && !res.destroyed) {
		const piece = bytes.subarray(0, Math.min(bytes.byteLength, total - written));
		written += piece.byteLength;
		x.count(piece.byteLength);
		if (!res.write(piece)) await Promise.race([new Promise((r) => res.once('drain', r)), closed]);
	}
	if (!res.destroyed) res.end();
	return true;
}

function lister(list: (path: string) => unknown[]): Misbehaviour {
	return (x) => x.endpoint === 'list' && (x.json({ files: list(x.query.get('path') ?? '') }), true);
}

const seenTimes = new Map<string, number>();

const MISBEHAVIOURS: Record<string, Misbehaviour> = {
	...MODEL_MISBEHAVIOURS,
	'repeat-token-experiments': paged('experiments', () => 'same'),
	'repeat-token-runs': paged('runs', () => 'same'),
	'repeat-token-history': paged('history', () => 'same'),
	'endless-pages-experiments': paged('experiments', (x) => `p${Number(tokenOf(x).slice(1)) + 1}`),
	'endless-pages-runs': paged('runs', (x) => `p${Number(tokenOf(x).slice(1)) + 1}`),
	'endless-pages-history': paged('history', (x) => `p${Number(tokenOf(x).slice(1)) + 1}`),
	'endless-folders': lister((path) => [{ path: path ? `${path}/d` : 'd', is_dir: true }]),
	'self-containing-folders': lister((path) =>
		path === ''
			? [{ path: 'loop', is_dir: true }]
			: path === 'loop'
				? [
						{ path: 'loop', is_dir: true },
						{ path: '', is_dir: true },
						{ path: 'loop/up', is_dir: true },
						{ path: 'loop/up', is_dir: true },
						{ path: 'plots/a.txt', file_size: 3 }
					]
				: [{ path: 'loop', is_dir: true }]
	),
	'wide-folders': lister((path) =>
		Array.from({ length: 50 }, (_, i) => ({ path: `${path ? `${path}/` : ''}d${i}`, is_dir: true }))
	),
	'never-answers': never,
	'stops-answering': (x) => (x.endpoint === 'version' ? false : never()),
	'stalls-mid-body': (x) => {
		if (x.endpoint !== 'experiments') return false;
		x.res.writeHead(200, { 'content-type': 'application/json' });
		x.res.write('{"experiments": [');
		return never();
	},
	// A byte every 50 ms: never silent long enough for the idle timeout, so only the request deadline ends it.
	drips: (x) => {
		if (x.endpoint !== 'experiments') return false;
		x.res.writeHead(200, { 'content-type': 'application/json' });
		const drip = setInterval(() => (x.res.write(' '), x.count(1)), 50);
		x.res.once('close', () => clearInterval(drip));
		return never();
	},
	'long-experiment-name': (x) => {
		if (x.endpoint !== 'experiments') return false;
		x.json({ experiments: [...BASELINE.experiments, { experiment_id: '2', name: 'x'.repeat(600) }] });
		return true;
	},
	// /version answers at once: a server that never answered is not retried (that would only delay the advice).
	'slow-then-5xx-then-ok': async (x) => {
		if (x.endpoint === 'version') return false;
		const key = `${x.endpoint}?${x.query}${JSON.stringify(x.body)}`;
		const n = (seenTimes.get(key) ?? 0) + 1;
		seenTimes.set(key, n);
		if (n === 1) return never();
		if (n === 2) return (x.status(503, '{"message":"overloaded"}'), true);
		return false;
	},
	'always-5xx': (x) => x.endpoint !== 'version' && (x.status(502, 'Bad Gateway'), true),
	'tags-as-string': (x) => {
		if (x.endpoint !== 'experiments') return false;
		x.json({ experiments: BASELINE.experiments.map((e) => ({ ...e, tags: 'team=x' })) });
		return true;
	},
	'runs-as-object': (x) => x.endpoint === 'runs' && (x.json({ runs: { [RUN_A]: BASELINE.runs[0] } }), true),
	'metrics-not-numbers': (x) => {
		if (x.endpoint !== 'history') return false;
		const bad = [
			{ key: 'loss', value: 'abc', step: 3 },
			{ value: {} },
			{ value: null },
			'x',
			{ value: true },
			{ value: 1, step: 1e308 },
			{ value: 1, step: 2, timestamp: 'soon' }
		];
		x.json({ metrics: [...BASELINE.points, ...bad] });
		return true;
	},
	'no-usable-experiment': (x) => {
		if (x.endpoint !== 'experiments') return false;
		x.json({
			experiments: [1, 'x', { experiment_id: {} }, { experiment_id: '3' }, { experiment_id: '4', name: 7 }]
		});
		return true;
	},
	'bad-runs': (x) => {
		if (x.endpoint !== 'runs') return false;
		const broken = { run_id: RUN_B, experiment_id: '1', run_name: {}, status: 9, start_time: 'soon' };
		x.json({
			runs: [
				BASELINE.runs[0],
				{ info: { run_id: 'not-hex', experiment_id: '1' } },
				{ info: 'x' },
				'x',
				{ info: { run_id: 'c'.repeat(32), experiment_id: '99' } },
				{ info: broken, data: { params: 'lr=1', tags: [{ key: 5 }, { value: 'x' }, 'y'], metrics: 'loss' } }
			]
		});
		return true;
	},
	'history-as-object': (x) =>
		x.endpoint === 'history' && x.query.get('run_id') === RUN_B && (x.json({ metrics: { loss: 1 } }), true),
	'answer-not-object': (x) => x.endpoint === 'experiments' && (x.json([BASELINE.experiments]), true),
	'bad-artifact-list': lister((path) =>
		path === ''
			? [{ is_dir: true }, 'x', { path: 'notes.txt', file_size: 5 }, { path: 'plots', is_dir: true }]
			: ('nope' as unknown as unknown[])
	),
	'endless-json': (x) =>
		x.endpoint === 'experiments' && pour(x, '{"experiments":[', '{"experiment_id":"1","name":"x"},'),
	'body-longer-than-declared': (x) => {
		if (x.endpoint === 'list') return (x.json({ files: [{ path: 'big.bin', file_size: 10 }] }), true);
		return x.endpoint === 'artifact' && pour(x, '', 'x'.repeat(65536), 10 * 1024 * 1024);
	},
	'endless-body': (x) => {
		if (x.endpoint === 'list') return (x.json({ files: [{ path: 'endless.bin' }] }), true);
		return x.endpoint === 'artifact' && pour(x, '', 'x'.repeat(65536));
	}
};

export const MISBEHAVIOUR_NAMES = Object.keys(MISBEHAVIOURS);

/** A named misbehaviour, or "mutate-<seed>": wrong-shaped JSON at random (mutations.ts). */
export function misbehaviour(name: string): Misbehaviour | undefined {
	const seed = /^mutate-(\d+)$/.exec(name)?.[1];
	return seed === undefined ? MISBEHAVIOURS[name] : mutating(Number(seed));
}
