// The records of a bundle read for writing, while the verification (verify.ts) checks the same bundle beside it:
// what this yields is provisional until the verification has passed, and the writer commits none of it before
// (../bundle.ts says when). So this reader checks only what it needs to build the records; a defect it meets is
// explained by the verification's own verdict, which ../bundle.ts waits for before refusing the bundle.
import type { ImportContext, ImportItem, SourceFile } from '../types';
import { decodeMetrics } from './columns';
import { EXPERIMENTS_NAME, modelFolder, runFolder } from './format';
import { BundleError, fieldsOf, parseExperiment, parseJson, parseModel, parseRun } from './records';

/**
 * `prefix` keeps the experiment keys of several bundles apart; it is not the bundle's name, so the same bundle
 * reads the same under any name. `files` are the bundle's own, by their path inside it.
 */
export async function* readBundle(
	files: Map<string, SourceFile>,
	prefix: string,
	context: ImportContext
): AsyncGenerator<ImportItem> {
	const part = (path: string): SourceFile => {
		const file = files.get(path);
		if (!file) throw new BundleError(`${path} is missing`);
		return file;
	};
	const record = async (path: string) => fieldsOf(path, parseJson(path, await part(path).bytes()));
	const key = (experimentId: string) => `${prefix}${experimentId}`;
	const experiments = parseJson(EXPERIMENTS_NAME, await part(EXPERIMENTS_NAME).bytes());
	if (!Array.isArray(experiments)) throw new BundleError(`${EXPERIMENTS_NAME} is not a list`);
	for (const [i, json] of experiments.entries()) {
		const { experimentId, ...rest } = parseExperiment(fieldsOf(`${EXPERIMENTS_NAME}[${i}]`, json));
		yield { kind: 'experiment', experiment: { ...rest, key: key(experimentId) } };
	}
	for (let i = 0; files.has(`${runFolder(i)}/run.json`); i++) {
		context.signal.throwIfAborted();
		const folder = runFolder(i);
		const run = parseRun(await record(`${folder}/run.json`));
		const metricsPath = `${folder}/metrics.bin`;
		const bytes = await part(metricsPath).bytes();
		let metrics;
		try {
			metrics = decodeMetrics(bytes);
		} catch (error) {
			throw new BundleError(`${metricsPath} ${(error as Error).message}`);
		}
		yield {
			kind: 'run',
			run: {
				runId: run.runId,
				runName: run.runName,
				status: run.status,
				startTime: run.startTime,
				endTime: run.endTime,
				lifecycleStage: run.lifecycleStage,
				userId: run.userId,
				artifactUri: run.artifactUri,
				params: run.params,
				tags: run.tags,
				inputs: run.inputs,
				experimentKey: key(run.experimentId),
				metrics,
				artifacts: run.artifacts.map((a) => ({
					path: a.path,
					file: part(`${folder}/artifacts/${a.path}`)
				}))
			}
		};
	}
	for (let i = 0; files.has(`${modelFolder(i)}/model.json`); i++) {
		const folder = modelFolder(i);
		const { experimentId, artifacts, ...fields } = parseModel(await record(`${folder}/model.json`));
		yield {
			kind: 'logged-model',
			model: {
				...fields,
				experimentKey: key(experimentId),
				artifacts: artifacts.map((a) => ({ path: a.path, file: part(`${folder}/artifacts/${a.path}`) }))
			}
		};
	}
}
