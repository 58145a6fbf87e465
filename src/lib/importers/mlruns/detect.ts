// Is this an mlruns tree (or a piece of one)? Names first — `<digits>/meta.yaml` is an experiment,
// `<32 hex>/meta.yaml` a run — then the content of a few meta.yaml files decides (docs/formats.md §7.1).
import type { SourceFile } from '../types';
import { classify, readMeta } from './meta';
import { pathSegments } from './tree';

const RUN_FOLDER = /^[0-9a-f]{32}$/i;
const EXPERIMENT_FOLDER = /^\d+$/;
/** meta.yaml files whose content is checked; enough to get past a few broken ones. */
const CONTENT_CHECKS = 8;

interface Candidate {
	file: SourceFile;
	/** 'experiment'/'run' when the folder name says so. */
	named: 'experiment' | 'run' | undefined;
}

export async function detectMlruns(files: SourceFile[]): Promise<number> {
	const candidates = metaFiles(files);
	let best = 0;
	for (const { file, named } of candidates.slice(0, CONTENT_CHECKS)) {
		const result = await readMeta(file).catch(() => undefined);
		if (!result?.ok) continue;
		const kind = classify(result.meta);
		if (kind === 'other') continue;
		// Name and content agree: certain enough. Content alone (a run folder's files dropped loose): likely.
		if (kind === named) return 0.95;
		best = Math.max(best, kind === 'logged-model' ? 0.6 : 0.8);
	}
	return best;
}

/** meta.yaml files, the ones in folders named like experiments or runs first, artifacts last. */
function metaFiles(files: SourceFile[]): Candidate[] {
	const ranked: { candidate: Candidate; rank: number }[] = [];
	for (const file of files) {
		// Most of a drop's ~30,000 files are metrics, params and tags: skip them before splitting their paths.
		if (!file.path.includes('meta.yaml')) continue;
		const parts = pathSegments(file.path);
		if (!parts || parts[parts.length - 1] !== 'meta.yaml') continue;
		const folder = parts[parts.length - 2] ?? '';
		const named = EXPERIMENT_FOLDER.test(folder) ? 'experiment' : RUN_FOLDER.test(folder) ? 'run' : undefined;
		const inArtifacts = parts.includes('artifacts');
		ranked.push({ candidate: { file, named }, rank: inArtifacts ? 2 : named ? 0 : 1 });
	}
	return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.candidate);
}
