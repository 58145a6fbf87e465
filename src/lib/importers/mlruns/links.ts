// What a run refers to outside its own files: the experiment's datasets (through inputs/) and its artifacts.
import type { ImportedArtifact, ImportedDatasetInput } from '../types';
import { shortId } from './ids';
import { mapField, text } from './meta';
import type { Session } from './session';
import { descend, sortedDirs, type Dir } from './tree';

/** `inputs/<id>/meta.yaml` joined with the experiment's `datasets/<source_id>/meta.yaml`. */
export async function readInputs(s: Session, dir: Dir, runId: string): Promise<ImportedDatasetInput[]> {
	const out: ImportedDatasetInput[] = [];
	const datasets = dir.parent?.dirs.get('datasets');
	for (const input of sortedDirs(dir.dirs.get('inputs'))) {
		const link = await s.meta(input);
		if (!link?.ok) continue;
		const sourceType = text(link.meta, 'source_type') ?? 'DATASET';
		if (sourceType !== 'DATASET') continue;
		const sourceId = text(link.meta, 'source_id') ?? '';
		const datasetDir = sourceId === '' ? undefined : datasets?.dirs.get(sourceId);
		const dataset = datasetDir ? await s.meta(datasetDir) : undefined;
		if (!dataset?.ok) {
			s.warn(
				'meta-missing',
				`run ${shortId(runId)}: input ${input.name} refers to dataset ${sourceId || '?'}, ` +
					'whose datasets/<id>/meta.yaml is not in what was dropped (or unreadable); input skipped.',
				{ runId }
			);
			continue;
		}
		out.push({
			name: text(dataset.meta, 'name') ?? '',
			digest: text(dataset.meta, 'digest') ?? '',
			sourceType: text(dataset.meta, 'source_type') ?? '',
			source: text(dataset.meta, 'source') ?? '',
			schema: text(dataset.meta, 'schema') ?? '',
			profile: text(dataset.meta, 'profile') ?? '',
			context: text(mapField(link.meta, 'tags'), 'mlflow.data.context') ?? ''
		});
	}
	return out;
}

/**
 * artifacts/ next to meta.yaml. artifact_uri is a path on the logging machine and is never followed, except
 * that `mlflow-artifacts:/<p>` (a tracking server's proxied store) is looked up under a dropped `mlartifacts/`.
 */
export function runArtifacts(s: Session, dir: Dir, artifactUri: string, runId: string): ImportedArtifact[] {
	const owner = `run ${shortId(runId)}`;
	let folder = dir.dirs.get('artifacts');
	if (!folder && artifactUri.startsWith('mlflow-artifacts:')) {
		const relative = artifactUri.replace(/^mlflow-artifacts:(\/\/[^/]*)?\/*/, '');
		folder = s.tree.mlartifacts.map((root) => descend(root, relative)).find((d) => d !== undefined);
	}
	if (!folder && isRemote(artifactUri)) {
		s.warn(
			'artifacts-missing',
			`${owner}: artifacts are in ${artifactUri}, not in what was dropped; not imported.`,
			{
				runId
			}
		);
	}
	return s.artifacts(folder, owner, runId);
}

function isRemote(uri: string): boolean {
	const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(uri)?.[1]?.toLowerCase();
	return scheme !== undefined && scheme !== 'file';
}
