// The run bundle (docs/bundle-format.md): Runboard's own one-file export, a zip with a manifest. Detected by
// content: a manifest.json that names the format, wherever the zip or folder was dropped and whatever it is
// called. Each bundle is verified whole (bundle/verify.ts) before its first record is yielded; several bundles
// dropped together are all verified before any is read. Experiments merge by name and runs by id in the writer,
// so importing a bundle again replaces its runs instead of adding copies.
import { RunboardError } from '../api/errors';
import { decodeMetrics } from './bundle/columns';
import { BUNDLE_FORMAT, MANIFEST_NAME } from './bundle/format';
import { verifyBundle, type VerifiedBundle } from './bundle/verify';
import type { ImportContext, Importer, ImportItem, SourceFile } from './types';

/** A manifest is a few hundred bytes per part; one bigger than this is not worth sniffing. */
const SNIFF_BYTES = 64 * 1024 * 1024;

/**
 * The bundles among the files: each manifest's folder, with the files below it by their path inside it (a file
 * belongs to the deepest such folder). Files in no bundle's folder come back as `outside`.
 */
function bundlesOf(files: SourceFile[]): {
	bundles: { name: string; files: Map<string, SourceFile> }[];
	outside: SourceFile[];
} {
	const roots = files
		.filter((f) => f.path === MANIFEST_NAME || f.path.endsWith(`/${MANIFEST_NAME}`))
		.map((f) => f.path.slice(0, f.path.length - MANIFEST_NAME.length))
		.sort((a, b) => b.length - a.length);
	const bundles = roots.map((root) => ({
		name: root.replace(/\/$/, '') || MANIFEST_NAME,
		files: new Map<string, SourceFile>()
	}));
	const outside: SourceFile[] = [];
	for (const file of files) {
		const at = roots.findIndex((root) => file.path.startsWith(root));
		if (at < 0) outside.push(file);
		else bundles[at]?.files.set(file.path.slice((roots[at] as string).length), file);
	}
	return { bundles, outside };
}

async function isBundleManifest(file: SourceFile | undefined): Promise<boolean> {
	if (!file || file.size > SNIFF_BYTES) return false;
	try {
		const manifest: unknown = JSON.parse(new TextDecoder().decode(await file.bytes()));
		return (manifest as { format?: unknown })?.format === BUNDLE_FORMAT;
	} catch {
		return false;
	}
}

/**
 * `prefix` keeps the experiment keys of several bundles apart; it is not the bundle's name, so the same bundle
 * reads the same under any name.
 */
async function* readBundle(
	bundle: VerifiedBundle,
	prefix: string,
	context: ImportContext
): AsyncGenerator<ImportItem> {
	const key = (experimentId: string) => `${prefix}${experimentId}`;
	for (const e of bundle.experiments) {
		const { experimentId, ...rest } = e;
		yield { kind: 'experiment', experiment: { ...rest, key: key(experimentId) } };
	}
	for (const { folder, run } of bundle.runs) {
		context.signal.throwIfAborted();
		const metricsPart = `${folder}/metrics.bin`;
		const metrics = decodeMetrics(await bundle.part(metricsPart).bytes());
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
					file: bundle.part(`${folder}/artifacts/${a.path}`)
				}))
			}
		};
	}
	for (const { folder, model } of bundle.models) {
		const { experimentId, artifacts, ...fields } = model;
		yield {
			kind: 'logged-model',
			model: {
				...fields,
				experimentKey: key(experimentId),
				artifacts: artifacts.map((a) => ({
					path: a.path,
					file: bundle.part(`${folder}/artifacts/${a.path}`)
				}))
			}
		};
	}
}

export const bundleImporter: Importer = {
	id: 'runboard-bundle',
	label: 'Runboard run bundle',
	async detect(files) {
		const manifests = bundlesOf(files).bundles.map((b) => b.files.get(MANIFEST_NAME));
		for (const manifest of manifests) if (await isBundleManifest(manifest)) return 1;
		return 0;
	},
	async *read(files, context) {
		const { bundles: found, outside } = bundlesOf(files);
		if (found.length === 0)
			throw new RunboardError(
				'IMPORT_CORRUPT',
				`A Runboard bundle needs its ${MANIFEST_NAME}; none was found.`
			);
		if (outside.length > 0)
			throw new RunboardError(
				'IMPORT_CORRUPT',
				`${outside[0]?.path} is not part of a Runboard bundle: drop bundles alone, without other files.`
			);
		// Every bundle is verified before the first record of any is yielded: all or nothing.
		const verified: VerifiedBundle[] = [];
		for (const bundle of found) verified.push(await verifyBundle(bundle.name, bundle.files));
		for (const [i, bundle] of verified.entries())
			yield* readBundle(bundle, verified.length === 1 ? '' : `${i + 1}/`, context);
	}
};
