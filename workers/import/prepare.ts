// The reading half of an import: turns what an importer yields into items the writer can store without awaiting
// anything — artifacts are checked against the caps and read into chunks here. It touches no database, so it
// runs either in the database worker (tests, live servers) or in the parse worker, overlapping with the writes.
import type { ImportedLoggedModel, ImportedRun, ImportItem } from '$lib/importers/types';
import { ArtifactBudget } from '$lib/importers/artifact-budget';
import { experimentKey, storableExperiment, storableRun } from '$lib/importers/storable';
import { artifactPathProblem } from '$lib/artifacts/paths';
import { readChunks, type ChunkedFile } from './chunked-file';
import { bulkFingerprint } from './fingerprint';

export type ReadyRun = Omit<ImportedRun, 'artifacts'> & {
	artifacts: ChunkedFile[];
	/**
	 * The fingerprint of its metric columns and artifact bytes (runBulk), for the writer's digest of the run: set
	 * by the parse worker (parse/serve.ts), so the writer does not read every byte again; else computed there.
	 */
	bulk?: string;
};
export type ReadyModel = Omit<ImportedLoggedModel, 'artifacts'> & { artifacts: ChunkedFile[] };

/** What the writer consumes: ImportItems whose artifacts are already bytes. Plain data, so it can be posted. */
export type ReadyItem =
	| Exclude<ImportItem, { kind: 'run' } | { kind: 'logged-model' }>
	| { kind: 'run'; run: ReadyRun }
	| { kind: 'logged-model'; model: ReadyModel };

/**
 * Reads each run's and logged model's artifacts (1 MiB chunks: a 100 MB artifact never becomes one buffer);
 * paths that cannot be stored and files over the caps (src/lib/importers/artifact-budget.ts) become warnings.
 */
export async function* prepareItems(items: AsyncIterable<ImportItem>): AsyncGenerator<ReadyItem> {
	const budget = new ArtifactBudget();
	const warnings: ReadyItem[] = [];
	const read = async (owner: string, artifacts: ImportedRun['artifacts']): Promise<ChunkedFile[]> => {
		const out: ChunkedFile[] = [];
		for (const a of artifacts) {
			const problem = artifactPathProblem(a.path);
			if (problem) {
				const message = `${owner}: artifact "${a.path}" was not stored: ${problem}`;
				warnings.push({ kind: 'warning', warning: { kind: 'unsupported', message } });
				continue;
			}
			const refusal = budget.refusal(a.file.size);
			if (refusal) {
				const warning = budget.storeRefused(owner, a.path, a.file.size, refusal);
				warnings.push({ kind: 'warning', warning });
				continue;
			}
			let chunks: Uint8Array[];
			try {
				chunks = await readChunks(a.file.stream());
			} catch (error) {
				// A damaged zip entry or a file gone from the disk: this file is left out, the run is not.
				const why = error instanceof Error ? error.message : String(error);
				const message = `${owner}: artifact "${a.path}" could not be read (${why}); not imported.`;
				warnings.push({ kind: 'warning', warning: { kind: 'file-unreadable', message } });
				continue;
			}
			const size = chunks.reduce((sum, c) => sum + c.byteLength, 0);
			budget.spend(size);
			out.push({ path: a.path, size, chunks });
		}
		return out;
	};
	for await (const item of items) {
		if (item.kind === 'run') {
			// Keys and ids the API would refuse are left out here, whichever importer read them.
			const checked = storableRun(item.run);
			yield* checked.warnings.map((warning): ReadyItem => ({ kind: 'warning', warning }));
			if (!checked.run) continue;
			const artifacts = await read(`run ${checked.run.runId}`, checked.run.artifacts);
			yield* warnings.splice(0);
			yield { kind: 'run', run: { ...checked.run, artifacts } };
		} else if (item.kind === 'experiment') {
			const checked = storableExperiment(item.experiment);
			yield* checked.warnings.map((warning): ReadyItem => ({ kind: 'warning', warning }));
			yield { kind: 'experiment', experiment: checked.experiment };
		} else if (item.kind === 'logged-model') {
			const artifacts = await read(`logged model ${item.model.modelId}`, item.model.artifacts);
			yield* warnings.splice(0);
			const key = experimentKey(item.model.experimentKey);
			yield { kind: 'logged-model', model: { ...item.model, experimentKey: key, artifacts } };
		} else {
			yield item;
		}
	}
}

/** The fingerprint of a run's metric columns and artifact bytes (fingerprint.ts). */
export function runBulk(run: ReadyRun): string {
	const m = run.metrics;
	return bulkFingerprint([m.keyIndex, m.values, m.steps, m.timestamps], run.artifacts);
}

/** Bytes an item holds in typed arrays (metric columns, artifact chunks): what the in-flight window counts. */
export function itemBytes(item: ReadyItem): number {
	if (item.kind !== 'run' && item.kind !== 'logged-model') return 0;
	const artifacts = item.kind === 'run' ? item.run.artifacts : item.model.artifacts;
	const metrics = item.kind === 'run' ? item.run.metrics.values.length * 28 : 0;
	return metrics + artifacts.reduce((sum, a) => sum + a.size, 0);
}
