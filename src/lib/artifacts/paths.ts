// Artifact paths are relative, '/'-separated and never climb: the same rules for files logged from the page and
// for files from imports, so a stored path can be shown, listed and zipped without surprises.

/** Longest artifact path accepted (MLflow's own limit on a path is far larger; names past this are not real). */
export const MAX_ARTIFACT_PATH = 1000;

/**
 * Why `path` is not a safe artifact path, or null when it is. Rejects absolute paths (`/x`, `C:/x`, `\\x`), `.`
 * and `..` segments including look-alikes with spaces (`.. /x`, which some systems trim to `..`), empty
 * segments, backslashes and control characters.
 */
export function artifactPathProblem(path: unknown): string | null {
	if (typeof path !== 'string' || path === '') return 'an artifact path must be a non-empty string.';
	if (path.length > MAX_ARTIFACT_PATH)
		return `an artifact path may be at most ${MAX_ARTIFACT_PATH} characters.`;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(path)) return 'an artifact path may not contain control characters.';
	if (path.includes('\\')) return "an artifact path uses '/' between folders, not '\\'.";
	if (path.startsWith('/') || /^[a-zA-Z]:/.test(path))
		return 'an artifact path must be relative, not absolute.';
	for (const segment of path.split('/')) {
		const trimmed = segment.trim();
		if (trimmed === '') return 'an artifact path may not have empty or blank folder or file names.';
		if (trimmed === '.' || trimmed === '..') return "an artifact path may not contain '.' or '..' segments.";
	}
	return null;
}

/** A folder argument: '' or undefined is the root; a trailing '/' is ignored. */
export function normalizeDir(dir: unknown): string | null {
	if (dir === undefined || dir === null || dir === '' || dir === '/') return '';
	if (typeof dir !== 'string') return null;
	const trimmed = dir.replace(/\/+$/, '');
	return artifactPathProblem(trimmed) === null ? trimmed : null;
}

/** The last segment of a path. */
export function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

/** The extension in lower case, without the dot ('' when there is none). */
export function extension(path: string): string {
	const name = baseName(path);
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
