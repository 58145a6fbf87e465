// Which file a shared link points at: the URL checks (https anywhere, http only on this machine) and the
// rewriting of page URLs to raw files, so a link copied from GitHub, a Gist or Hugging Face fetches the file
// itself and not the HTML page that shows it. Pure: the tests (tests/unit/link-url.test.ts) need no network.
import { RunboardError } from '../api/errors';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Longer than any file link (signed cloud URLs stay under 4 KB); a longer "link" is a paste gone wrong. */
export const MAX_URL_LENGTH = 8192;

export function rawUrl(input: string): URL {
	const url = checkedUrl(input);
	url.hash = '';
	if (url.hostname === 'github.com') {
		// github.com/<owner>/<repo>/blob/<ref>/<path> (or raw/): the file's bytes are on raw.githubusercontent.com.
		const m = url.pathname.match(/^\/([^/]+)\/([^/]+)\/(?:blob|raw)\/(.+)$/);
		if (m) return new URL(`https://raw.githubusercontent.com/${m[1]}/${m[2]}/${m[3]}`);
	}
	if (url.hostname === 'gist.github.com') {
		// gist.github.com/<user>/<id>: the raw endpoint serves the gist's file (its first, if it has several);
		// gist.github.com/<user>/<id>/raw/<file> (a "Raw" button's link before its redirect) names one file.
		const m = url.pathname.match(/^\/([^/]+)\/([0-9a-f]+)(\/raw\/.+)?\/?$/i);
		if (m) return new URL(`https://gist.githubusercontent.com/${m[1]}/${m[2]}${m[3] ?? '/raw'}`);
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

/**
 * Parses a pasted or linked URL and refuses, each with its own reason, what must never be fetched: script
 * (javascript:), inline content (data:, blob:), the person's own disk (file:), plain http to other machines, and
 * inputs too long to be a link. The input is never echoed whole: it came from someone else and may be huge.
 */
function checkedUrl(input: string): URL {
	if (input.length > MAX_URL_LENGTH) {
		throw new RunboardError(
			'INVALID_ARGUMENT',
			`This URL is ${input.length.toLocaleString('en-US')} characters long: a link to a file is at most ${MAX_URL_LENGTH.toLocaleString('en-US')}. Check what was pasted.`
		);
	}
	let url: URL;
	try {
		url = new URL(input.trim());
	} catch {
		const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
		throw new RunboardError('INVALID_ARGUMENT', `"${shown}" is not a URL.`);
	}
	const refusal = REFUSED_SCHEMES[url.protocol];
	if (refusal) throw new RunboardError('INVALID_ARGUMENT', refusal);
	const local = LOCAL_HOSTS.has(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
		throw new RunboardError(
			'INVALID_ARGUMENT',
			url.protocol === 'http:'
				? `http://${url.host} is not encrypted: only https:// URLs (or http:// on this machine) can be imported.`
				: 'Only https:// URLs (or http:// on localhost) can be imported.'
		);
	}
	return url;
}

const ONLY = 'Only https:// links to a file (or http:// on this machine) can be imported.';
const REFUSED_SCHEMES: Record<string, string> = {
	'javascript:': `A javascript: link runs code instead of naming a file, so it is never opened here. ${ONLY}`,
	'data:': `A data: URL carries its content inside the link instead of naming a file, so it is not imported. ${ONLY}`,
	'blob:': `A blob: URL belongs to another page and cannot be read here. ${ONLY}`,
	'file:':
		'A file: URL names a file on this computer, which a web page may not read by its path: drop the file here (or choose it) instead.'
};

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

/**
 * Where a Git LFS object's bytes are, for a pointer fetched from a host that keeps LFS files apart: GitHub's raw
 * host (the media host serves the object) and Hugging Face's raw/ links (resolve/ serves it); null elsewhere.
 */
export function lfsMediaUrl(url: URL): string | null {
	if (url.hostname === 'raw.githubusercontent.com')
		return `https://media.githubusercontent.com/media${url.pathname}`;
	if (url.hostname === 'huggingface.co') {
		const m = url.pathname.match(/^(\/(?:datasets\/|spaces\/)?[^/]+\/[^/]+)\/raw\/(.+)$/);
		if (m) return `https://huggingface.co${m[1]}/resolve/${m[2]}`;
	}
	return null;
}

/**
 * What to do when a well-known host refuses this page (no CORS), for the hosts people link to most that never
 * allow it: there the generic "the host must allow this page" cannot be acted on. Null for other hosts.
 */
export function corsHint(url: URL): string | null {
	const host = url.hostname;
	if (host === 'github.com' && /^\/[^/]+\/[^/]+\/releases\/download\//.test(url.pathname)) {
		return 'GitHub release downloads never allow other sites to read them: download it and drop it here, or link to a copy committed to the repository (its blob/ page).';
	}
	if (host === 'drive.google.com' || host === 'docs.google.com' || host.endsWith('.googleusercontent.com')) {
		return 'Google Drive does not let other sites read its files: download it and drop it here.';
	}
	if (host === 'www.dropbox.com' || host === 'dropbox.com') {
		return 'Dropbox pages do not let other sites read their files: download it and drop it here.';
	}
	return null;
}
