// Helpers for the many-tabs e2e tests (tests/e2e/tabs-*.spec.ts): tabs that log runs the way a script using the
// API would when the owning tab goes away under it.
import type { Page } from '@playwright/test';

declare global {
	interface Window {
		/** How many batches this logger tab has written (tests wait on it before they break the owner). */
		__progress?: number;
	}
}

export interface LogSize {
	runs: number;
	batches: number;
	perBatch: number;
}

/**
 * In a logger tab: `runs` runs in the experiment "concurrent", each `batches` logBatch calls of `perBatch` points
 * of 'loss'; after DB_BUSY it checks what is stored before any retry. Resolves to the number of retries.
 */
export function logRuns(page: Page, who: string, size: LogSize): Promise<number> {
	return page.evaluate(
		async ({ who, runs, batches, perBatch }) => {
			const rb = window.runboard;
			const busy = (e: unknown) => (e as { code?: string }).code === 'DB_BUSY';
			let retries = 0;
			/** Runs `write`; after DB_BUSY asks `applied` whether it was, and writes again only if not. */
			const once = async <T>(write: () => Promise<T>, applied: () => Promise<T | undefined>): Promise<T> => {
				for (;;) {
					try {
						return await write();
					} catch (e) {
						if (!busy(e)) throw e;
						retries++;
						const found = await applied();
						if (found !== undefined) return found;
					}
				}
			};
			const experiment = (await rb.getExperimentByName('concurrent'))!;
			for (let r = 0; r < runs; r++) {
				const runName = `${who}-${r}`;
				const find = async () =>
					(
						await rb.searchRuns({
							experimentIds: [experiment.experimentId],
							filter: `run_name = '${runName}'`
						})
					).runs[0];
				const run = await once(() => rb.createRun({ experimentId: experiment.experimentId, runName }), find);
				const runId = run.info.runId;
				for (let b = 0; b < batches; b++) {
					const metrics = Array.from({ length: perBatch }, (_, i) => ({
						key: 'loss',
						value: 1 / (b * perBatch + i + 1),
						step: b * perBatch + i,
						timestamp: 1_000 + b
					}));
					await once(
						() => rb.logBatch(runId, { metrics, params: b === 0 ? { who } : {} }).then(() => true),
						async () =>
							(await rb.getMetricHistory(runId, 'loss')).some((p) => p.step === b * perBatch)
								? true
								: undefined
					);
					window.__progress = (window.__progress ?? 0) + 1;
				}
			}
			return retries;
		},
		{ who, ...size }
	);
}

/** What a tab sees of the experiment "concurrent": runs, distinct run names, 'loss' points, distinct points. */
export function countLogged(page: Page): Promise<Record<string, number>> {
	return page.evaluate(async () => {
		const rb = window.runboard;
		const experiment = await rb.getExperimentByName('concurrent');
		const { runs } = await rb.searchRuns({ experimentIds: [experiment!.experimentId], maxResults: 1000 });
		let points = 0;
		let distinct = 0;
		for (const run of runs) {
			const history = await rb.getMetricHistory(run.info.runId, 'loss');
			points += history.length;
			distinct += new Set(history.map((p) => p.step)).size;
		}
		const names = new Set(runs.map((r) => r.info.runName)).size;
		return { runs: runs.length, names, points, distinct, experiments: (await rb.searchExperiments()).length };
	});
}
