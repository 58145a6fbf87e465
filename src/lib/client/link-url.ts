// Which file a shared link points at: the URL checks (https anywhere, http only on this machine) and the
// rewriting of page URLs to raw files, so a link copied from GitHub, a Gist or Hugging Face fetches the file
// itself and not the HTML page that shows it.
import { RunboardError } from '../api/errors';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function rawUrl(input: string): URL {
	let url: URL;
	try {
		url = new URL(input);
	} catch {
		throw new RunboardError('INVALID_ARGUMENT', `"${input}" is not a URL.`);
	}
	const local = LOCAL_HOSTS.has(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
		throw new RunboardError(
			'INVALID_ARGUMENT',
			'Only https:// URLs (or http:// on localhost) can be imported.'
		);
	}
	url.hash = '';
	if (url.hostname === 'github.com') {
		// github.com/<owner>/<repo>/blob/<ref>/<path> (or raw/): the file's bytes are on raw.githubusercontent.com.
		const m = url.pathname.match(/^\/([^/]+)\/([^/]+)\/(?:blob|raw)\/(.+)$/);
		if (m) return new URL(`https://raw.githubusercontent.com/${m[1]}/${m[2]}/${m[3]}`);
	}
	if (url.hostname === 'gist.github.com') {
		// gist.github.com/<user>/<id>: the raw endpoint serves the gist's file (its first, if it has several).
		const m = url.pathname.match(/^\/([^/]+)\/([0-9a-f]+)\/?$/i);
		if (m) return new URL(`https://gist.githubusercontent.com/${m[1]}/${m[2]}/raw`);
		const anonymous = url.pathname.match(/^\/([0-9a-f]+)\/?$/i);
		if (anonymous) return new URL(`https://gist.githubusercontent.com/anonymous/${anonymous[1]}/raw`);
	}
	if (url.hostname === 'huggingface.co') {
		// huggingface.co/<repo>/blob/<ref>/<path> (models; datasets/ and spaces/ prefixes too) → resolve/.
		const m = url.pathname.match(/^(\/(?:datasets\/|spaces\/)?[^/]+\/[^/]+)\/blob\/(.+)$/);
		if (m) return new URL(`https://huggingface.co${m[1]}/resolve/${m[2]}${url.search}`);
	}
	return url;
}

/** The file name a URL names (its last path segment, decoded), for the confirmation and the import report. */
export function fileNameOf(url: URL): string {
	const last = url.pathname.split('/').filter(Boolean).pop() ?? 'download';
	// A malformed %-escape would throw a bare URIError: keep the raw segment as the name instead.
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}

/** Where a Git LFS object's bytes are, for a pointer fetched from raw.githubusercontent.com; null elsewhere. */
export function lfsMediaUrl(url: URL): string | null {
	if (url.hostname !== 'raw.githubusercontent.com') return null;
	return `https://media.githubusercontent.com/media${url.pathname}`;
}
