// MLflow 3 logged models: `<exp>/models/m-<32 hex>/` with meta.yaml, params/, tags/, metrics/ and artifacts/.
// Their metric lines carry the run id as field 4 (docs/formats.md §1.10).
import type { ImportedLoggedModel, ImportItem } from '../types';
import { integer, text, type YamlMap } from './meta';
import { modelStatus } from './model-status';
import { newStats, readMetricFile } from './metrics';
import { reportMetricFile } from './run';
import type { Session } from './session';
import { filesBelow, type Dir } from './tree';

export async function* readLoggedModel(
	s: Session,
	dir: Dir,
	experimentKey: string | undefined,
	given?: YamlMap
): AsyncGenerator<ImportItem> {
	const meta = given ?? (await modelMeta(s, dir));
	if (!meta) return;
	const modelId = text(meta, 'model_id') || dir.name;
	const owner = `logged model ${modelId}`;
	const started = s.bytesDone;
	const metrics: ImportedLoggedModel['metrics'] = [];
	for (const { key, file } of filesBelow(dir.dirs.get('metrics'))) {
		const stats = newStats();
		try {
			for await (const bytes of readMetricFile(file, stats, (p) => {
				const runId = p.fieldCount >= 4 ? (p.fourth ?? null) : null;
				metrics.push({ key, value: p.value, step: p.step, timestamp: p.timestamp, runId });
			})) {
				s.bytesDone += bytes;
				if (s.aborted) return;
			}
		} catch (error) {
			s.unreadableFile(
				'file-unreadable',
				file.path,
				`could not be read (${(error as Error)?.message ?? error})`
			);
		}
		reportMetricFile(s, modelId, key, file.path, stats, 'model');
	}
	const model: ImportedLoggedModel = {
		modelId,
		name: text(meta, 'name') ?? modelId,
		experimentKey: experimentKey ?? text(meta, 'experiment_id') ?? dir.parent?.parent?.name ?? '0',
		sourceRunId: text(meta, 'source_run_id') ?? null,
		status: modelStatus(text(meta, 'status')),
		creationTime: integer(meta, 'creation_timestamp'),
		params: await s.keyValues(dir.dirs.get('params'), owner),
		tags: await s.keyValues(dir.dirs.get('tags'), owner),
		metrics,
		artifacts: s.artifacts(dir.dirs.get('artifacts'), owner)
	};
	s.bytesDone = started + dir.bytes;
	yield* s.drain();
	if (!s.aborted) yield { kind: 'logged-model', model };
}

async function modelMeta(s: Session, dir: Dir): Promise<YamlMap | undefined> {
	const result = await s.meta(dir);
	const file = dir.files.get('meta.yaml')?.path ?? `${dir.path}/meta.yaml`;
	if (!result || (!result.ok && result.empty)) {
		s.warn('meta-missing', `${dir.path}: logged model folder without meta.yaml; skipped.`, { file });
		return undefined;
	}
	if (!result.ok) {
		s.unreadableFile(
			'file-unreadable',
			file,
			`${result.message}; the logged model was skipped.`,
			result.line
		);
		return undefined;
	}
	return result.meta;
}
