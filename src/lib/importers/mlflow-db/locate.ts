// Which of the dropped files is the database: by name first (docs/formats.md §7.1), then by content. A `.db` inside
// a run's artifacts/ folder is an artifact, and `-wal`/`-shm`/`-journal` files are SQLite's side files.
import type { ImportWarning, SourceFile } from '../types';
import { hasSqliteMagic, readHead } from './open';

const DB_NAME = /\.(db|sqlite|sqlite3)$/i;
const SIDE_FILE = /-(wal|shm|journal)$/i;
/** Unnamed files are sniffed only in small drops: reading the head of 10,000 artifacts to find a db is waste. */
const MAX_SNIFFED = 16;

export interface LocatedDb {
	file: SourceFile;
	/** The name says database (`.db`, `.sqlite`, `.sqlite3`). */
	named: boolean;
	/** The first bytes are SQLite's magic. */
	isSqlite: boolean;
}

function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

/** A folder named artifacts on the way (not the file's own name); no split: a drop can hold 30,000 paths. */
function inArtifacts(path: string): boolean {
	return `/${path}`.includes('/artifacts/');
}

function depth(path: string): number {
	return path.split('/').length;
}

/** mlflow.db first, then the shallowest path, then alphabetical: the same choice on every call. */
function byLikelihood(a: SourceFile, b: SourceFile): number {
	const mlflow = (f: SourceFile) => (baseName(f.path).toLowerCase() === 'mlflow.db' ? 0 : 1);
	return (
		mlflow(a) - mlflow(b) || depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
	);
}

export async function locateDatabase(files: SourceFile[]): Promise<LocatedDb | null> {
	const candidates = files.filter((f) => !inArtifacts(f.path) && !SIDE_FILE.test(f.path));
	const named = candidates.filter((f) => DB_NAME.test(f.path)).sort(byLikelihood);
	for (const file of named) {
		if (hasSqliteMagic(await readHead(file, 16))) return { file, named: true, isSqlite: true };
	}
	const unnamed = candidates.filter((f) => !DB_NAME.test(f.path));
	// Sorted only when it will be sniffed: an mlruns drop has ~27,000 unnamed files.
	if (unnamed.length <= MAX_SNIFFED) {
		for (const file of unnamed.sort(byLikelihood)) {
			if (hasSqliteMagic(await readHead(file, 16))) return { file, named: false, isSqlite: true };
		}
	}
	const first = named[0];
	return first ? { file: first, named: true, isSqlite: false } : null;
}

/** Every dropped file but the database and its side files: candidates for artifacts. */
export function otherFiles(files: SourceFile[], db: SourceFile): SourceFile[] {
	const sideFiles = new Set(['-wal', '-shm', '-journal'].map((suffix) => db.path + suffix));
	return files.filter((f) => f !== db && !sideFiles.has(f.path));
}

/** Data still in `<db>-wal` is not in the database file we read; say so rather than import silently less. */
export function walWarning(files: SourceFile[], db: SourceFile): ImportWarning | null {
	const wal = files.find((f) => f.path === `${db.path}-wal`);
	if (!wal || wal.size === 0) return null;
	return {
		kind: 'unsupported',
		file: wal.path,
		message:
			`${wal.path} holds ${wal.size} bytes of changes not yet written into ${db.path}; Runboard reads ${db.path} alone, ` +
			'so the newest changes may be missing. Stop MLflow (so it folds the -wal file into the database) and drop the database again.'
	};
}

export function nameMismatchWarning(located: LocatedDb): ImportWarning | null {
	if (located.named) return null;
	return {
		kind: 'name-content-mismatch',
		file: located.file.path,
		message: `${located.file.path} has no .db/.sqlite name but is a SQLite database; it was read as an MLflow database.`
	};
}
