// A bundle is checked whole before anything of it is imported: the format and version, then every part of
// the manifest (a safe path, present, its size and SHA-256), no file the manifest does not list, every record
// well-formed, and the manifest's counts equal to what the records hold. One failure refuses the bundle with
// what is wrong, so a truncated, altered or lying bundle imports nothing at all.
import { RunboardError } from '../../api/errors';
import { artifactPathProblem } from '../../artifacts/paths';
import type { SourceFile } from '../types';
import { readMetricCount } from './columns';
import { checkParts } from './verify-parts';
import {
	BUNDLE_FORMAT,
	BUNDLE_VERSION,
	EXPERIMENTS_NAME,
	MANIFEST_NAME,
	modelFolder,
	runFolder,
	type BundleCounts,
	type BundleExperiment,
	type BundleManifest,
	type BundleRun
} from './format';
import {
	BundleError,
	fieldsOf,
	parseCounts,
	parseExperiment,
	parseJson,
	parseModel,
	parsePart,
	parseRun
} from './records';

/** Records are read whole; a JSON part bigger than this is not a record this writer made. */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export interface VerifiedBundle {
	name: string;
	experiments: BundleExperiment[];
	runs: { folder: string; run: BundleRun }[];
	models: { folder: string; model: ReturnType<typeof parseModel> }[];
	/** A part by its path in the bundle (checked present). */
	part(path: string): SourceFile;
}

/** `files` are the bundle's own, paths relative to the bundle's root (`manifest.json`, `runs/0/run.json`, …). */
export async function verifyBundle(
	name: string,
	files: Map<string, SourceFile>,
	signal?: AbortSignal
): Promise<VerifiedBundle> {
	try {
		return await verify(name, files, signal);
	} catch (error) {
		if (!(error instanceof BundleError)) throw error;
		throw new RunboardError('IMPORT_CORRUPT', `${name} is not a sound Runboard bundle: ${error.message}.`, {
			file: name
		});
	}
}

async function verify(
	name: string,
	files: Map<string, SourceFile>,
	signal: AbortSignal | undefined
): Promise<VerifiedBundle> {
	const manifest = await readManifest(files);
	const part = (path: string): SourceFile => {
		const file = files.get(path);
		if (!file) throw new BundleError(`${path} is missing`);
		return file;
	};
	const listed = new Set<string>([MANIFEST_NAME]);
	const pointCounts = await checkParts(manifest, part, listed, signal);
	for (const path of files.keys())
		if (!listed.has(path)) throw new BundleError(`${path} is not listed in the manifest`);

	const found: BundleCounts = {
		experiments: 0,
		runs: 0,
		metricPoints: 0,
		loggedModels: 0,
		artifacts: 0,
		artifactBytes: 0
	};
	const record = async (path: string) => {
		const file = part(path);
		if (file.size > MAX_RECORD_BYTES) throw new BundleError(`${path} is too large for a record`);
		return fieldsOf(path, parseJson(path, await file.bytes()));
	};
	const experimentsJson = parseJson(EXPERIMENTS_NAME, await part(EXPERIMENTS_NAME).bytes());
	if (!Array.isArray(experimentsJson)) throw new BundleError(`${EXPERIMENTS_NAME} is not a list`);
	const experiments = experimentsJson.map((e, i) =>
		parseExperiment(fieldsOf(`${EXPERIMENTS_NAME}[${i}]`, e))
	);
	const experimentIds = new Set(experiments.map((e) => e.experimentId));
	found.experiments = experiments.length;
	const checkFiles = (folder: string, artifacts: { path: string; size: number }[]) => {
		for (const a of artifacts) {
			const problem = artifactPathProblem(a.path);
			if (problem) throw new BundleError(`${folder}: artifact "${a.path}": ${problem.replace(/\.$/, '')}`);
			const file = part(`${folder}/artifacts/${a.path}`);
			if (file.size !== a.size) throw new BundleError(`${folder}/artifacts/${a.path} is not ${a.size} bytes`);
			found.artifacts++;
			found.artifactBytes += a.size;
		}
	};

	const runs: VerifiedBundle['runs'] = [];
	for (let i = 0; listed.has(`${runFolder(i)}/run.json`); i++) {
		const folder = runFolder(i);
		const run = parseRun(await record(`${folder}/run.json`));
		if (!experimentIds.has(run.experimentId))
			throw new BundleError(
				`${folder}/run.json names experiment ${run.experimentId}, which the bundle lacks`
			);
		const metricsPath = `${folder}/metrics.bin`;
		const points = metricCount(
			metricsPath,
			pointCounts.get(metricsPath) ?? (await part(metricsPath).bytes())
		);
		if (points !== run.metricPoints)
			throw new BundleError(
				`${folder}/metrics.bin holds ${points} points, run.json says ${run.metricPoints}`
			);
		found.metricPoints += points;
		checkFiles(folder, run.artifacts);
		runs.push({ folder, run });
	}
	found.runs = runs.length;
	const models: VerifiedBundle['models'] = [];
	for (let i = 0; listed.has(`${modelFolder(i)}/model.json`); i++) {
		const folder = modelFolder(i);
		const model = parseModel(await record(`${folder}/model.json`));
		if (!experimentIds.has(model.experimentId))
			throw new BundleError(
				`${folder}/model.json names experiment ${model.experimentId}, which the bundle lacks`
			);
		checkFiles(folder, model.artifacts);
		models.push({ folder, model });
	}
	found.loggedModels = models.length;
	// Parts no record explains (runs/7 when there are 5 runs) count too: the listed files must all be accounted for.
	const explained = 2 + runs.length * 2 + models.length + found.artifacts;
	if (explained !== listed.size)
		throw new BundleError(`${listed.size - explained} of its files belong to no run or logged model`);
	for (const key of Object.keys(found) as (keyof BundleCounts)[]) {
		if (found[key] !== manifest.counts[key])
			throw new BundleError(
				`the manifest counts ${manifest.counts[key]} ${key}, the bundle holds ${found[key]}`
			);
	}
	return { name, experiments, runs, models, part };
}

async function readManifest(files: Map<string, SourceFile>): Promise<BundleManifest> {
	const file = files.get(MANIFEST_NAME);
	if (!file) throw new BundleError(`${MANIFEST_NAME} is missing`);
	if (file.size > MAX_RECORD_BYTES) throw new BundleError(`${MANIFEST_NAME} is too large`);
	const f = fieldsOf(MANIFEST_NAME, parseJson(MANIFEST_NAME, await file.bytes()));
	if (f.raw('format') !== BUNDLE_FORMAT) throw new BundleError(`its format is not "${BUNDLE_FORMAT}"`);
	const version = f.raw('version');
	if (version !== BUNDLE_VERSION)
		throw new BundleError(
			`it is format version ${JSON.stringify(version)}; this Runboard reads version ${BUNDLE_VERSION} (a newer Runboard may read it)`
		);
	return {
		format: BUNDLE_FORMAT,
		version: BUNDLE_VERSION,
		writer: typeof f.raw('writer') === 'string' ? (f.raw('writer') as string) : '',
		counts: parseCounts(f.object('counts')),
		parts: f.list('parts', parsePart)
	};
}

/** A metrics part's point count, or why its header is wrong (read while the part was hashed, thrown in turn). */
type PointCount = number | Error;

function metricCount(path: string, read: PointCount | Uint8Array): number {
	try {
		if (read instanceof Error) throw read;
		return typeof read === 'number' ? read : readMetricCount(read);
	} catch (error) {
		throw new BundleError(`${path} ${(error as Error).message}`);
	}
}
