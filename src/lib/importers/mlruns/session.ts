// State of one mlruns import: pending warnings, files that could not be read, progress and the artifact budget.
// The readers push into it; the top-level generator turns it into items at safe points.
import type { Tag } from '../../model/types';
import { ArtifactBudget } from '../artifact-budget';
import type {
	ImportContext,
	ImportedArtifact,
	ImportItem,
	ImportWarning,
	SourceFile,
	WarningKind
} from '../types';
import { readMeta, type MetaResult } from './meta';
import { filesBelow, type Dir, type Tree } from './tree';

/** Params and tags are at most a few KB in MLflow; beyond this a file is not a value. */
export const MAX_VALUE_BYTES = 8 * 1024 * 1024;
const PROGRESS_INTERVAL_MS = 100;

export interface Unreadable {
	file: string;
	line?: number;
	message: string;
}

export class Session {
	private pending: ImportWarning[] = [];
	/** Files that could not be read at all; if nothing else imports, the first one is the error. */
	readonly unreadable: Unreadable[] = [];
	bytesDone = 0;
	private lastProgress = 0;
	private readonly artifactBudget: ArtifactBudget;
	private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

	constructor(
		readonly tree: Tree,
		readonly context: ImportContext
	) {
		this.artifactBudget = new ArtifactBudget(context.maxArtifactBytes);
	}

	get aborted(): boolean {
		return this.context.signal.aborted;
	}

	warn(kind: WarningKind, message: string, about: { runId?: string; file?: string } = {}): void {
		this.pending.push({ kind, message, ...about });
	}

	unreadableFile(kind: WarningKind, file: string, problem: string, line?: number, runId?: string): void {
		this.unreadable.push({ file, line, message: problem });
		const where = line === undefined ? file : `${file} line ${line}`;
		this.warn(kind, `${where}: ${problem}`, { file, runId });
	}

	/** Pending warnings as items (and a progress item when due); call between records. */
	*drain(force = false): Generator<ImportItem> {
		for (const warning of this.pending) yield { kind: 'warning', warning };
		this.pending = [];
		const now = Date.now();
		if (force || now - this.lastProgress >= PROGRESS_INTERVAL_MS) {
			this.lastProgress = now;
			yield { kind: 'progress', bytesDone: this.bytesDone, bytesTotal: this.tree.bytesTotal };
		}
	}

	async meta(dir: Dir): Promise<MetaResult | undefined> {
		const file = dir.files.get('meta.yaml');
		return file ? readMeta(file) : undefined;
	}

	/** `params/`, `tags/`: every file is one value, its exact bytes as UTF-8; sub-folders make keys with '/'. */
	async keyValues(dir: Dir | undefined, owner: string, runId?: string): Promise<Tag[]> {
		// Read in parallel: a dropped folder's files come through the browser's blob store, where one small read
		// at a time costs about a millisecond of round trip each (20 params × 1,000 runs adds up).
		const entries = [...filesBelow(dir)];
		const values = await Promise.all(entries.map(({ file }) => this.value(file, owner, runId)));
		const out: Tag[] = [];
		entries.forEach(({ key }, i) => {
			const value = values[i];
			if (value !== undefined) out.push({ key, value });
		});
		return out;
	}

	private async value(file: SourceFile, owner: string, runId?: string): Promise<string | undefined> {
		if (file.size > MAX_VALUE_BYTES) {
			this.warn(
				'file-unreadable',
				`${owner}: ${file.path} (${file.size} bytes) is too large for a value; skipped.`,
				{
					file: file.path,
					runId
				}
			);
			return undefined;
		}
		try {
			return this.decoder.decode(await file.bytes());
		} catch (error) {
			this.unreadableFile(
				'file-unreadable',
				file.path,
				`cannot be read (${(error as Error)?.message ?? error})`,
				undefined,
				runId
			);
			return undefined;
		}
	}

	/** The artifact files below dir, within the import's artifact budget. */
	artifacts(dir: Dir | undefined, owner: string, runId?: string): ImportedArtifact[] {
		const { taken, skipped } = this.artifactBudget.takeListed(filesBelow(dir), ({ file }) => file.size);
		if (skipped.files > 0) this.pending.push(this.artifactBudget.listedOverCap(owner, skipped, runId));
		return taken.map(({ key, file }) => ({ path: key, file }));
	}
}
