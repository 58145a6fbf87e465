// Runs as one run bundle (docs/bundle-format.md): records in, a zip Blob out. Pure over its inputs: the caller
// gives the experiments, the runs one at a time (RunRecord, from DbApi.getRunRecord) and a way to read each
// artifact file, so this runs in a unit test as in the page. The zip grows run by run in Blob parts (zip-sink.ts);
// the manifest, with every part's size and SHA-256 and the counts, is its last entry.
import type { ArtifactRoot, LoggedModelRecord, RunRecord } from '$lib/api/db-api';
import {
	BUNDLE_FORMAT,
	BUNDLE_VERSION,
	EXPERIMENTS_NAME,
	MANIFEST_NAME,
	modelFolder,
	runFolder,
	toJsonNumber,
	type BundleCounts,
	type BundleExperiment,
	type BundleManifest,
	type BundleModel,
	type BundleRun
} from '$lib/importers/bundle/format';
import { encodeMetrics } from '$lib/importers/bundle/columns';
import type { Experiment } from '$lib/model/types';
import { safeFileName } from '../file-name';
import { ZipSink } from './zip-sink';

export interface BundleInput {
	/** Who wrote it, e.g. "Runboard 0.1.0" (the manifest's `writer`). */
	writer: string;
	experiments: readonly Experiment[];
	runs: AsyncIterable<RunRecord>;
	/** A file's bytes: a Blob, or for a small file its bytes. */
	readArtifact: (root: ArtifactRoot, path: string) => Promise<Blob | Uint8Array>;
}

export interface BundleOutput {
	blob: Blob;
	counts: BundleCounts;
	/** Compressed bytes of the metric parts, to report bytes per point. */
	metricBytes: number;
}

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, '\t')}\n`);

/** Artifact bytes asked of the database ahead of the one being written (so reading overlaps writing). */
const READ_AHEAD_BYTES = 64 * 1024 * 1024;

export async function writeBundle(input: BundleInput): Promise<BundleOutput> {
	const sink = new ZipSink();
	const counts: BundleCounts = {
		experiments: input.experiments.length,
		runs: 0,
		metricPoints: 0,
		loggedModels: 0,
		artifacts: 0,
		artifactBytes: 0
	};
	const experiments: BundleExperiment[] = input.experiments.map((e) => ({
		experimentId: e.experimentId,
		name: e.name,
		artifactLocation: e.artifactLocation,
		lifecycleStage: e.lifecycleStage,
		creationTime: e.creationTime,
		lastUpdateTime: e.lastUpdateTime,
		tags: e.tags
	}));
	await sink.addRecord(EXPERIMENTS_NAME, json(experiments));
	const known = new Set(experiments.map((e) => e.experimentId));
	let metricBytes = 0;
	const addFiles = async (folder: string, root: ArtifactRoot, files: { path: string; size: number }[]) => {
		// Reads run ahead of writes by up to READ_AHEAD_BYTES (always at least the next file).
		const reads: Promise<Blob | Uint8Array>[] = [];
		let asked = 0;
		let askedBytes = 0;
		const askAhead = (done: number) => {
			while (asked < files.length && (asked <= done || askedBytes < READ_AHEAD_BYTES)) {
				const file = files[asked++] as { path: string; size: number };
				const read = input.readArtifact(root, file.path);
				read.catch(() => undefined); // awaited below, in order
				reads.push(read);
				askedBytes += file.size;
			}
		};
		for (const [i, file] of files.entries()) {
			askAhead(i + 1);
			await sink.addBlob(`${folder}/artifacts/${file.path}`, await (reads[i] as Promise<Blob | Uint8Array>));
			askedBytes -= file.size;
			counts.artifacts++;
			counts.artifactBytes += file.size;
		}
	};
	for await (const record of input.runs) {
		const { info } = record;
		if (!known.has(info.experimentId))
			throw new Error(`run ${info.runId} belongs to experiment ${info.experimentId}, which is not exported`);
		const folder = runFolder(counts.runs);
		const run: BundleRun = {
			...info,
			params: record.params,
			tags: record.tags,
			inputs: record.inputs,
			metricPoints: record.metrics.values.length,
			artifacts: record.artifacts.map((a) => ({ path: a.path, size: a.size }))
		};
		await sink.addRecord(`${folder}/run.json`, json(run));
		const before = sink.bytesWritten;
		await sink.addRecord(`${folder}/metrics.bin`, encodeMetrics(record.metrics));
		metricBytes += sink.bytesWritten - before;
		await addFiles(folder, { runId: info.runId }, run.artifacts);
		counts.runs++;
		counts.metricPoints += run.metricPoints;
		for (const model of record.loggedModels) {
			const modelDir = modelFolder(counts.loggedModels);
			await sink.addRecord(`${modelDir}/model.json`, json(bundleModel(model)));
			await addFiles(modelDir, { modelId: model.modelId }, model.artifacts);
			counts.loggedModels++;
		}
	}
	const manifest: BundleManifest = {
		format: BUNDLE_FORMAT,
		version: BUNDLE_VERSION,
		writer: input.writer,
		counts,
		parts: await sink.parts()
	};
	await sink.addRecord(MANIFEST_NAME, json(manifest));
	return { blob: sink.finish(), counts, metricBytes };
}

function bundleModel(m: LoggedModelRecord): BundleModel {
	return {
		...m,
		metrics: m.metrics.map((x) => ({ ...x, value: toJsonNumber(x.value) })),
		artifacts: m.artifacts.map((a) => ({ path: a.path, size: a.size }))
	};
}

/** The download's name: `<what>.runboard.zip` (a zip any tool opens; Runboard knows it by its manifest). */
export function bundleFileName(what: string): string {
	return safeFileName(what, 'runboard.zip');
}
