// The artifacts of a run or of a logged model on a live server: the folder walk is iterative and bounded (depth,
// entries, each folder listed once, children only below their folder), and each body streams in under the
// smallest of the size the server declared, the per-file cap and what is left of the import's budget: past it the
// transfer is stopped and the file is reported, never buffered whole.
import { RunboardError } from '../../api/errors';
import type { ArtifactBudget } from '../artifact-budget';
import { shortId } from '../mlruns/ids';
import type { ImportedArtifact, SourceFile } from '../types';
import type { MlflowRestClient } from './client';
import { artifactEntry, describe, isObject, list, type Warn } from './shapes';

export interface ListedFile {
	path: string;
	size: number | null;
}

/** Where one owner's artifacts are listed and read: the same walk serves runs and logged models. */
export interface ArtifactSource {
	/** "run 1a2b3c4d…" or "logged model m-…", for messages. */
	owner: string;
	/** The run the warnings belong to (a logged model's belong to none). */
	runId?: string;
	/** The listing endpoint's name, for messages. */
	listing: string;
	/** The server path that lists one folder ('' is the root), one level per call. */
	listUrl(dir: string): string;
	/** The server path that sends one file's bytes. */
	fileUrl(path: string): string;
}

/** A run's files: `artifacts/list` and `get-artifact`, which go through the artifact proxy for `mlflow-artifacts:` roots. */
export function runSource(runId: string): ArtifactSource {
	return {
		owner: `run ${shortId(runId)}`,
		runId,
		listing: 'artifacts/list',
		listUrl: (dir) => {
			const q = new URLSearchParams({ run_id: runId });
			if (dir) q.set('path', dir);
			return `/api/2.0/mlflow/artifacts/list?${q}`;
		},
		fileUrl: (path) => `/get-artifact?${new URLSearchParams({ path, run_uuid: runId })}`
	};
}

/**
 * An MLflow 3 logged model's files: listed by `logged-models/<id>/artifacts/directories`, sent by the
 * `ajax-api` route the MLflow UI uses (the REST API has no file endpoint for models).
 */
export function modelSource(modelId: string): ArtifactSource {
	const id = encodeURIComponent(modelId);
	return {
		owner: `logged model ${modelId}`,
		listing: 'logged-models artifacts/directories',
		listUrl: (dir) => {
			const q = dir ? `?${new URLSearchParams({ artifact_directory_path: dir })}` : '';
			return `/api/2.0/mlflow/logged-models/${id}/artifacts/directories${q}`;
		},
		fileUrl: (path) =>
			`/ajax-api/2.0/mlflow/logged-models/${id}/artifacts/files?${new URLSearchParams({ artifact_file_path: path })}`
	};
}

/** Every file below a run's artifact root (see listSourceFiles). */
export function listFiles(client: MlflowRestClient, runId: string, warn: Warn): Promise<ListedFile[]> {
	return listSourceFiles(client, runSource(runId), warn);
}

/** Every file below the owner's artifact root, breadth first, within the listing caps. */
export async function listSourceFiles(
	client: MlflowRestClient,
	source: ArtifactSource,
	warn: Warn
): Promise<ListedFile[]> {
	const { maxArtifactDepth, maxArtifactEntries } = client.limits;
	const { owner, runId, listing } = source;
	const skip = (message: string) =>
		warn({ kind: 'artifacts-over-cap', message: `${owner}: ${message}`, runId });
	const files: ListedFile[] = [];
	const folders = [''];
	const queued = new Set(folders);
	let entries = 0;
	for (let i = 0; i < folders.length; i++) {
		const dir = folders[i] as string;
		const answer = await client.json(source.listUrl(dir));
		if (!isObject(answer)) {
			warn({
				kind: 'invalid-item',
				message: `${owner}: ${listing} of "${dir}" answered ${describe(answer)}.`,
				runId
			});
			continue;
		}
		for (const raw of list(answer.files, `${owner}: ${listing} of "${dir}": files`, warn, runId)) {
			const entry = artifactEntry(raw);
			const prefix = dir ? `${dir}/` : '';
			if (!entry || !entry.path.startsWith(prefix) || entry.path.length === prefix.length) {
				const what = entry ? `"${entry.path}"` : describe(raw);
				const message = `${owner}: ${listing} of "${dir}" listed ${what}, which is not below it; it was skipped.`;
				warn({ kind: 'invalid-item', message, runId });
				continue;
			}
			if (++entries > maxArtifactEntries) {
				skip(
					`more than ${maxArtifactEntries} artifact files and folders (the cap); the rest were not imported.`
				);
				return files;
			}
			if (!entry.isDir) files.push({ path: entry.path, size: entry.size });
			else if (queued.has(entry.path))
				skip(`${listing} of "${dir}" listed folder "${entry.path}" again; it was read once.`);
			else if (entry.path.split('/').length > maxArtifactDepth)
				skip(
					`folder "${entry.path}" is more than ${maxArtifactDepth} folders deep (the cap); it was not read.`
				);
			else {
				queued.add(entry.path);
				folders.push(entry.path);
			}
		}
	}
	return files;
}

/** The owner's artifacts that fit; the budget is shared by the whole import and shrinks by what is kept. */
export async function fetchArtifacts(
	client: MlflowRestClient,
	source: ArtifactSource,
	budget: ArtifactBudget,
	warn: Warn
): Promise<ImportedArtifact[]> {
	const { owner, runId } = source;
	const artifacts: ImportedArtifact[] = [];
	for (const file of await listSourceFiles(client, source, warn)) {
		const declared = file.size;
		if (declared !== null && budget.refusal(declared) !== null) {
			warn(budget.transferRefused(owner, runId, file.path, { declared }));
			continue;
		}
		const limit = budget.transferLimit(declared);
		let body;
		try {
			body = await client.download(source.fileUrl(file.path), limit);
		} catch (error) {
			// A file the listing names but the server cannot find is missing, not a reason to stop the import.
			if (!(error instanceof RunboardError) || error.code !== 'NOT_FOUND') throw error;
			warn({
				kind: 'artifacts-missing',
				message: `${owner}: ${file.path}: ${error.message}`,
				runId,
				file: file.path
			});
			continue;
		}
		if (body.over) {
			warn(budget.transferRefused(owner, runId, file.path, { sent: body.size, declared, limit }));
			continue;
		}
		budget.spend(body.size);
		artifacts.push({ path: file.path, file: fromChunks(file.path, body.chunks, body.size) });
	}
	return artifacts;
}

/** A run's artifacts (see fetchArtifacts). */
export function runArtifacts(
	client: MlflowRestClient,
	runId: string,
	budget: ArtifactBudget,
	warn: Warn
): Promise<ImportedArtifact[]> {
	return fetchArtifacts(client, runSource(runId), budget, warn);
}

function fromChunks(path: string, chunks: Uint8Array[], size: number): SourceFile {
	const whole = async () => {
		const out = new Uint8Array(size);
		let offset = 0;
		for (const c of chunks) {
			out.set(c, offset);
			offset += c.byteLength;
		}
		return out;
	};
	return {
		path,
		size,
		bytes: whole,
		stream: () =>
			new ReadableStream<Uint8Array>({
				start(controller) {
					for (const c of chunks) controller.enqueue(c);
					controller.close();
				}
			})
	};
}
