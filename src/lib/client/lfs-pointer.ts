// Git LFS pointers: a repository that keeps a large file in Git LFS stores, in its place, a few lines of text
// (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md). A raw link to such a file gives that text, not
// the file, and importing it would only say "unrecognized": this names it and says where the bytes are.
import { formatBytes } from '../artifacts/bytes';

/** What a pointer says of the real file. */
export interface LfsPointer {
	oid: string;
	/** The real file's size in bytes. */
	size: number;
}

const VERSION = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\r?\n/;
/** The spec caps a pointer at 1024 bytes; a longer text is some other file. */
export const MAX_POINTER_BYTES = 1024;

/** The pointer a text is, or null. `head` is the start of the body (at least its first 1024 bytes). */
export function parseLfsPointer(head: string): LfsPointer | null {
	if (!VERSION.test(head)) return null;
	const text = head.slice(0, MAX_POINTER_BYTES);
	const oid = text.match(/^oid sha256:([0-9a-f]{64})\r?$/m)?.[1];
	const size = text.match(/^size (\d{1,16})\r?$/m)?.[1];
	return { oid: oid ?? '', size: size === undefined ? NaN : Number(size) };
}

/** The message for a pointer fetched from `href`: what it is, the real size, and where to get the file. */
export function lfsPointerMessage(href: string, pointer: LfsPointer, mediaUrl: string | null): string {
	const size = Number.isFinite(pointer.size)
		? ` (${formatBytes(pointer.size)}, ${pointer.size.toLocaleString('en-US')} bytes)`
		: '';
	return (
		`${href} is a Git LFS pointer, not the file: the repository keeps the real file${size} in Git LFS and this link gives only the small text that points at it. ` +
		(mediaUrl
			? `Link to ${mediaUrl} instead, `
			: 'Link to the LFS download (on Hugging Face, the "resolve/" link), ') +
		'or download the file and drop it here.'
	);
}
