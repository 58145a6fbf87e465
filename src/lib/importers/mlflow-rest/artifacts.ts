// A run's artifacts from a live server: the folder walk is iterative and bounded (depth, entries, each folder
// listed once, children only below their folder), and each body streams in under the smallest of the size the
// server declared, the per-file cap and what is left of the import's budget: past it the transfer is stopped and
// the file is reported, never buffered whole.
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

/** Every file below the run's artifact root, breadth first, within the listing caps. */
export async function listFiles(client: MlflowRestClient, runId: string, warn: Warn): Promise<ListedFile[]> {
	const { maxArtifactDepth, maxArtifactEntries } = client.limits;
	const run = `run ${shortId(runId)}`;
	const skip = (message: string) =>
		warn({ kind: 'artifacts-over-cap', message: `${run}: ${message}`, runId });
	const files: ListedFile[] = [];
	const folders = [''];
	const queued = new Set(folders);
	let entries = 0;
	for (let i = 0; i < folders.length; i++) {
		const dir = folders[i] as string;
		const q = new URLSearchParams({ run_id: runId });
		if (dir) q.set('path', dir);
		const answer = await client.json(`/api/2.0/mlflow/artifacts/list?${q}`);
		if (!isObject(answer)) {
			warn({
				kind: 'invalid-item',
				message: `${run}: artifacts/list of "${dir}" answered ${describe(answer)}.`,
				runId
			});
			continue;
		}
		for (const raw of list(answer.files, `${run}: artifacts/list of "${dir}": files`, warn, runId)) {
			const entry = artifactEntry(raw);
			const prefix = dir ? `${dir}/` : '';
			if (!entry || !entry.path.startsWith(prefix) || entry.path.length === prefix.length) {
				const what = entry ? `"${entry.path}"` : describe(raw);
				const message = `${run}: artifacts/list of "${dir}" listed ${what}, which is not below it; it was skipped.`;
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
				skip(`artifacts/list of "${dir}" listed folder "${entry.path}" again; it was read once.`);
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

/** The run's artifacts that fit; the budget is shared by the whole import and shrinks by what is kept. */
export async function runArtifacts(
	client: MlflowRestClient,
	runId: string,
	budget: ArtifactBudget,
	warn: Warn
): Promise<ImportedArtifact[]> {
	const run = `run ${shortId(runId)}`;
	const artifacts: ImportedArtifact[] = [];
	for (const file of await listFiles(client, runId, warn)) {
		const declared = file.size;
		if (declared !== null && budget.refusal(declared) !== null) {
			warn(budget.transferRefused(run, runId, file.path, { declared }));
			continue;
		}
		const limit = budget.transferLimit(declared);
		const q = new URLSearchParams({ path: file.path, run_uuid: runId });
		let body;
		try {
			body = await client.download(`/get-artifact?${q}`, limit);
		} catch (error) {
			// A file the listing names but the server cannot find is missing, not a reason to stop the import.
			if (!(error instanceof RunboardError) || error.code !== 'NOT_FOUND') throw error;
			warn({
				kind: 'artifacts-missing',
				message: `${run}: ${file.path}: ${error.message}`,
				runId,
				file: file.path
			});
			continue;
		}
		if (body.over) {
			warn(budget.transferRefused(run, runId, file.path, { sent: body.size, declared, limit }));
			continue;
		}
		budget.spend(body.size);
		artifacts.push({ path: file.path, file: fromChunks(file.path, body.chunks, body.size) });
	}
	return artifacts;
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
