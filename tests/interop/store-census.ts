// What one browser profile holds after an import, counted and fingerprinted so that two imports of the same store
// (a zip, a live server) can be compared: runs, params, metric points, each artifact file by owner and path with
// its size and SHA-256, and each logged model with its params, tags, points and files.
import type { Page } from '@playwright/test';

export interface Census {
	experiments: number;
	runs: number;
	params: number;
	metricPoints: number;
	/** "<run id>/<path>" → "<size>:<sha-256>" */
	runFiles: Record<string, string>;
	models: Record<string, { name: string; sourceRunId: string; files: number; bytes: number }>;
	/** "<model id>/<path>" → "<size>:<sha-256>" */
	modelFiles: Record<string, string>;
}

export function census(page: Page): Promise<Census> {
	return page.evaluate(async () => {
		const rb = window.runboard;
		const hex = async (blob: Blob) => {
			const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
			return `${blob.size}:${[...digest].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
		};
		const out: Census = {
			experiments: 0,
			runs: 0,
			params: 0,
			metricPoints: 0,
			runFiles: {},
			models: {},
			modelFiles: {}
		};
		const experiments = await rb.searchExperiments({ viewType: 'ALL' });
		out.experiments = experiments.length;
		const { runs } = await rb.searchRuns({
			experimentIds: experiments.map((e) => e.experimentId),
			runViewType: 'ALL',
			maxResults: 50_000
		});
		out.runs = runs.length;
		for (const run of runs) {
			const id = run.info.runId;
			out.params += run.data.params.length;
			for (const m of run.data.metrics) out.metricPoints += (await rb.getMetricHistory(id, m.key)).length;
			for (const f of await rb.listArtifactFilesOf({ runId: id }))
				if (!f.isDir) out.runFiles[`${id}/${f.path}`] = await hex(await rb.getArtifact(id, f.path));
			for (const m of await rb.listLoggedModels(id)) {
				out.models[m.modelId] = { name: m.name, sourceRunId: id, files: m.files, bytes: m.bytes };
				for (const f of await rb.listArtifactFilesOf({ modelId: m.modelId }))
					if (!f.isDir)
						out.modelFiles[`${m.modelId}/${f.path}`] = await hex(
							await rb.getArtifactOf({ modelId: m.modelId }, f.path)
						);
			}
		}
		return out;
	});
}

/** The counts of a census, for the test's log line and its first, readable comparison. */
export function counts(c: Census): Record<string, number> {
	return {
		experiments: c.experiments,
		runs: c.runs,
		params: c.params,
		metricPoints: c.metricPoints,
		runFiles: Object.keys(c.runFiles).length,
		loggedModels: Object.keys(c.models).length,
		modelFiles: Object.keys(c.modelFiles).length
	};
}
