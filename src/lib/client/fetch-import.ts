// Fetches a file to import from a URL, with fetch hygiene: https only (http only on this machine), no cookies,
// no referrer, a byte cap, and a stall timeout (a host that stops sending is given up on; a slow but moving
// download is not). Every way it can fail has its own message: the link came from someone else, so the person
// opening it needs to know whether the host, the link or the file is at fault. `details.reason` names the case.
import { RunboardError } from '../api/errors';
import type { ImportEntry } from '../api/db-api';
import { corsHint, fileNameOf, lfsMediaUrl, rawUrl } from './link-url';
import { answersWithFile, dispositionName } from './file-url';
import { lfsPointerMessage, MAX_POINTER_BYTES, parseLfsPointer } from './lfs-pointer';

export { rawUrl } from './link-url';

const MAX_BYTES = 2 * 1024 * 1024 * 1024;
/** No byte for this long = the host is stuck. */
const STALL_MS = 30_000;
/** The look before asking is a HEAD request: it must not keep the confirmation waiting. */
const PROBE_MS = 10_000;

export interface FetchOptions {
	stallMs?: number;
	onBytes?: (done: number, total: number | null) => void;
	/** Cancel: the download stops, and fetchForImport throws INVALID_STATE with `details.reason` 'cancelled'. */
	signal?: AbortSignal;
}

/** What the confirmation shows: where the file is, its name and (when the host says) its size. */
export interface UrlPreview {
	url: string;
	host: string;
	name: string;
	size: number | null;
	rewritten: boolean;
}

/** Looks at a URL without reading the file: a HEAD request for its size. Never throws for a host's answer. */
export async function previewUrl(input: string, probeMs = PROBE_MS): Promise<UrlPreview> {
	const url = rawUrl(input);
	const preview = {
		url: url.href,
		host: url.host,
		name: fileNameOf(url),
		size: null,
		rewritten: url.href !== input
	};
	const response = await fetchWithin(url, probeMs, { method: 'HEAD' }).catch(() => null);
	const length = response?.ok ? Number(response.headers.get('content-length')) : NaN;
	// Readable only when the host exposes it (Access-Control-Expose-Headers); else the URL's name stays.
	const named = response?.ok ? dispositionName(response.headers.get('content-disposition')) : null;
	const sized = Number.isFinite(length) && length > 0 ? { ...preview, size: length } : preview;
	return named ? { ...sized, name: named } : sized;
}

export async function fetchForImport(input: string, options: FetchOptions = {}): Promise<ImportEntry> {
	const url = rawUrl(input);
	const stallMs = options.stallMs ?? STALL_MS;
	const { signal } = options;
	const response = await fetchWithin(url, stallMs, {}, signal).catch((error: unknown) =>
		failed(url, error, stallMs, signal)
	);
	if (!response.ok) {
		throw new RunboardError(
			'NOT_FOUND',
			response.status === 404
				? `${url.href} answered 404 Not Found: the file is not there (a typo in the link, or it was moved or deleted).`
				: `${url.href} answered HTTP ${response.status} ${response.statusText}: it did not send the file.`,
			{ reason: 'http', status: response.status }
		);
	}
	const declared = Number(response.headers.get('content-length') ?? 0);
	if (declared > MAX_BYTES) {
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`${url.href} is ${(declared / 1e9).toFixed(1)} GB: over the 2 GB cap.`,
			{ reason: 'size' }
		);
	}
	if (/^text\/html\b/i.test(response.headers.get('content-type') ?? '')) throw htmlPage(url);
	const blob = await readBody(url, response, { ...options, stallMs });
	const head = await blob.slice(0, MAX_POINTER_BYTES).text();
	const pointer = parseLfsPointer(head);
	if (pointer) {
		throw new RunboardError('IMPORT_UNRECOGNIZED', lfsPointerMessage(url.href, pointer, lfsMediaUrl(url)), {
			reason: 'lfs',
			size: pointer.size
		});
	}
	if (/^\s*<(!doctype html|html)/i.test(head)) throw htmlPage(url);
	// A download link (`…/download?id=7`) names its file in Content-Disposition; the importers read names too.
	const named = dispositionName(response.headers.get('content-disposition'));
	return { path: named ?? fileNameOf(url), file: blob };
}

/**
 * Whether a URL answers with a file (a HEAD request, read only by its headers): the MLflow-server box asks this
 * when a connection failed, to offer a file import instead. False when it cannot tell (no CORS, unreachable).
 */
export async function answersWithFileAt(input: string, probeMs = PROBE_MS): Promise<boolean> {
	let url: URL;
	try {
		url = rawUrl(input);
	} catch {
		return false;
	}
	const response = await fetchWithin(url, probeMs, { method: 'HEAD' }).catch(() => null);
	if (!response?.ok) return false;
	return answersWithFile({
		contentType: response.headers.get('content-type'),
		contentDisposition: response.headers.get('content-disposition')
	});
}

/** A fetch that gives up when no answer (headers) comes within `ms`. */
async function fetchWithin(url: URL, ms: number, init: RequestInit, cancel?: AbortSignal): Promise<Response> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(new StallError()), ms);
	const onCancel = () => controller.abort();
	cancel?.addEventListener('abort', onCancel);
	if (cancel?.aborted) onCancel();
	try {
		return await fetch(url, {
			...init,
			credentials: 'omit',
			referrerPolicy: 'no-referrer',
			signal: controller.signal
		});
	} finally {
		clearTimeout(timer);
		cancel?.removeEventListener('abort', onCancel);
	}
}

class StallError extends Error {}

/** Reads the body chunk by chunk: a stall timer restarted by every chunk, progress, and the byte cap. */
async function readBody(
	url: URL,
	response: Response,
	{ stallMs, onBytes, signal }: FetchOptions & { stallMs: number }
): Promise<Blob> {
	const total = Number(response.headers.get('content-length')) || null;
	const type = response.headers.get('content-type') ?? '';
	if (!response.body) return response.blob();
	const reader = response.body.getReader();
	const parts: Uint8Array[] = [];
	let done = 0;
	for (;;) {
		let timer: ReturnType<typeof setTimeout> | undefined;
		let onCancel = () => undefined as void;
		const stalled = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new StallError()), stallMs);
			onCancel = () => reject(new DOMException('cancelled', 'AbortError'));
			signal?.addEventListener('abort', onCancel);
			if (signal?.aborted) onCancel();
		});
		const chunk = await Promise.race([reader.read(), stalled])
			.catch((error: unknown) => {
				void reader.cancel().catch(() => undefined);
				return failed(url, error, stallMs, signal);
			})
			.finally(() => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', onCancel);
			});
		if (chunk.done) break;
		parts.push(chunk.value);
		done += chunk.value.byteLength;
		if (done > MAX_BYTES) {
			void reader.cancel().catch(() => undefined);
			throw new RunboardError('IMPORT_CORRUPT', `${url.href} is over the 2 GB cap.`, { reason: 'size' });
		}
		onBytes?.(done, total);
	}
	return new Blob(parts as BlobPart[], { type });
}

/** A fetch that threw: a stall, a redirect loop, or (the browser says no more) CORS or an unreachable host. */
async function failed(url: URL, error: unknown, stallMs: number, cancel?: AbortSignal): Promise<never> {
	if (cancel?.aborted) {
		throw new RunboardError('INVALID_STATE', 'The download was cancelled; nothing was imported.', {
			reason: 'cancelled'
		});
	}
	if (error instanceof StallError || (error as Error)?.name === 'AbortError') {
		throw new RunboardError(
			'FETCH_CORS',
			`${url.host} stopped sending: nothing arrived for ${Math.round(stallMs / 1000)} s. The host is slow or stuck; try again later, or download the file and drop it here.`,
			{ reason: 'timeout' }
		);
	}
	// A host known never to allow this page: its own advice, before probing (its downloads redirect too).
	const hint = corsHint(url);
	if (!hint && (await redirects(url))) {
		throw new RunboardError(
			'FETCH_CORS',
			`${url.href} keeps redirecting (a redirect loop, or a redirect to a host that does not allow this page), so the file never arrives. Open the link in a tab to see where it goes.`,
			{ reason: 'redirect' }
		);
	}
	const origin = typeof location === 'undefined' ? 'this page' : location.origin;
	throw new RunboardError(
		'FETCH_CORS',
		`The browser could not fetch ${url.href}: the host does not allow pages of other sites to read it (CORS), or it is unreachable. ` +
			(hint ??
				`The host must answer with the header "Access-Control-Allow-Origin: *" (or "${origin}"). ` +
					'Or download the file and drop it here.'),
		{ reason: 'cors', detail: (error as Error)?.message ?? String(error) }
	);
}

/** Whether the URL answers with a redirect (seen without following it): what a failed follow then means. */
async function redirects(url: URL): Promise<boolean> {
	const response = await fetchWithin(url, PROBE_MS, { method: 'HEAD', redirect: 'manual' }).catch(() => null);
	return (
		!!response && (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400))
	);
}

function htmlPage(url: URL): RunboardError {
	return new RunboardError(
		'IMPORT_UNRECOGNIZED',
		`${url.href} is a web page (HTML), not a file to import. Link to the file itself: on its page, copy the "Raw" or "Download" link.`,
		{ reason: 'html' }
	);
}
