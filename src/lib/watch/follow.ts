// Following one folder: each look compares the folder with what was read before and imports the run folders
// whose files changed (the whole folder on the first look). The import itself is the caller's (the page's
// runboard.importFiles), so the same code runs in the page and, over the real database, in unit tests.
import type { AppendedMetricLines, ImportEntry, ImportReport } from '$lib/api/db-api';
import { toRunboardError } from '$lib/api/errors';
import { diffFolder, filesToReimport, runFolderOf, type FileState } from './changes';
import { entriesOf, lookAt, type FolderLook, type WatchedDirectory } from './scan';

export interface LookOutcome {
	/** Another import held the writer: nothing was read, and the next look tries the same changes again. */
	busy: boolean;
	/** The import of what changed, when something did and it was read. */
	report?: ImportReport;
	/** The files imported on this look (paths as in a drop: the folder's name first). */
	imported: string[];
	/** Metric points read from lines appended to MLflow metric files (only the new bytes were read). */
	appendedPoints: number;
	/** Files that could not be read or went away, the import's warnings, or why it failed. */
	warnings: string[];
}

/** Adds whole metric lines appended to a stored run's `metrics/<key>` file (runboard.appendMetricLines). */
export type AppendLines = (runId: string, key: string, bytes: Uint8Array) => Promise<AppendedMetricLines>;

/** What is known of a file read before; `readTo`: the bytes of an MLflow metric file stored, whole lines only. */
interface KnownFile extends FileState {
	readTo?: number;
}

export class FolderFollower {
	private known = new Map<string, KnownFile>();

	constructor(
		readonly folder: WatchedDirectory,
		private readonly importFiles: (entries: ImportEntry[]) => Promise<ImportReport>,
		private readonly appendLines?: AppendLines
	) {}

	async look(): Promise<LookOutcome> {
		const look = await lookAt(this.folder);
		const now = new Map(
			[...look.files].map(([path, f]) => [path, { size: f.size, lastModified: f.lastModified }])
		);
		const { changed, removed } = diffFolder(this.known, now);
		const warnings = look.unreadable.map(
			(u) => `${u.path} could not be read (${u.reason}); it is tried again on the next look.`
		);
		// A file that is there but cannot be read now is not gone: it keeps its place and is compared next time.
		const unreadable = new Set(look.unreadable.map((u) => u.path));
		for (const path of removed.filter((p) => !unreadable.has(p))) {
			warnings.push(`${path} is gone; what was imported from it stays.`);
			this.known.delete(path);
		}
		const outcome: LookOutcome = { busy: false, imported: [], appendedPoints: 0, warnings };
		if (changed.length === 0) return outcome;
		const paths = new Set(now.keys());
		// Metric files that only grew are read from where the last read stopped; everything else (and an append
		// that could not be stored that way) is imported again with its run.
		const reimport: string[] = [];
		for (const path of changed) {
			const appended = await this.readAppended(look, path, paths);
			if (appended === 'busy') return { ...outcome, busy: true };
			if (appended === undefined) reimport.push(path);
			else {
				outcome.appendedPoints += appended.points;
				warnings.push(...appended.unparsed.map((line) => `${path}: ${line}`));
			}
		}
		if (reimport.length === 0) return outcome;
		const picked = this.known.size === 0 ? [...paths].sort() : filesToReimport(reimport, paths);
		const result = await this.importPaths(look, picked);
		if (result === 'busy') return { ...outcome, busy: true };
		if (typeof result === 'string') warnings.push(result);
		else {
			outcome.report = result;
			warnings.push(...result.warnings.flatMap((w) => w.examples));
		}
		// Failed or not, these files are taken as read: a broken file is tried again when it changes, not on
		// every look.
		for (const path of picked) {
			const seen = look.files.get(path)!;
			this.known.set(path, { ...now.get(path)!, readTo: await wholeLinesOf(path, seen.file, paths) });
		}
		outcome.imported = picked;
		return outcome;
	}

	/**
	 * The points of the lines appended to a stored MLflow metric file since it was read, written; undefined when
	 * the file is no such append (new, shrunk, another file, a run not stored), 'busy' when an import is running.
	 */
	private async readAppended(
		look: FolderLook,
		path: string,
		paths: ReadonlySet<string>
	): Promise<AppendedMetricLines | 'busy' | undefined> {
		const before = this.known.get(path);
		const seen = look.files.get(path)!;
		const metric = metricFileOf(path, paths);
		if (!this.appendLines || !metric || before?.readTo === undefined || seen.size < before.readTo)
			return undefined;
		try {
			const bytes = new Uint8Array(await seen.file.slice(before.readTo).arrayBuffer());
			const end = bytes.lastIndexOf(10) + 1; // up to the last '\n': an unfinished line waits for the next look
			const appended = end
				? await this.appendLines(metric.runId, metric.key, bytes.subarray(0, end))
				: { points: 0, unparsed: [] };
			this.known.set(path, { size: seen.size, lastModified: seen.lastModified, readTo: before.readTo + end });
			return appended;
		} catch (error) {
			// A file changed again since it was listed cannot be read from that listing: imported again instead.
			return toRunboardError(error).code === 'INVALID_STATE' ? 'busy' : undefined;
		}
	}

	/** The report, 'busy', or why the import failed (a warning for the page, never thrown). */
	private async importPaths(look: FolderLook, paths: string[]): Promise<ImportReport | 'busy' | string> {
		try {
			return await this.importFiles(entriesOf(look, paths));
		} catch (error) {
			const failure = toRunboardError(error);
			// One import at a time (workers/db/api/imports.ts): a drop or another tab's import holds the writer.
			if (failure.code === 'INVALID_STATE') return 'busy';
			return `Reading ${paths.length} changed files failed: ${failure.message}`;
		}
	}
}

/** An MLflow metric file's run id (its run folder's name) and metric key (the path below `metrics/`). */
function metricFileOf(path: string, paths: ReadonlySet<string>): { runId: string; key: string } | undefined {
	const run = runFolderOf(path, paths);
	if (!paths.has(`${run}/meta.yaml`) || !path.startsWith(`${run}/metrics/`)) return undefined;
	return { runId: run.slice(run.lastIndexOf('/') + 1), key: path.slice(run.length + '/metrics/'.length) };
}

/** Where the next read of an imported metric file starts: its end when its last line is whole, else unknown. */
async function wholeLinesOf(
	path: string,
	file: File,
	paths: ReadonlySet<string>
): Promise<number | undefined> {
	if (!metricFileOf(path, paths)) return undefined;
	if (file.size === 0) return 0;
	const last = await file
		.slice(file.size - 1)
		.arrayBuffer()
		.then((b) => new Uint8Array(b)[0])
		.catch(() => undefined); // changed again since listed: the next look imports it again
	return last === 10 ? file.size : undefined;
}
