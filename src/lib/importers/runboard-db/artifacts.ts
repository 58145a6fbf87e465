// Artifact files stored in the database itself: one artifact_files row per file, its bytes in artifact_chunks
// (1 MiB rows, in seq order). Each file is handed on as a SourceFile whose stream reads one chunk per pull, so a
// 100 MB file never needs one buffer; prepareItems (workers/import/prepare.ts) reads it before the importer is
// asked for the next run, while the database is still open. Which files are taken is the ArtifactBudget's call.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { ArtifactBudget, type Skipped } from '../artifact-budget';
import { toNumber, toText } from '../mlflow-db/values';
import type { ImportedArtifact, ImportWarning, SourceFile } from '../types';

const encoder = new TextEncoder();

export type ArtifactOwner = { runPk: number; runId: string } | { modelId: string };

export class StoredArtifacts {
	private readonly budget: ArtifactBudget;
	private readonly pending: ImportWarning[] = [];

	constructor(
		private readonly db: Database,
		capBytes: number
	) {
		this.budget = new ArtifactBudget(capBytes);
	}

	/** The files of one run or logged model that fit the import's cap; a warning is queued for the others. */
	take(owner: ArtifactOwner): ImportedArtifact[] {
		const byRun = 'runPk' in owner;
		const rows = this.db.selectArrays(
			`SELECT file_id, path, size FROM artifact_files WHERE ${byRun ? 'run_pk' : 'model_id'} = ?1 ORDER BY path`,
			[byRun ? owner.runPk : owner.modelId]
		);
		const files = rows.map((r) => ({
			fileId: toNumber(r[0]) ?? -1,
			path: toText(r[1]),
			size: toNumber(r[2]) ?? 0
		}));
		const { taken, skipped } = this.budget.takeListed(files, (f) => f.size);
		if (skipped.files > 0) this.skipped(owner, skipped);
		return taken.map((f) => ({ path: f.path, file: this.sourceFile(f.fileId, f.path, f.size) }));
	}

	get bytesTaken(): number {
		return this.budget.bytesTaken;
	}

	/** Warnings queued since the last call (files over the import's cap). */
	warnings(): ImportWarning[] {
		return this.pending.splice(0);
	}

	private skipped(owner: ArtifactOwner, skipped: Skipped): void {
		this.pending.push(
			'runPk' in owner
				? this.budget.listedOverCap(`run ${owner.runId}`, skipped, owner.runId)
				: this.budget.listedOverCap(`model ${owner.modelId}`, skipped)
		);
	}

	private sourceFile(fileId: number, path: string, size: number): SourceFile {
		const file: SourceFile = {
			path,
			size,
			bytes: async () => {
				const parts: Uint8Array[] = [];
				const reader = file.stream().getReader();
				for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
				const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
				let at = 0;
				for (const p of parts) {
					out.set(p, at);
					at += p.length;
				}
				return out;
			},
			stream: () => this.chunkStream(fileId)
		};
		return file;
	}

	/** One chunk per pull; the statement is finalized at the end, on cancel and on error. */
	private chunkStream(fileId: number): ReadableStream<Uint8Array> {
		const db = this.db;
		let stmt: ReturnType<Database['prepare']> | null = null;
		const finish = () => {
			stmt?.finalize();
			stmt = null;
		};
		return new ReadableStream<Uint8Array>({
			pull(controller) {
				try {
					stmt ??= db
						.prepare('SELECT data FROM artifact_chunks WHERE file_id = ?1 ORDER BY seq')
						.bind([fileId]);
					if (!stmt.step()) {
						finish();
						controller.close();
						return;
					}
					controller.enqueue(chunkBytes(stmt.get(0)));
				} catch (error) {
					finish();
					controller.error(error);
				}
			},
			cancel: finish
		});
	}
}

/** A chunk as bytes whatever its storage class (a hostile file may store text there). */
function chunkBytes(value: unknown): Uint8Array {
	if (value instanceof Uint8Array) return value;
	if (value instanceof ArrayBuffer) return new Uint8Array(value);
	if (value === null || value === undefined) return new Uint8Array(0);
	return encoder.encode(String(value));
}
