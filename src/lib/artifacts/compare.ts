// Comparing same-named artifacts across runs: which paths several runs share, and a line diff of text files.
import type { RunboardClient } from '$lib/client/runboard';
import { stepImages } from './images';

/** A compared run's display name and the paths of its files at or below a folder. */
export interface RunFiles {
	runId: string;
	name: string;
	paths: string[];
}

/**
 * Each run's name and file paths below `dir`, in the order given. `lenient`: a run (or folder) that cannot be read
 * shows its short id and no files instead of failing the whole comparison.
 */
export function runFiles(
	client: Pick<RunboardClient, 'getRun' | 'listArtifactFilesOf'>,
	runIds: string[],
	dir: string,
	lenient = false
): Promise<RunFiles[]> {
	const tolerate = <T>(p: Promise<T>, fallback: T) => (lenient ? p.catch(() => fallback) : p);
	return Promise.all(
		runIds.map(async (runId) => {
			const [run, files] = await Promise.all([
				tolerate(
					client.getRun(runId).then((r) => r.info.runName),
					''
				),
				tolerate(client.listArtifactFilesOf({ runId }, dir), [])
			]);
			return { runId, name: run || runId.slice(0, 8), paths: files.map((f) => f.path) };
		})
	);
}

export interface SharedPath {
	path: string;
	/** Runs (by index in the input) that hold a file at this path. */
	runs: number[];
}

/**
 * Paths held by at least two of the runs, most widely shared first, then by name. Per-step images are left
 * out (their names carry a unique id per run); the step grid compares those.
 */
export function sharedPaths(listings: string[][]): SharedPath[] {
	const holders = new Map<string, number[]>();
	listings.forEach((paths, run) => {
		const stepped = new Set(stepImages(paths).map((i) => i.path));
		for (const path of paths) {
			if (stepped.has(path) || path.endsWith('+compressed.webp')) continue;
			const list = holders.get(path) ?? [];
			list.push(run);
			holders.set(path, list);
		}
	});
	return [...holders]
		.filter(([, runs]) => runs.length >= 2)
		.map(([path, runs]) => ({ path, runs }))
		.sort((a, b) => b.runs.length - a.runs.length || a.path.localeCompare(b.path));
}
