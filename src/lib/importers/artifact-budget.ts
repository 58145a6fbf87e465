// The artifact budget: the one place that decides whether an artifact file is taken, or skipped and with which
// warning. A browser tab holds at most a few GiB, so one import stores at most IMPORT_LIMITS.maxArtifactBytes of
// artifacts and no single file over IMPORT_LIMITS.maxArtifactFileBytes; runs, params and metrics always import.
//
// Each import has two budgets, kept in two stages:
// - Listing (the importer): a file store's files are handed on while their listed sizes fit what is left of the
//   import's cap (`takeListed`); the ones past it are counted into one warning. A live server's files are taken
//   one at a time against both caps (`refusal`) and streamed under `transferLimit`, since its bodies cost a
//   download before anything can be checked.
// - Storing (workers/import/prepare.ts): every file the importer hands on is checked against both caps again,
//   by the bytes really read, and each refused one gets its own line in the report (`storeRefused`).
import { formatBytes } from '../artifacts/bytes';
import { IMPORT_LIMITS } from './limits';
import type { ImportWarning } from './types';

/** Why a file was not taken: larger than one file may be, or larger than what is left of the import's cap. */
export type Refusal = 'over-file-cap' | 'over-import-cap';

/** Files left out by `takeListed`, for one warning instead of one per file. */
export interface Skipped {
	files: number;
	bytes: number;
}

export class ArtifactBudget {
	private left: number;

	constructor(
		readonly importCap: number = IMPORT_LIMITS.maxArtifactBytes,
		readonly fileCap: number = IMPORT_LIMITS.maxArtifactFileBytes
	) {
		this.left = importCap;
	}

	get bytesLeft(): number {
		return this.left;
	}

	/** Bytes of artifacts taken so far, for progress. */
	get bytesTaken(): number {
		return this.importCap - this.left;
	}

	/**
	 * The listed files that fit what is left of the import's cap, in order, each one taken before the next is
	 * judged (a file too large is skipped, a smaller one after it may still fit). The cap for one file is left to
	 * the storing stage, which names each such file in the report.
	 */
	takeListed<T>(files: Iterable<T>, sizeOf: (file: T) => number): { taken: T[]; skipped: Skipped } {
		const taken: T[] = [];
		const skipped: Skipped = { files: 0, bytes: 0 };
		for (const file of files) {
			const size = sizeOf(file);
			if (size > this.left) {
				skipped.files++;
				skipped.bytes += size;
				continue;
			}
			this.left -= size;
			taken.push(file);
		}
		return { taken, skipped };
	}

	/** Why a file of `size` bytes would not be taken now, or null when it would. */
	refusal(size: number): Refusal | null {
		if (size > this.fileCap) return 'over-file-cap';
		if (size > this.left) return 'over-import-cap';
		return null;
	}

	/** Counts bytes taken (after `refusal` said yes and the file was read). */
	spend(size: number): void {
		this.left -= size;
	}

	/** The most bytes a transfer of a file may bring: its declared size when known, and both caps. */
	transferLimit(declared: number | null): number {
		return Math.min(declared ?? Infinity, this.fileCap, this.left);
	}

	/** One owner's listed files skipped by `takeListed` (an mlruns run or model folder). */
	listedOverCap(owner: string, skipped: Skipped, runId?: string): ImportWarning {
		const mb = (skipped.bytes / 1e6).toFixed(1);
		const cap = (this.importCap / 1e6).toFixed(0);
		return {
			kind: 'artifacts-over-cap',
			message: `${owner}: ${skipped.files} artifact file(s) (${mb} MB) not imported: over the ${cap} MB cap for one import.`,
			runId
		};
	}

	/** Every owner's skipped files in one line (files dropped beside a database: one warning, not one per run). */
	importOverCap(skipped: Skipped, owners: number): ImportWarning {
		const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
		return {
			kind: 'artifacts-over-cap',
			message:
				`${skipped.files} artifact files (${mb(skipped.bytes)}) of ${owners} runs or models ` +
				`were not imported: over the artifact size cap of ${mb(this.importCap)} per import.`
		};
	}

	/** A file the storing stage refused, with its size and the cap it is over. */
	storeRefused(owner: string, path: string, size: number, refusal: Refusal): ImportWarning {
		const cap =
			refusal === 'over-file-cap'
				? `the cap for one file is ${formatBytes(this.fileCap)}`
				: `the cap of ${formatBytes(this.importCap)} per import is reached`;
		return {
			kind: 'artifacts-over-cap',
			message: `${owner}: ${path} (${formatBytes(size)}) was not stored: ${cap}.`
		};
	}

	/**
	 * A server's file not taken: its declared size is over a cap (`declared`), or its body grew past `limit` while
	 * streaming (`sent`: the bytes received when the transfer was stopped).
	 */
	transferRefused(
		owner: string,
		runId: string | undefined,
		path: string,
		over: { declared: number } | { sent: number; declared: number | null; limit: number }
	): ImportWarning {
		const why =
			'limit' in over
				? over.declared !== null && over.sent > over.declared
					? `the server sent more than the ${formatBytes(over.declared)} it declared (stopped at ${formatBytes(over.sent)})`
					: `it is larger than ${formatBytes(over.limit)}, ${this.overWhich(over.sent)}`
				: `${formatBytes(over.declared)} is ${this.overWhich(over.declared)}`;
		return {
			kind: 'artifacts-over-cap',
			message: `${owner}: ${path} was not stored: ${why}.`,
			runId,
			file: path
		};
	}

	private overWhich(size: number): string {
		return size > this.fileCap
			? `over the cap of ${formatBytes(this.fileCap)} for one file`
			: 'over what is left of the artifact cap for one import';
	}
}
