// Artifact storage: each file is a row of artifact_files plus its bytes in 1 MiB rows of artifact_chunks, so
// neither writing nor reading a large artifact needs one buffer the size of the file. A file belongs to a run
// or to an MLflow 3 logged model (whose files are shown on its source run's page).
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { ArtifactEntry } from '$lib/api/db-api';
import { RunboardError } from '$lib/api/errors';
import { all, cachedOne, cachedStatement, one, run } from './sql';
import type { ChunkedFile } from '../import/chunked-file';

export { blobChunks, type ChunkedFile } from '../import/chunked-file';

/** Where a file lives: a run (by its internal pk) or a logged model (by its id). */
export type ArtifactOwner = { runPk: number } | { modelId: string };

function ownerWhere(owner: ArtifactOwner): { sql: string; bind: number | string } {
	return 'runPk' in owner
		? { sql: 'run_pk = ?', bind: owner.runPk }
		: { sql: 'model_id = ?', bind: owner.modelId };
}

/**
 * Writes (or replaces) one file. The caller holds the transaction. Its statements are kept prepared: an import
 * writes thousands of files, and compiling four statements for each cost more than writing its bytes.
 */
export function writeArtifact(db: Database, owner: ArtifactOwner, file: ChunkedFile): void {
	const where = ownerWhere(owner);
	const old = cachedOne<{ file_id: number }>(
		db,
		`SELECT file_id FROM artifact_files WHERE ${where.sql} AND path = ?`,
		[where.bind, file.path]
	);
	if (old) deleteFiles(db, 'file_id = ?', old.file_id);
	const insert = cachedStatement(
		db,
		'INSERT INTO artifact_files(run_pk, model_id, path, size) VALUES (?, ?, ?, ?) RETURNING file_id'
	);
	let fileId: number;
	try {
		insert.bind([
			'runPk' in owner ? owner.runPk : null,
			'modelId' in owner ? owner.modelId : null,
			file.path,
			file.size
		]);
		insert.step();
		fileId = Number(insert.get(0));
		// Stepped to the end, so the insert is complete before the chunks that refer to it.
		while (insert.step());
	} finally {
		insert.reset(true);
	}
	const chunks = cachedStatement(db, 'INSERT INTO artifact_chunks(file_id, seq, data) VALUES (?, ?, ?)');
	try {
		file.chunks.forEach((chunk, seq) => chunks.bind([fileId, seq, chunk]).stepReset());
	} finally {
		chunks.reset(true);
	}
}

/** Deletes every file of a run or model. The caller holds the transaction. */
export function deleteArtifacts(db: Database, owner: ArtifactOwner): void {
	const where = ownerWhere(owner);
	deleteFiles(db, where.sql, where.bind);
}

function deleteFiles(db: Database, where: string, bind: number | string): void {
	run(
		db,
		`DELETE FROM artifact_chunks WHERE file_id IN (SELECT file_id FROM artifact_files WHERE ${where})`,
		[bind]
	);
	run(db, `DELETE FROM artifact_files WHERE ${where}`, [bind]);
}

/**
 * One directory level below `dir` ('' = the root), MLflow-style: files with their size, folders with the total
 * size of what they hold. Folders first, then files, each by name.
 */
export function listArtifacts(db: Database, owner: ArtifactOwner, dir: string): ArtifactEntry[] {
	const where = ownerWhere(owner);
	const prefix = dir === '' ? '' : `${dir}/`;
	// Paths under `prefix` sort between `prefix` and `prefix` with its last '/' bumped to '0'.
	const rows = all<{ path: string; size: number }>(
		db,
		prefix === ''
			? `SELECT path, size FROM artifact_files WHERE ${where.sql} ORDER BY path`
			: `SELECT path, size FROM artifact_files WHERE ${where.sql} AND path >= ? AND path < ? ORDER BY path`,
		prefix === '' ? [where.bind] : [where.bind, prefix, `${dir}0`]
	);
	const folders = new Map<string, ArtifactEntry>();
	const files: ArtifactEntry[] = [];
	for (const row of rows) {
		const rest = row.path.slice(prefix.length);
		const slash = rest.indexOf('/');
		if (slash < 0) {
			files.push({ path: row.path, isDir: false, size: Number(row.size) });
			continue;
		}
		const path = prefix + rest.slice(0, slash);
		const folder = folders.get(path) ?? { path, isDir: true, size: 0 };
		folder.size += Number(row.size);
		folders.set(path, folder);
	}
	if (dir !== '' && rows.length === 0) {
		throw new RunboardError('NOT_FOUND', `There is no artifact folder "${dir}".`);
	}
	return [...folders.values(), ...files];
}

/** Every file at or below `dir` (for downloading a folder as a zip). */
export function listFilesBelow(db: Database, owner: ArtifactOwner, dir: string): ArtifactEntry[] {
	const where = ownerWhere(owner);
	const rows = all<{ path: string; size: number }>(
		db,
		dir === ''
			? `SELECT path, size FROM artifact_files WHERE ${where.sql} ORDER BY path`
			: `SELECT path, size FROM artifact_files WHERE ${where.sql} AND path >= ? AND path < ? ORDER BY path`,
		dir === '' ? [where.bind] : [where.bind, `${dir}/`, `${dir}0`]
	);
	return rows.map((r) => ({ path: r.path, isDir: false, size: Number(r.size) }));
}

/** One file's bytes as a Blob made of its chunks (a Blob of parts: no single buffer of the whole file). */
export function readArtifact(db: Database, owner: ArtifactOwner, path: string): Blob {
	const where = ownerWhere(owner);
	const file = one<{ file_id: number; size: number }>(
		db,
		`SELECT file_id, size FROM artifact_files WHERE ${where.sql} AND path = ?`,
		[where.bind, path]
	);
	if (!file) throw new RunboardError('NOT_FOUND', `There is no artifact "${path}".`);
	const parts: Uint8Array<ArrayBuffer>[] = [];
	const stmt = db.prepare('SELECT data FROM artifact_chunks WHERE file_id = ? ORDER BY seq');
	try {
		stmt.bind([file.file_id]);
		// get() copies the bytes out of the WASM heap, so each part outlives the statement.
		while (stmt.step()) parts.push(stmt.get(0) as Uint8Array<ArrayBuffer>);
	} finally {
		stmt.finalize();
	}
	return new Blob(parts);
}

/**
 * One small file's bytes in one buffer (for an export, which reads thousands of them: a Blob each, made in this
 * worker and read back on the page, cost ~1 ms a file). Statements are cached for the same reason.
 */
export function readArtifactBytes(db: Database, owner: ArtifactOwner, path: string): Uint8Array<ArrayBuffer> {
	const where = ownerWhere(owner);
	const file = cachedOne<{ file_id: number; size: number }>(
		db,
		`SELECT file_id, size FROM artifact_files WHERE ${where.sql} AND path = ?`,
		[where.bind, path]
	);
	if (!file) throw new RunboardError('NOT_FOUND', `There is no artifact "${path}".`);
	const out = new Uint8Array(Number(file.size));
	const stmt = cachedStatement(db, 'SELECT data FROM artifact_chunks WHERE file_id = ? ORDER BY seq');
	let at = 0;
	try {
		stmt.bind([file.file_id]);
		while (stmt.step()) {
			const chunk = stmt.get(0) as Uint8Array;
			if (at + chunk.length > out.length)
				throw new RunboardError('INTERNAL', `Artifact "${path}" outgrew its size.`);
			out.set(chunk, at);
			at += chunk.length;
		}
	} finally {
		stmt.reset(true);
	}
	if (at !== out.length) throw new RunboardError('INTERNAL', `Artifact "${path}" is shorter than its size.`);
	return out;
}
