// Following one folder: each look compares the folder with what was read before and imports the run folders
// whose files changed (the whole folder on the first look). The import itself is the caller's (the page's
// runboard.importFiles), so the same code runs in the page and, over the real database, in unit tests.
import type { ImportEntry, ImportReport } from '$lib/api/db-api';
import { toRunboardError } from '$lib/api/errors';
import { diffFolder, filesToReimport, type FileState } from './changes';
import { entriesOf, lookAt, type FolderLook, type WatchedDirectory } from './scan';

export interface LookOutcome {
	/** Another import held the writer: nothing was read, and the next look tries the same changes again. */
	busy: boolean;
	/** The import of what changed, when something did and it was read. */
	report?: ImportReport;
	/** The files imported on this look (paths as in a drop: the folder's name first). */
	imported: string[];
	/** Files that could not be read or went away, the import's warnings, or why it failed. */
	warnings: string[];
}

export class FolderFollower {
	private known = new Map<string, FileState>();

	constructor(
		readonly folder: WatchedDirectory,
		private readonly importFiles: (entries: ImportEntry[]) => Promise<ImportReport>
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
		const outcome: LookOutcome = { busy: false, imported: [], warnings };
		if (changed.length === 0) return outcome;
		const paths =
			this.known.size === 0 ? [...now.keys()].sort() : filesToReimport(changed, new Set(now.keys()));
		const result = await this.importPaths(look, paths);
		if (result === 'busy') return { ...outcome, busy: true };
		if (typeof result === 'string') warnings.push(result);
		else {
			outcome.report = result;
			warnings.push(...result.warnings.flatMap((w) => w.examples));
		}
		// Failed or not, these files are taken as read: a broken file is tried again when it changes, not on
		// every look.
		for (const path of paths) this.known.set(path, now.get(path)!);
		outcome.imported = paths;
		return outcome;
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
