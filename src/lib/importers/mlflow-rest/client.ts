// A small client for MLflow's REST API as the browser sees it: every failure becomes a coded error that says
// what to do (CORS needs `mlflow server --cors-allowed-origins <this origin>` on MLflow ≥ 3.5; older servers need a
// proxy; or export the files and drop them).
import { RunboardError } from '../../api/errors';

export interface ServerConnection {
	/** Base URL of the tracking server, e.g. http://127.0.0.1:5000 (a path prefix is kept). */
	url: string;
	/** Optional token: sent as `Authorization: Bearer <token>`, or as given when it starts with "Basic "/"Bearer ". */
	token?: string;
	/** This page's origin, for the CORS advice. */
	origin: string;
}

export function normaliseBaseUrl(input: string): string {
	let url: URL;
	try {
		url = new URL(input.trim());
	} catch {
		throw new RunboardError('INVALID_ARGUMENT', `"${input}" is not a URL; use e.g. http://127.0.0.1:5000.`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new RunboardError('INVALID_ARGUMENT', 'The MLflow server URL must start with http:// or https://.');
	}
	return url.href.replace(/\/+$/, '');
}

export class MlflowRestClient {
	readonly base: string;

	constructor(private readonly connection: ServerConnection) {
		this.base = normaliseBaseUrl(connection.url);
	}

	private headers(json: boolean): HeadersInit {
		const headers: Record<string, string> = {};
		if (json) headers['content-type'] = 'application/json';
		const token = this.connection.token?.trim();
		if (token) headers.authorization = /^(basic|bearer) /i.test(token) ? token : `Bearer ${token}`;
		return headers;
	}

	private corsAdvice(cause: string): RunboardError {
		return new RunboardError(
			'FETCH_CORS',
			`The MLflow server at ${this.base} could not be read from this page (${cause}). On MLflow 3.5 or newer, start ` +
				`it with: mlflow server --cors-allowed-origins "${this.connection.origin}". Older servers send no CORS ` +
				'headers and need a proxy that adds them. Also check the URL, that the server is running, and that it is ' +
				'served over HTTPS when it is not on localhost. Or export mlflow.db / the mlruns folder and drop it here.',
			{ url: this.base, origin: this.connection.origin }
		);
	}

	async request(
		path: string,
		init: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {}
	): Promise<Response> {
		let response: Response;
		try {
			response = await fetch(`${this.base}${path}`, {
				method: init.method ?? 'GET',
				headers: this.headers(init.body !== undefined),
				body: init.body === undefined ? undefined : JSON.stringify(init.body),
				credentials: 'omit',
				referrerPolicy: 'no-referrer',
				signal: init.signal
			});
		} catch (error) {
			if ((error as Error).name === 'AbortError') throw error;
			throw this.corsAdvice((error as Error).message || 'network error');
		}
		if (response.ok) return response;
		const text = await response.text().catch(() => '');
		if (response.status === 403 && text.includes('Invalid Host header')) {
			throw new RunboardError(
				'FETCH_CORS',
				`The server refused the host name: add --allowed-hosts ${new URL(this.base).host} to its command.`
			);
		}
		if (response.status === 403 && text.includes('Cross-origin request blocked'))
			throw this.corsAdvice('cross-origin request blocked');
		if (response.status === 401 || response.status === 403) {
			throw new RunboardError(
				'FETCH_CORS',
				`The server needs credentials (HTTP ${response.status}): enter a token.`
			);
		}
		if (response.status === 404) {
			throw new RunboardError(
				'NOT_FOUND',
				`${this.base}${path} is not found (HTTP 404): is this an MLflow server? Try ${this.base}/version.`
			);
		}
		let message = text.slice(0, 300);
		try {
			message = (JSON.parse(text) as { message?: string }).message ?? message;
		} catch {
			// not JSON: keep the text
		}
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`The MLflow server answered HTTP ${response.status}: ${message}`
		);
	}

	async json<T>(
		path: string,
		init: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {}
	): Promise<T> {
		const response = await this.request(path, init);
		try {
			return (await response.json()) as T;
		} catch {
			throw new RunboardError(
				'IMPORT_CORRUPT',
				`${this.base}${path} did not answer JSON: is this an MLflow server?`
			);
		}
	}
}

/** int64 fields come as JSON numbers or strings; non-finite doubles as "NaN"/"Infinity"/"-Infinity". */
export function num(value: unknown): number | null {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string') return null;
	if (value === 'NaN') return NaN;
	if (value === 'Infinity') return Infinity;
	if (value === '-Infinity') return -Infinity;
	const n = Number(value);
	return value.trim() === '' || Number.isNaN(n) ? null : n;
}
