// A small client for MLflow's REST API as the browser sees it: every failure becomes a coded error that says
// what to do (CORS needs `mlflow server --cors-allowed-origins <this origin>` on MLflow ≥ 3.5; older servers need a
// proxy; or export the files and drop them). Every request is bounded in time and bytes (transfer.ts).
import { RunboardError } from '../../api/errors';
import { formatBytes } from '../../artifacts/bytes';
import { SERVER_LIMITS, type ServerLimits } from '../limits';
import {
	type CappedBody,
	concat,
	type Exchange,
	exchange,
	readCapped,
	TransientError,
	withRetries
} from './transfer';

export interface ServerConnection {
	/** Base URL of the tracking server, e.g. http://127.0.0.1:5000 (a path prefix is kept). */
	url: string;
	/** Optional token: sent as `Authorization: Bearer <token>`, or as given when it starts with "Basic "/"Bearer ". */
	token?: string;
	/** This page's origin, for the CORS advice. */
	origin: string;
	/** Tighter or looser bounds than SERVER_LIMITS (a slow server, or tests that must end in seconds). */
	limits?: Partial<ServerLimits>;
}

/** SERVER_LIMITS with the overrides that are non-negative numbers. */
export function serverLimits(overrides: Partial<ServerLimits> = {}): ServerLimits {
	const limits: ServerLimits = { ...SERVER_LIMITS };
	if (typeof overrides !== 'object' || overrides === null) return limits;
	for (const name of Object.keys(limits) as (keyof ServerLimits)[]) {
		const value = (overrides as Record<string, unknown>)[name];
		if (typeof value === 'number' && value >= 0) limits[name] = value;
	}
	return limits;
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

/** What one request may send: a JSON body (or raw bytes) makes it a POST unless a method is given. */
export interface CallInit {
	method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
	body?: unknown;
	/** Bytes sent as they are (an artifact upload) instead of a JSON body. */
	raw?: Blob;
}

/** How a use of the client differs from reading a server for an import (the defaults). */
export interface ClientOptions {
	/** Retry HTTP 429 like a 5xx: a push sends many calls and may meet a rate limit. */
	retryRateLimited?: boolean;
	/** The CORS advice's last sentence: what to do instead. */
	otherwise?: string;
}

export class MlflowRestClient {
	readonly base: string;
	/** A server that has never answered is down or blocked by CORS: retrying it would only delay the advice. */
	private answered = false;

	constructor(
		private readonly connection: ServerConnection,
		readonly limits: ServerLimits,
		private readonly signal: AbortSignal,
		private readonly options: ClientOptions = {}
	) {
		this.base = normaliseBaseUrl(connection.url);
	}

	/**
	 * Any answer but an HTTP error: the server is there, or took what was sent (its body, e.g. "3.1.0" or an
	 * upload's empty answer, is read and dropped).
	 */
	async probe(path: string, init: CallInit = {}): Promise<void> {
		await this.retried(path, init, (x) => readCapped(x, ERROR_TEXT_BYTES));
	}

	/** The JSON answer of `path`, read under the JSON cap; retried after timeouts, 5xx and dropped connections. */
	async json(path: string, init: CallInit = {}): Promise<unknown> {
		return this.retried(path, init, async (x) => {
			const body = await readCapped(x, this.limits.maxJsonBytes);
			if (body.over) {
				throw new RunboardError(
					'IMPORT_CORRUPT',
					`${this.base}${path} answered more than ${formatBytes(this.limits.maxJsonBytes)} of JSON: is this an MLflow server?`
				);
			}
			try {
				return JSON.parse(new TextDecoder().decode(concat(body.chunks))) as unknown;
			} catch {
				throw new RunboardError(
					'IMPORT_CORRUPT',
					`${this.base}${path} did not answer JSON: is this an MLflow server?`
				);
			}
		});
	}

	/** A file's body, streamed and stopped past `maxBytes` (then `over` is true and nothing more is read). */
	async download(path: string, maxBytes: number): Promise<CappedBody> {
		return this.retried(path, {}, (x) => readCapped(x, maxBytes));
	}

	private retried<T>(path: string, init: CallInit, use: (x: Exchange) => Promise<T>): Promise<T> {
		const { retries, backoffMs } = this.limits;
		return withRetries(() => this.once(path, init, use), {
			signal: this.signal,
			retries,
			backoffMs,
			retry: () => this.answered
		});
	}

	private once<T>(path: string, init: CallInit, use: (x: Exchange) => Promise<T>): Promise<T> {
		const sends = init.body !== undefined || init.raw !== undefined;
		const request: RequestInit = {
			method: init.method ?? (sends ? 'POST' : 'GET'),
			headers: this.headers(init.body !== undefined),
			body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
			credentials: 'omit',
			referrerPolicy: 'no-referrer'
		};
		const describe = (cause: string, timedOut: boolean) =>
			this.answered
				? new RunboardError(
						'IMPORT_CORRUPT',
						`The MLflow server at ${this.base} stopped answering ${path}: ${cause}.`
					)
				: timedOut
					? new RunboardError(
							'FETCH_CORS',
							`The MLflow server at ${this.base} did not answer ${path} in time (${cause}): check that it is running and not busy.`
						)
					: this.corsAdvice(cause);
		const options = {
			signal: this.signal,
			timeoutMs: this.limits.requestTimeoutMs,
			maxMs: this.limits.maxRequestMs,
			describe
		};
		return exchange(`${this.base}${path}`, request, options, async (x) => {
			if (!x.response.ok) await this.refused(path, x);
			this.answered = true;
			return use(x);
		});
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
				'served over HTTPS when it is not on localhost. ' +
				(this.options.otherwise ?? 'Or export mlflow.db / the mlruns folder and drop it here.'),
			{ url: this.base, origin: this.connection.origin }
		);
	}

	/** Throws what an HTTP error status means; 5xx may pass with time, so it is worth a retry. */
	private async refused(path: string, x: Exchange): Promise<never> {
		const { status } = x.response;
		const body = await readCapped(x, ERROR_TEXT_BYTES).catch(() => undefined);
		const text = body ? new TextDecoder().decode(concat(body.chunks)) : '';
		this.answered = true;
		if (status === 403 && text.includes('Invalid Host header')) {
			throw new RunboardError(
				'FETCH_CORS',
				`The server refused the host name: add --allowed-hosts ${new URL(this.base).host} to its command.`
			);
		}
		if (status === 403 && text.includes('Cross-origin request blocked'))
			throw this.corsAdvice('cross-origin request blocked');
		if (status === 401 || status === 403) {
			throw new RunboardError('FETCH_CORS', `The server needs credentials (HTTP ${status}): enter a token.`);
		}
		if (status === 404) {
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
		const error = new RunboardError(
			'IMPORT_CORRUPT',
			`The MLflow server answered HTTP ${status}: ${message}`
		);
		const transient = status >= 500 || (status === 429 && this.options.retryRateLimited === true);
		throw transient ? new TransientError(error) : error;
	}
}

/** Error pages are read only this far: their first words say what went wrong. */
const ERROR_TEXT_BYTES = 16 * 1024;

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
