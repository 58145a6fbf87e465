// Before a large import: how much the browser lets this site store, next to what the import brings, so a
// person sees "this will not fit" before waiting for it (navigator.storage.estimate()).
import { IMPORT_LIMITS } from '$lib/importers/limits';
import { formatBytes } from './io';

/** Imports above this size show the storage estimate first. */
export const LARGE_IMPORT_BYTES = 100 * 1024 * 1024;

export interface StorageAdvice {
	message: string;
	/** The import may not fit in what the browser still allows. */
	tight: boolean;
}

export function storageAdvice(
	importBytes: number,
	estimate: { usage?: number; quota?: number } | null
): StorageAdvice | null {
	if (importBytes < LARGE_IMPORT_BYTES) return null;
	const capNote =
		importBytes > IMPORT_LIMITS.maxArtifactBytes
			? ` Artifacts past ${formatBytes(IMPORT_LIMITS.maxArtifactBytes)} per import are skipped and listed in the report.`
			: '';
	if (!estimate?.quota) {
		return {
			message: `This import is ${formatBytes(importBytes)}; the browser does not say how much it may store.${capNote}`,
			tight: false
		};
	}
	const free = Math.max(0, estimate.quota - (estimate.usage ?? 0));
	const tight = importBytes > free;
	return {
		message:
			`This import is ${formatBytes(importBytes)}; this site may store ${formatBytes(free)} more ` +
			`(${formatBytes(estimate.usage ?? 0)} of ${formatBytes(estimate.quota)} used).` +
			(tight
				? ' It may not fit: runs that do not fit fail whole (nothing half-written); free space on the Storage page first.'
				: '') +
			capNote,
		tight
	};
}
