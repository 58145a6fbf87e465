// The run bundle (docs/bundle-format.md): Runboard's own one-file export, a zip with a manifest. Detected by
// content: a manifest.json that names the format, wherever the zip or folder was dropped and whatever it is
// called. Each bundle is verified whole (bundle/verify.ts) while its records are read (bundle/read.ts) and
// written; the writer commits nothing of them until all the bundles dropped together have passed, so a defect
// found in the last part still imports nothing. Experiments merge by name and runs by id in the writer, so
// importing a bundle again replaces its runs instead of adding copies.
import { RunboardError } from '../api/errors';
import { BUNDLE_FORMAT, MANIFEST_NAME } from './bundle/format';
import { readBundle } from './bundle/read';
import { BundleError } from './bundle/records';
import { SharedParts } from './bundle/shared-parts';
import { verifyBundle } from './bundle/verify';
import type { Importer, SourceFile } from './types';

/** A manifest is a few hundred bytes per part; one bigger than this is not worth sniffing. */
const SNIFF_BYTES = 64 * 1024 * 1024;
/** Inflated metrics parts kept between the verification's read and the reader's (bundle/shared-parts.ts). */
const SHARED_BYTES = 64 * 1024 * 1024;

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

export const bundleImporter: Importer = {
	id: 'runboard-bundle',
	label: 'Runboard run bundle',
	atomic: true,
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
		// Every bundle is verified whole beside the reading, and the first runs are written meanwhile: nothing of
		// them is committed before the verification has passed (`atomic`: the writer holds them in one batch and
		// commits it on 'verified' or at the end). A defect found late refuses the bundles and rolls it all back.
		const shared = new SharedParts(SHARED_BYTES);
		const bundles = found.map((b) => ({ name: b.name, files: shared.wrap(b.files) }));
		const verification = (async () => {
			for (const b of bundles) await verifyBundle(b.name, b.files, context.signal);
		})();
		let verified = false;
		let failed = false;
		verification.then(
			() => (verified = true),
			() => (failed = true) // thrown by the await below
		);
		let told = false;
		try {
			for (const [i, bundle] of bundles.entries()) {
				const prefix = bundles.length === 1 ? '' : `${i + 1}/`;
				for await (const item of readBundle(bundle.files, prefix, context)) {
					yield item;
					// A refused bundle stops the reading at once: nothing more is written only to be rolled back.
					if (failed) await verification;
					if (verified && !told) {
						told = true;
						yield { kind: 'verified' };
					}
				}
			}
		} catch (error) {
			if (context.signal.aborted) throw error;
			// The verification's verdict names what is wrong (this reader only stumbled on it).
			await verification;
			if (!(error instanceof BundleError)) throw error;
			const name = bundles.length === 1 ? bundles[0]?.name : 'a bundle';
			throw new RunboardError('IMPORT_CORRUPT', `${name} is not a sound Runboard bundle: ${error.message}.`);
		}
		await verification;
	}
};
