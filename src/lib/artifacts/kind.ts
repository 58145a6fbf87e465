// What a file is, for choosing its preview: by its first bytes (magic numbers) AND its name. The name alone is
// never trusted for anything that renders: a "picture.png" that is really HTML is shown as text, never as a
// page; a document is only rendered as HTML/SVG when its name says so, and then only in a sandboxed frame.
import { baseName, extension } from './paths';

export type PreviewKind =
	| 'mlmodel'
	| 'json'
	| 'yaml'
	| 'csv'
	| 'tsv'
	| 'text'
	| 'image'
	| 'svg'
	| 'html'
	| 'pdf'
	| 'audio'
	| 'video'
	| 'binary';

export interface FileKind {
	kind: PreviewKind;
	/** The MIME type to give the bytes' Blob (what the browser will treat them as). */
	mime: string;
	/** A short explanation when name and content disagree, shown beside the preview. */
	note?: string;
}

/** Bytes to read for sniffing. */
export const SNIFF_BYTES = 4096;

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, text: string, at = 0) =>
	startsWith(
		b,
		[...text].map((c) => c.charCodeAt(0)),
		at
	);

/** The media type the bytes themselves announce, or '' when there is no known signature. */
export function sniffMagic(b: Uint8Array): string {
	if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (ascii(b, 'GIF87a') || ascii(b, 'GIF89a')) return 'image/gif';
	if (ascii(b, 'RIFF') && ascii(b, 'WEBP', 8)) return 'image/webp';
	if (ascii(b, 'RIFF') && ascii(b, 'WAVE', 8)) return 'audio/wav';
	if (ascii(b, 'BM') && b.length > 14 && b[6] === 0 && b[7] === 0) return 'image/bmp';
	if (ascii(b, '%PDF-')) return 'application/pdf';
	if (ascii(b, 'OggS')) return 'audio/ogg';
	if (ascii(b, 'fLaC')) return 'audio/flac';
	if (ascii(b, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return 'audio/mpeg';
	if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
	if (ascii(b, 'ftyp', 4)) return 'video/mp4';
	if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
	if (startsWith(b, [0x1f, 0x8b])) return 'application/gzip';
	if (startsWith(b, [0x93]) && ascii(b, 'NUMPY', 1)) return 'application/x-npy';
	return '';
}

/** Text is valid UTF-8 without NUL bytes (a cut multi-byte character at the very end is allowed). */
export function looksLikeText(b: Uint8Array): boolean {
	if (b.includes(0)) return false;
	const decoder = new TextDecoder('utf-8', { fatal: true });
	try {
		decoder.decode(b, { stream: true });
		return true;
	} catch {
		return false;
	}
}

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp']);
const AUDIO_EXTENSIONS = new Set(['wav', 'mp3', 'ogg', 'oga', 'flac']);
const VIDEO_EXTENSIONS = new Set(['mp4', 'm4v', 'webm', 'mov']);

export function fileKind(path: string, head: Uint8Array): FileKind {
	const ext = extension(path);
	const magic = sniffMagic(head);
	const text = looksLikeText(head);
	const mismatch = (what: string) =>
		`Named like ${what}, but its bytes are ${magic || (text ? 'text' : 'not a known format')}: shown as ${text ? 'text' : 'binary'}.`;
	const fallback = (note?: string): FileKind =>
		text
			? { kind: 'text', mime: 'text/plain', note }
			: { kind: 'binary', mime: 'application/octet-stream', note };

	if (IMAGE_EXTENSIONS.has(ext) || magic.startsWith('image/')) {
		if (magic.startsWith('image/')) return { kind: 'image', mime: magic };
		return fallback(mismatch('an image'));
	}
	if (ext === 'svg') {
		const start = text ? new TextDecoder().decode(head.subarray(0, 1024)) : '';
		return /<svg[\s>]/i.test(start) ? { kind: 'svg', mime: 'image/svg+xml' } : fallback(mismatch('an SVG'));
	}
	if (ext === 'pdf' || magic === 'application/pdf') {
		return magic === 'application/pdf' ? { kind: 'pdf', mime: magic } : fallback(mismatch('a PDF'));
	}
	if (AUDIO_EXTENSIONS.has(ext) || magic.startsWith('audio/')) {
		return magic.startsWith('audio/') ? { kind: 'audio', mime: magic } : fallback(mismatch('audio'));
	}
	if (VIDEO_EXTENSIONS.has(ext) || magic.startsWith('video/')) {
		return magic.startsWith('video/') ? { kind: 'video', mime: magic } : fallback(mismatch('a video'));
	}
	if (magic !== '' || !text) return { kind: 'binary', mime: magic || 'application/octet-stream' };
	// Text from here on.
	if (baseName(path) === 'MLmodel') return { kind: 'mlmodel', mime: 'text/plain' };
	if (ext === 'html' || ext === 'htm') return { kind: 'html', mime: 'text/html' };
	if (ext === 'json') return { kind: 'json', mime: 'text/plain' };
	if (ext === 'yaml' || ext === 'yml') return { kind: 'yaml', mime: 'text/plain' };
	if (ext === 'csv') return { kind: 'csv', mime: 'text/plain' };
	if (ext === 'tsv') return { kind: 'tsv', mime: 'text/plain' };
	return { kind: 'text', mime: 'text/plain' };
}

/**
 * Whether an image's last bytes lack its format's end marker (PNG's IEND chunk, JPEG's EOI, GIF's trailer):
 * browsers draw what they could decode of a truncated file without reporting an error, so it is said here.
 */
export function looksTruncated(mime: string, tail: Uint8Array): boolean {
	const ends = (sig: number[]) => sig.every((v, i) => tail[tail.length - sig.length + i] === v);
	if (mime === 'image/png') return !ends([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
	if (mime === 'image/jpeg') return !tail.some((v, i) => v === 0xff && tail[i + 1] === 0xd9);
	if (mime === 'image/gif') return !tail.includes(0x3b);
	return false;
}

/**
 * The only media types an artifact's bytes may carry in an object URL. A blob: URL has the app's origin and no
 * Content-Security-Policy, and a person can open it in a new tab, so it must never be a type a browser renders
 * as a document or sniffs (HTML, SVG, XML, text, octet-stream): raster pictures, sound and video only, each
 * matched by the file's own magic bytes (sniffMagic), never by its name.
 */
const URL_SAFE_TYPES = new Set([
	'image/png',
	'image/jpeg',
	'image/gif',
	'image/webp',
	'image/bmp',
	'audio/wav',
	'audio/ogg',
	'audio/flac',
	'audio/mpeg',
	'video/webm',
	'video/mp4'
]);

/** The type to give an object URL of this file's bytes, or null when none may be made for it. */
export function mediaUrlType(file: FileKind): string | null {
	const media = file.kind === 'image' || file.kind === 'audio' || file.kind === 'video';
	return media && URL_SAFE_TYPES.has(file.mime) ? file.mime : null;
}
