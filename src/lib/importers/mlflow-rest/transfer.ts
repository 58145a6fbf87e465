// One HTTP exchange with a server that may misbehave: a watchdog aborts it when no byte arrives for the timeout
// or when the whole exchange outlasts its deadline; bodies are read chunk by chunk under a byte cap (the request
// is aborted past it, nothing more is buffered); timeouts, 5xx and dropped connections are retried with
// exponential backoff. The user's Cancel always ends it as an AbortError, never as an error about the server.
import { RunboardError } from '../../api/errors';

/** A failure worth another try (timeout, 5xx, dropped connection); `error` is what to report when none is left. */
export class TransientError extends Error {
	constructor(readonly error: RunboardError) {
		super(error.message);
	}
}

/** What a Cancel throws: the import's writer reports an AbortError under an aborted signal as "cancelled". */
export function cancelled(): DOMException {
	return new DOMException('The import was cancelled.', 'AbortError');
}

export interface Exchange {
	response: Response;
	/** Pushes the watchdog's deadline back: call it whenever bytes arrive. */
	alive: () => void;
	/** Ends the request (and its body) now. */
	abort: () => void;
}

/** Runs `use` on one response with a watchdog; timeouts and network failures come out as TransientError. */
export async function exchange<T>(
	url: string,
	init: RequestInit,
	options: {
		signal: AbortSignal;
		/** Silence (no headers, no body bytes) for this long is a timeout. */
		timeoutMs: number;
		/** The whole exchange taking longer is a timeout too. */
		maxMs: number;
		describe: (cause: string, timedOut: boolean) => RunboardError;
	},
	use: (exchange: Exchange) => Promise<T>
): Promise<T> {
	const controller = new AbortController();
	const onCancel = () => controller.abort();
	options.signal.addEventListener('abort', onCancel, { once: true });
	let timedOut: string | undefined;
	const timeout = (cause: string) => () => {
		timedOut = cause;
		controller.abort();
	};
	let timer: ReturnType<typeof setTimeout> | undefined;
	const alive = () => {
		clearTimeout(timer);
		timer = setTimeout(timeout(`no answer within ${options.timeoutMs / 1000} s`), options.timeoutMs);
	};
	const deadline = setTimeout(timeout(`not done within ${options.maxMs / 1000} s`), options.maxMs);
	try {
		if (options.signal.aborted) throw cancelled();
		alive();
		const response = await fetch(url, { ...init, signal: controller.signal });
		alive();
		return await use({ response, alive, abort: () => controller.abort() });
	} catch (error) {
		if (options.signal.aborted) throw cancelled();
		if (timedOut) throw new TransientError(options.describe(timedOut, true));
		if (error instanceof RunboardError || error instanceof TransientError) throw error;
		throw new TransientError(options.describe((error as Error)?.message || 'network error', false));
	} finally {
		clearTimeout(timer);
		clearTimeout(deadline);
		options.signal.removeEventListener('abort', onCancel);
	}
}

/** Tries `attempt` up to 1 + retries times while it fails with a TransientError (and `retry` allows it). */
export async function withRetries<T>(
	attempt: () => Promise<T>,
	options: { signal: AbortSignal; retries: number; backoffMs: number; retry?: () => boolean }
): Promise<T> {
	for (let n = 0; ; n++) {
		try {
			return await attempt();
		} catch (error) {
			if (options.signal.aborted) throw cancelled();
			if (!(error instanceof TransientError)) throw error;
			if (n >= options.retries || options.retry?.() === false) {
				const { code, message, details } = error.error;
				if (n === 0) throw error.error;
				throw new RunboardError(code, message.replace(/\.?$/, ` (tried ${n + 1} times).`), details);
			}
			await sleep(options.backoffMs * 2 ** n, options.signal);
		}
	}
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		const done = () => {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			if (signal.aborted) reject(cancelled());
			else resolve();
		};
		const timer = setTimeout(done, ms);
		signal.addEventListener('abort', done, { once: true });
	});
}

/** A body read under a cap: `over` says it went past `maxBytes` (and the request was aborted there). */
export interface CappedBody {
	chunks: Uint8Array[];
	size: number;
	over: boolean;
}

export async function readCapped(exchange: Exchange, maxBytes: number): Promise<CappedBody> {
	const chunks: Uint8Array[] = [];
	let size = 0;
	const body = exchange.response.body;
	if (!body) return { chunks, size, over: false };
	const reader = body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return { chunks, size, over: false };
		exchange.alive();
		if (size + value.byteLength > maxBytes) {
			// Stop the transfer: the rest of the body is never read, let alone kept.
			exchange.abort();
			reader.cancel().catch(() => undefined);
			return { chunks, size: size + value.byteLength, over: true };
		}
		chunks.push(value);
		size += value.byteLength;
	}
}

export function concat(chunks: Uint8Array[]): Uint8Array {
	if (chunks.length === 1) return chunks[0] as Uint8Array;
	const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
	let offset = 0;
	for (const c of chunks) {
		out.set(c, offset);
		offset += c.byteLength;
	}
	return out;
}
