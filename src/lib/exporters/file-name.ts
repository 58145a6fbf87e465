// Names of exported files. They come from untrusted text (run names, metric keys, imported titles).

/** A file name from untrusted text: no path separators or control characters, at most 120 characters. */
export function safeFileName(name: string, extension: string): string {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
	const base = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').slice(0, 120) || 'chart';
	return `${base}.${extension}`;
}
