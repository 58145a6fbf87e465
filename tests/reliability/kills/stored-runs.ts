// What an import left in the database, read through the page API: per run the counts that tell a whole run from
// a partial one, and per logged model (written apart from its run) its files. The reference is the same reading
// after a complete import of the same source.
import type { Page } from '@playwright/test';

export interface RunCounts {
	params: number;
	tags: number;
	points: number;
	artifacts: number;
	artifactBytes: number;
}

export interface StoredImport {
	runs: Record<string, RunCounts>;
	/** Logged models of the stored runs: `files:bytes` by model id. */
	models: Record<string, string>;
}

/** The stored runs among `runIds` (every run when not given; deleted ones included) and their logged models. */
export async function readStoredImport(page: Page, runIds?: string[]): Promise<StoredImport> {
	return page.evaluate(async (wanted: string[] | null) => {
		const rb = window.runboard;
		const ids = wanted && new Set(wanted);
		const experiments = await rb.searchExperiments({ viewType: 'ALL' });
		const { runs } = await rb.searchRuns({
			experimentIds: experiments.map((e) => e.experimentId),
			runViewType: 'ALL'
		});
		const stored: StoredImport = { runs: {}, models: {} };
		// All reads at once: the worker answers them in turn, without a round trip between them.
		await Promise.all(
			runs
				.filter((run) => !ids || ids.has(run.info.runId))
				.map(async (run) => {
					const id = run.info.runId;
					const [histories, files, models] = await Promise.all([
						Promise.all(run.data.metrics.map((m) => rb.getMetricHistory(id, m.key))),
						rb.listArtifactFilesOf({ runId: id }),
						rb.listLoggedModels(id)
					]);
					stored.runs[id] = {
						params: run.data.params.length,
						tags: run.data.tags.length,
						points: histories.reduce((sum, h) => sum + h.length, 0),
						artifacts: files.length,
						artifactBytes: files.reduce((sum, f) => sum + f.size, 0)
					};
					for (const m of models) stored.models[m.modelId] = `${m.files}:${m.bytes}`;
				})
		);
		return stored;
	}, runIds ?? null);
}

/** Stored runs and logged models that differ from their complete import: each one partial. */
export function partsNotWhole(
	reference: StoredImport,
	stored: StoredImport
): { runs: string[]; models: string[] } {
	const runs = Object.entries(stored.runs)
		.filter(([id, counts]) => JSON.stringify(counts) !== JSON.stringify(reference.runs[id]))
		.map(
			([id, counts]) => `run ${id}: ${JSON.stringify(counts)}, whole: ${JSON.stringify(reference.runs[id])}`
		);
	const models = Object.entries(stored.models)
		.filter(([id, files]) => files !== reference.models[id])
		.map(([id, files]) => `logged model ${id}: files:bytes ${files}, whole: ${reference.models[id]}`);
	return { runs, models };
}
