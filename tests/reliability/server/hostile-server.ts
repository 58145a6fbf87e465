// A small MLflow-like tracking server on 127.0.0.1 that misbehaves on request: the first path segment names the
// misbehaviour (http://127.0.0.1:port/<case>/api/2.0/...), so one server serves every case. Without one it is a
// well-behaved server with two experiments, two runs (3 points of "loss" each) and two artifact files per run.
// It counts requests and body bytes it wrote per case, which the tests bound.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { baseline, type Endpoint, type Exchange } from './baseline';
import { misbehaviour } from './misbehaviours';

export interface CaseStats {
	requests: number;
	/** Response body bytes written to the socket (what the client may have received). */
	bytes: number;
}

export interface HostileServer {
	/** A fresh server URL of one misbehaviour ('ok' for none): its requests are counted apart from others'. */
	url(name: string): string;
	/** What the server saw at `url`. */
	stats(url: string): CaseStats;
	close(): Promise<void>;
}

const ENDPOINTS: [string, Endpoint][] = [
	['/version', 'version'],
	['/api/2.0/mlflow/experiments/search', 'experiments'],
	['/api/2.0/mlflow/runs/search', 'runs'],
	['/api/2.0/mlflow/metrics/get-history', 'history'],
	['/api/2.0/mlflow/artifacts/list', 'list'],
	['/get-artifact', 'artifact'],
	['/api/2.0/mlflow/logged-models/search', 'models']
];

/** A logged model's routes carry its id in the path: the exchange gets it as the query's `model_id`. */
const MODEL_ROUTES: [RegExp, Endpoint][] = [
	[/^\/api\/2\.0\/mlflow\/logged-models\/([^/]+)\/artifacts\/directories$/, 'model-list'],
	[/^\/ajax-api\/2\.0\/mlflow\/logged-models\/([^/]+)\/artifacts\/files$/, 'model-file']
];

function route(path: string, query: URLSearchParams): Endpoint | undefined {
	const exact = ENDPOINTS.find(([p]) => p === path)?.[1];
	if (exact) return exact;
	for (const [pattern, endpoint] of MODEL_ROUTES) {
		const id = pattern.exec(path)?.[1];
		if (id !== undefined) {
			query.set('model_id', decodeURIComponent(id));
			return endpoint;
		}
	}
	return undefined;
}

export async function startHostileServer(): Promise<HostileServer> {
	const stats = new Map<string, CaseStats>();
	const statsOf = (name: string) => {
		let s = stats.get(name);
		if (!s) stats.set(name, (s = { requests: 0, bytes: 0 }));
		return s;
	};
	const server = createServer((req, res) => {
		void handle(req, res, statsOf).catch(() => res.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	let urls = 0;
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: (name) => `${base}/${name}~${++urls}`,
		stats: (url) => ({ ...statsOf(url.slice(base.length + 1)) }),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

async function handle(
	req: IncomingMessage,
	res: ServerResponse,
	statsOf: (name: string) => CaseStats
): Promise<void> {
	// Any page may read it (the browser test's page is on another port): CORS as `mlflow server
	// --cors-allowed-origins` grants it, preflights answered and not counted.
	res.setHeader('access-control-allow-origin', '*');
	if (req.method === 'OPTIONS') {
		res.setHeader('access-control-allow-methods', 'GET, POST');
		res.setHeader('access-control-allow-headers', 'content-type, authorization');
		return void res.writeHead(204).end();
	}
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const [, segment = '', ...rest] = url.pathname.split('/');
	const name = segment.split('~')[0] ?? '';
	const path = `/${rest.join('/')}`;
	const endpoint = route(path, url.searchParams);
	const s = statsOf(segment);
	s.requests++;
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	if (!endpoint) return void res.writeHead(404).end('not found');
	const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
	const query = url.searchParams;
	const count = (n: number) => (s.bytes += n);
	const x: Exchange = {
		endpoint,
		query,
		body,
		call: s.requests,
		json: (value) => send(res, 200, 'application/json', JSON.stringify(value), count),
		text: (value) => send(res, 200, 'text/plain', value, count),
		status: (code, text) => send(res, code, 'application/json', text, count),
		res,
		count
	};
	const misbehave = misbehaviour(name);
	if (!misbehave || !(await misbehave(x))) baseline(x);
}

function send(
	res: ServerResponse,
	code: number,
	type: string,
	text: string,
	count: (n: number) => void
): void {
	const bytes = Buffer.from(text);
	count(bytes.byteLength);
	res.writeHead(code, { 'content-type': type, 'content-length': bytes.byteLength }).end(bytes);
}
