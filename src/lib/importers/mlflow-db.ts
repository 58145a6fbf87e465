// The MLflow SQLite backend importer (`sqlite:///mlflow.db`, the default store since MLflow 3.7). The dropped
// file is untrusted: it is opened read-only in memory on a hardened private connection (mlflow-db/open.ts) and
// read with explicit column lists that adapt to every schema generation from MLflow 0.9 to 3.x (schema.ts).
// Yields experiments, then each run with ALL its metric points, then MLflow 3 logged models; artifacts come
// from files dropped beside the database (artifacts.ts).
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { RunboardError } from '../api/errors';
import { ArtifactIndex } from './mlflow-db/artifacts';
import { locateDatabase, nameMismatchWarning, otherFiles, walWarning } from './mlflow-db/locate';
import { readLoggedModels } from './mlflow-db/models';
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
import { looksLikeMlflow, readSchema, type MlflowSchema } from './mlflow-db/schema';
import { readExperiments, RunReader } from './mlflow-db/runs';
import type { ImportContext, Importer, ImportItem, ImportWarning, SourceFile } from './types';

export function createMlflowDbImporter(sqlite3: Sqlite3Static): Importer {
	return {
		id: 'mlflow-db',
		label: 'MLflow database (mlflow.db)',
		detect: (files) => detect(sqlite3, files),
		read: (files, context) => read(sqlite3, files, context)
	};
}

/**
 * High only when runs, metrics and experiments exist as tables. Any other SQLite file, or a `.db` that is not
 * SQLite, scores low but above 0: if nothing else claims it, read() explains what is wrong with it.
 */
async function detect(sqlite3: Sqlite3Static, files: SourceFile[]): Promise<number> {
	const located = await locateDatabase(files);
	if (!located) return 0;
	if (!located.isSqlite) return 0.1;
	let handle: UntrustedDb | undefined;
	try {
		// A large database is judged by its first pages (the import reads and checks all of it).
		const large = located.file.size > DETECT_PREFIX_BYTES;
		const head = large ? await readHead(located.file, DETECT_PREFIX_BYTES) : undefined;
		const bytes = head ? detectionPrefix(head) : await located.file.bytes();
		checkHeader(bytes, located.file.path);
		handle = openUntrusted(sqlite3, bytes, located.file.path, false);
		if (!looksLikeMlflow(handle.db)) return 0.2;
		return located.named ? 0.95 : 0.9;
	} catch {
		return 0.3;
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
		throw new RunboardError(
			'IMPORT_UNRECOGNIZED',
			'No MLflow database among the dropped files: expected a SQLite file such as mlflow.db (.db, .sqlite or .sqlite3).'
		);
	}
	const name = located.file.path;
	for (const w of [nameMismatchWarning(located), walWarning(files, located.file)]) if (w) yield warning(w);
	const handle = await open(sqlite3, located.file);
	try {
		const others = otherFiles(files, located.file);
		const bytesTotal = files.reduce((sum, f) => sum + f.size, 0);
		yield* readOpen(sqlite3, handle, name, others, context, { db: located.file.size, total: bytesTotal });
	} catch (error) {
		throw asCorrupt(error, name);
	} finally {
		handle.close();
	}
}

/** Streams the file into SQLite's heap (no JS copy of it), checks its header there, then its integrity. */
function open(sqlite3: Sqlite3Static, file: SourceFile): Promise<UntrustedDb> {
	return openUntrustedFile(sqlite3, file, file.path);
}

function warning(w: ImportWarning): ImportItem {
	return { kind: 'warning', warning: w };
}

function* readOpen(
	sqlite3: Sqlite3Static,
	handle: UntrustedDb,
	name: string,
	others: SourceFile[],
	context: ImportContext,
	sizes: { db: number; total: number }
): Generator<ImportItem> {
	const { db } = handle;
	handle.resetWatchdog();
	const schema = readSchema(db, name);
	for (const experiment of readExperiments(db, schema)) yield { kind: 'experiment', experiment };
	const artifacts = new ArtifactIndex(others, context.maxArtifactBytes);
	const reader = new RunReader(sqlite3, db, schema);
	try {
		const total = Math.max(reader.count(), 1);
		let done = 0;
		for (const row of reader.rows()) {
			if (context.signal.aborted) return;
			const run = reader.read(row);
			run.artifacts = artifacts.take(
				`run ${run.runId}`,
				run.artifactUri,
				`${run.experimentKey}/${run.runId}`
			);
			yield { kind: 'run', run };
			done++;
			const bytesDone = Math.round((sizes.db * done) / total) + artifacts.bytesTaken;
			yield { kind: 'progress', bytesDone: Math.min(bytesDone, sizes.total), bytesTotal: sizes.total };
			// The time the consumer spent writing this run is not SQLite's: restart the clock before the next step.
			handle.resetWatchdog();
		}
	} finally {
		reader.close();
	}
	if (context.signal.aborted) return;
	yield* loggedModels(handle, schema, artifacts);
	for (const w of artifacts.warnings()) yield warning(w);
}

/** MLflow hides deleted logged models everywhere; Runboard has no deleted state for them, so they are skipped. */
function* loggedModels(
	handle: UntrustedDb,
	schema: MlflowSchema,
	artifacts: ArtifactIndex
): Generator<ImportItem> {
	handle.resetWatchdog();
	let deleted = 0;
	for (const { model, artifactLocation, lifecycleStage } of readLoggedModels(handle.db, schema)) {
		if (lifecycleStage === 'deleted') {
			deleted++;
			continue;
		}
		model.artifacts = artifacts.take(`model ${model.modelId}`, artifactLocation, `models/${model.modelId}`);
		yield { kind: 'logged-model', model };
		handle.resetWatchdog();
	}
	if (deleted > 0) {
		yield warning({
			kind: 'unsupported',
			message: `${deleted} deleted logged model${deleted === 1 ? ' was' : 's were'} not imported (MLflow hides them too).`
		});
	}
}
