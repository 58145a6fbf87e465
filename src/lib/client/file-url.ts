// Is a URL a file rather than a server? The MLflow-server box is where people paste whatever URL they have: a
// zip or a database file there would otherwise get "…/version is not found: is this an MLflow server?". These
// pure checks let the page offer to import it as a file instead, by the URL's name or by the host's answer.

/** Endings of the files Runboard imports (and of archives of them): a URL ending so is a file, not a server. */
const FILE_ENDINGS = [
	'.zip',
	'.db',
	'.sqlite',
	'.sqlite3',
	'.gz',
	'.tgz',
	'.tar',
	'.csv',
	'.tsv',
	'.json',
	'.jsonl',
	'.ndjson',
	'.yaml',
	'.yml',
	'.wandb',
	'.runboard'
];

/** Whether the URL's last path segment names a file (`runs.zip`, `events.out.tfevents.1687.host`). */
export function looksLikeFileUrl(input: string): boolean {
	let url: URL;
	try {
		url = new URL(input.trim());
	} catch {
		return false;
	}
	const last = (url.pathname.split('/').filter(Boolean).pop() ?? '').toLowerCase();
	if (last.startsWith('events.out.tfevents.')) return true;
	return FILE_ENDINGS.some((ending) => last.endsWith(ending) && last.length > ending.length);
}

/** The headers of a host's answer that tell what it sent. */
export interface AnswerHeaders {
	contentType: string | null;
	contentDisposition: string | null;
}

const FILE_TYPES =
	/^(application\/(zip|x-zip-compressed|gzip|x-gzip|x-tar|octet-stream|vnd\.sqlite3|x-sqlite3|jsonl?|x-ndjson)|text\/(csv|tab-separated-values))\b/i;

/**
 * Whether a host answered with a file: an attachment, or a type that is a file's and not a page's or an API's.
 * JSON counts only as an attachment (an MLflow server answers JSON too).
 */
export function answersWithFile({ contentType, contentDisposition }: AnswerHeaders): boolean {
	if (contentDisposition && /^\s*attachment\b/i.test(contentDisposition)) return true;
	const type = contentType ?? '';
	return FILE_TYPES.test(type) && !/^application\/json\b/i.test(type);
}

/**
 * The file name an answer's Content-Disposition gives (`filename*=UTF-8''…` first, then `filename="…"`), reduced
 * to its last path segment: the host is not trusted to choose a folder. Null when there is none.
 */
export function dispositionName(header: string | null): string | null {
	if (!header) return null;
	let name: string | undefined;
	const extended = header.match(/filename\*\s*=\s*[\w-]+'[^']*'([^;]+)/i)?.[1];
	if (extended) {
		try {
			name = decodeURIComponent(extended.trim());
		} catch {
			name = undefined;
		}
	}
	name ??= header.match(/filename\s*=\s*"([^"]*)"/i)?.[1] ?? header.match(/filename\s*=\s*([^;\s]+)/i)?.[1];
	// Control characters dropped (a name is shown and stored; they have no place in either).
	const last = [...(name?.split(/[\\/]/).pop() ?? '')]
		.filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
		.join('')
		.trim();
	return last && last !== '.' && last !== '..' ? last.slice(0, 255) : null;
}
