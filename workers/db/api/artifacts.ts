// The artifacts part of DbApi: files of runs and of logged models, listed, read and logged. Paths are checked
// here; chunks and rows are in workers/db/artifacts.ts and workers/db/models.ts.
import { RunboardError } from '$lib/api/errors';
import type { ArtifactRoot, ArtifactsApi } from '$lib/api/db-api';
import { checkRunId } from '$lib/api/validate';
import { formatBytes } from '$lib/artifacts/bytes';
import { artifactPathProblem, normalizeDir } from '$lib/artifacts/paths';
import { IMPORT_LIMITS } from '$lib/importers/limits';
import * as artifacts from '../artifacts';
import type { ArtifactOwner } from '../artifacts';
import { loggedModelExists, loggedModelsOfRun } from '../models';
import * as runs from '../runs';
import type { ApiContext } from './context';

/** The most getArtifactsBytes answers in one reply (the export asks for far less: small files only). */
const ARTIFACT_BYTES_CAP = 64 * 1024 * 1024;

function checkArtifactPath(path: unknown): string {
	const problem = artifactPathProblem(path);
	if (problem)
		throw new RunboardError('INVALID_ARGUMENT', `Artifact path ${JSON.stringify(path)}: ${problem}`);
	return path as string;
}

function checkDir(dir: unknown): string {
	const checked = normalizeDir(dir);
	if (checked === null)
		throw new RunboardError(
			'INVALID_ARGUMENT',
			`Artifact folder ${JSON.stringify(dir)} is not a relative path.`
		);
	return checked;
}

export function artifactsApi({ db, tx }: ApiContext): ArtifactsApi {
	function artifactOwner(root: ArtifactRoot): ArtifactOwner {
		if (typeof root === 'object' && root !== null && 'modelId' in root) {
			const modelId = typeof root.modelId === 'string' ? root.modelId : '';
			if (!loggedModelExists(db, modelId))
				throw new RunboardError('NOT_FOUND', `There is no logged model "${modelId}".`);
			return { modelId };
		}
		return { runPk: runs.runRef(db, checkRunId((root as { runId?: unknown })?.runId)).pk };
	}

	return {
		async listArtifacts(root, dir) {
			return artifacts.listArtifacts(db, artifactOwner(root), checkDir(dir));
		},
		async listArtifactFiles(root, dir) {
			return artifacts.listFilesBelow(db, artifactOwner(root), checkDir(dir));
		},
		async getArtifact(root, path) {
			return artifacts.readArtifact(db, artifactOwner(root), checkArtifactPath(path));
		},
		async getArtifactsBytes(files) {
			if (!Array.isArray(files))
				throw new RunboardError('INVALID_ARGUMENT', 'getArtifactsBytes needs a list of {root, path}.');
			let total = 0;
			return files.map((file: { root: ArtifactRoot; path: string }) => {
				const bytes = artifacts.readArtifactBytes(
					db,
					artifactOwner(file?.root),
					checkArtifactPath(file?.path)
				);
				total += bytes.length;
				if (total > ARTIFACT_BYTES_CAP)
					throw new RunboardError(
						'INVALID_ARGUMENT',
						`getArtifactsBytes reads at most ${formatBytes(ARTIFACT_BYTES_CAP)} at once; read big files with getArtifact.`
					);
				return bytes;
			});
		},
		async logArtifact(runId, path, content) {
			const id = checkRunId(runId);
			const checked = checkArtifactPath(path);
			if (!(content instanceof Blob))
				throw new RunboardError('INVALID_ARGUMENT', 'logArtifact needs the content as a Blob or text.');
			const cap = IMPORT_LIMITS.maxArtifactFileBytes;
			if (content.size > cap) {
				throw new RunboardError(
					'INVALID_ARGUMENT',
					`Artifact "${checked}" is ${formatBytes(content.size)}; one artifact may be at most ${formatBytes(cap)}.`,
					{ size: content.size, cap }
				);
			}
			runs.activeRunRef(db, id);
			// Read before the transaction: awaiting inside it would let other calls interleave with it.
			const chunks = await artifacts.blobChunks(content);
			tx(() => {
				const ref = runs.activeRunRef(db, id);
				artifacts.writeArtifact(db, { runPk: ref.pk }, { path: checked, size: content.size, chunks });
			});
		},
		async listLoggedModels(runId) {
			const id = checkRunId(runId);
			runs.runRef(db, id);
			return loggedModelsOfRun(db, id);
		}
	};
}
