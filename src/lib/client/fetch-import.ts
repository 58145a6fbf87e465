// Fetches a file to import from a URL, with fetch hygiene: https only (http only on this machine), no cookies,
// no referrer, a timeout and a byte cap. Page URLs of GitHub and Hugging Face are rewritten to raw files.
import { RunboardError } from '../api/errors';
import type { ImportEntry } from '../api/db-api';

const MAX_BYTES = 2 * 1024 * 1024 * 1024;
const TIMEOUT_MS = 120_000;

export function rawUrl(input: string): URL {
	let url: URL;
	try {
		url = new URL(input);
	} catch {
		throw new RunboardError('INVALID_ARGUMENT', `"${input}" is not a URL.`);
	}
	const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
		throw new RunboardError(
			'INVALID_ARGUMENT',
			'Only https:// URLs (or http:// on localhost) can be imported.'
		);
	}
	const github =
		url.hostname === 'github.com' && url.pathname.match(/^\/([^/]+)\/([^/]+)\/(?:blob|raw)\/(.+)$/);
	if (github) return new URL(`https://raw.githubusercontent.com/${github[1]}/${github[2]}/${github[3]}`);
	if (url.hostname === 'huggingface.co' && url.pathname.includes('/blob/')) {
		return new URL(url.href.replace('/blob/', '/resolve/'));
	}
	return url;
}

export async function fetchForImport(input: string): Promise<ImportEntry> {
	const url = rawUrl(input);
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
	let response: Response;
	try {
		response = await fetch(url, {
			credentials: 'omit',
			referrerPolicy: 'no-referrer',
			signal: controller.signal
		});
	} catch (error) {
		clearTimeout(timer);
		throw new RunboardError(
			'FETCH_CORS',
			`The browser could not fetch ${url.href} (${(error as Error).message}). The server may not allow ` +
				'cross-origin requests (CORS), or it is unreachable. Download the file and drop it here instead.'
		);
	}
	if (!response.ok) {
		clearTimeout(timer);
		throw new RunboardError(
			'NOT_FOUND',
			`${url.href} answered HTTP ${response.status} ${response.statusText}.`
		);
	}
	const declared = Number(response.headers.get('content-length') ?? 0);
	if (declared > MAX_BYTES) {
		clearTimeout(timer);
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`${url.href} is ${(declared / 1e9).toFixed(1)} GB: over the 2 GB cap.`
		);
	}
	const blob = await response.blob().finally(() => clearTimeout(timer));
	const last = url.pathname.split('/').filter(Boolean).pop() ?? 'download';
	// A malformed %-escape would throw a bare URIError: keep the raw segment as the name instead.
	let name = last;
	try {
		name = decodeURIComponent(last);
	} catch {
		// keep the raw segment
	}
	return { path: name, file: blob };
}
