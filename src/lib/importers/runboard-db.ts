// Runboard's own database file (the Storage page's "Download database (.sqlite)"), so a backup restores into any
// browser profile. The file is untrusted like any dropped database: it is found, checked and opened read-only by
// the mlflow.db importer's code (mlflow-db/locate.ts, mlflow-db/open.ts), then read from Runboard's canonical
// tables (runboard-db/): experiments, then each run with every metric point and its artifact bytes, then logged
// models. Runs keep their ids, so importing the same file again replaces them instead of adding copies.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '../api/errors';
import { locateDatabase, otherFiles } from './mlflow-db/locate';
import {
	asCorrupt,
	checkHeader,
	DETECT_PREFIX_BYTES,
	detectionPrefix,
	openUntrusted,
	openUntrustedFile,
	readHead,
	type UntrustedDb
} from './mlflow-db/open';
import { StoredArtifacts } from './runboard-db/artifacts';
import { homelessModels, readLoggedModels } from './runboard-db/models';
import { orphanWarning, readExperiments, RunReader } from './runboard-db/runs';
import { toNumber } from './mlflow-db/values';
import { checkReadable, looksLikeRunboard, userVersionOf } from './runboard-db/schema';
import type { ImportContext, Importer, ImportItem, ImportWarning, SourceFile } from './types';

/** The advice for a cut backup. */
const RETRY = "Download it again from the Storage page (Storage → 'Download database (.sqlite)').";

export function createRunboardDbImporter(sqlite3: Sqlite3Static): Importer {
	return {
		id: 'runboard-db',
		label: 'Runboard database (.sqlite from the Storage page)',
		detect: (files) => detect(sqlite3, files),
		read: (files, context) => read(sqlite3, files, context)
	};
}

/**
 * Above the mlflow.db importer's 0.95 / 0.9 for the same file (a Runboard database has experiments, runs and
 * metrics tables too), and 0 for anything else, which the mlflow.db importer then explains. The schema is read
 * from the first pages, cut to whole pages, so a truncated backup is still recognised and read() says what is
 * wrong with it; a newer Runboard's file is recognised so that read() can refuse it in words.
 */
async function detect(sqlite3: Sqlite3Static, files: SourceFile[]): Promise<number> {
	const located = await locateDatabase(files);
	if (!located?.isSqlite) return 0;
	let handle: UntrustedDb | undefined;
	let userVersion = 0;
	try {
		const head = await readHead(located.file, DETECT_PREFIX_BYTES);
		userVersion = userVersionOf(head);
		const bytes = detectionPrefix(head);
		checkHeader(bytes, located.file.path);
		handle = openUntrusted(sqlite3, bytes, located.file.path, false);
		if (!looksLikeRunboard(handle.db, userVersion)) return 0;
		return located.named ? 0.97 : 0.92;
	} catch {
		// The schema is not in the first pages (a database whose later migrations put tables at its end, or a cut
		// file): a user_version says a versioned app wrote it, which MLflow never sets. Above the mlflow.db
		// importer's 0.3 for an unreadable file and below its 0.9 for a real one, so read() checks it whole.
		return userVersion > 0 ? 0.5 : 0;
	} finally {
		handle?.close();
	}
}

async function* read(
	sqlite3: Sqlite3Static,
	files: SourceFile[],
	context: ImportContext
): AsyncGenerator<ImportItem> {
	const located = await locateDatabase(files);
	if (!located) {
		throw new RunboardError('IMPORT_UNRECOGNIZED', 'No Runboard database (.sqlite) among the dropped files.');
	}
	const { file } = located;
	const name = file.path;
	const handle = await openUntrustedFile(sqlite3, file, name, RETRY);
	try {
		handle.resetWatchdog();
		checkReadable(handle.db, toNumber(handle.db.selectValue('PRAGMA user_version')) ?? 0, name);
		for (const w of droppedWarnings(located.named, file, otherFiles(files, file))) yield warning(w);
		yield* readOpen(sqlite3, handle, name, context, file.size);
	} catch (error) {
		throw asCorrupt(error, name);
	} finally {
		handle.close();
	}
}

function warning(w: ImportWarning): ImportItem {
	return { kind: 'warning', warning: w };
}

function droppedWarnings(named: boolean, file: SourceFile, others: SourceFile[]): ImportWarning[] {
	const out: ImportWarning[] = [];
	if (!named) {
		out.push({
			kind: 'name-content-mismatch',
			file: file.path,
			message: `${file.path} has no .sqlite/.db name but is a Runboard database; it was read as one.`
		});
	}
	if (others.length > 0) {
		out.push({
			kind: 'unsupported',
			message: `${others.length} other dropped file${others.length === 1 ? ' was' : 's were'} ignored: a Runboard database holds its artifacts itself.`
		});
	}
	return out;
}

function* readOpen(
	sqlite3: Sqlite3Static,
	handle: UntrustedDb,
	name: string,
	context: ImportContext,
	size: number
): Generator<ImportItem> {
	const { db } = handle;
	const orphans = orphanWarning(db, name);
	if (orphans) yield warning(orphans);
	for (const experiment of readExperiments(db)) yield { kind: 'experiment', experiment };
	const artifacts = new StoredArtifacts(db, context.maxArtifactBytes);
	const reader = new RunReader(sqlite3, db);
	const homeless: string[] = [];
	try {
		const total = Math.max(reader.count(), 1);
		let done = 0;
		for (const row of reader.rows()) {
			if (context.signal.aborted) return;
			done++;
			if (!row.hasExperiment) {
				reader.skip(row);
				homeless.push(row.run.runId);
				continue;
			}
			const run = reader.read(row);
			run.artifacts = artifacts.take({ runPk: row.runPk, runId: run.runId });
			yield* artifacts.warnings().map(warning);
			yield { kind: 'run', run };
			const bytesDone = Math.min(Math.round((size * done) / total) + artifacts.bytesTaken, size);
			yield { kind: 'progress', bytesDone, bytesTotal: size };
			// The time the consumer spent writing this run is not SQLite's: restart the clock before the next step.
			handle.resetWatchdog();
		}
	} finally {
		reader.close();
	}
	if (homeless.length > 0) yield warning(homelessRuns(name, homeless));
	if (context.signal.aborted) return;
	for (const { model, problem } of readLoggedModels(db)) {
		if (problem) yield warning(problem);
		model.artifacts = artifacts.take({ modelId: model.modelId });
		yield* artifacts.warnings().map(warning);
		yield { kind: 'logged-model', model };
		handle.resetWatchdog();
	}
	const lost = homelessModels(db);
	if (lost > 0) {
		yield warning({
			kind: 'experiment-skipped',
			file: name,
			message: `${lost} logged model${lost === 1 ? '' : 's'} of experiments missing from ${name} were not imported.`
		});
	}
}

function homelessRuns(name: string, runIds: string[]): ImportWarning {
	const shown = runIds.slice(0, 5).join(', ');
	return {
		kind: 'run-skipped',
		file: name,
		message:
			`${runIds.length} run${runIds.length === 1 ? '' : 's'} of experiments missing from ${name} ` +
			`were not imported (${shown}${runIds.length > 5 ? ', …' : ''}).`
	};
}
