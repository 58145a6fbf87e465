// What Runboard holds for the pushed experiments, in the shape tests/interop/dump_pushed.py prints for the server,
// and what the server should therefore hold: the same values, minus what MLflow refuses or merges (which the push
// report names): identical metric points kept once, tag values over 8,000 characters not sent.
import type { Page } from '@playwright/test';

export type Point = [number, number, number | string];
export interface DumpedRun {
	runName: string;
	status: string;
	startTime: number | null;
	endTime: number | null;
	lifecycleStage: string;
	params: Record<string, string>;
	tags: Record<string, string>;
	history: Record<string, Point[]>;
	files: Record<string, string>;
}
export type Dump = Record<string, { tags: Record<string, string>; runs: Record<string, DumpedRun> }>;

export function dumpRunboard(page: Page, names: string[]): Promise<Dump> {
	return page.evaluate(async (names) => {
		const rb = window.runboard;
		const out: Dump = {};
		const base64 = async (blob: Blob) => {
			let text = '';
			for (const b of new Uint8Array(await blob.arrayBuffer())) text += String.fromCharCode(b);
			return btoa(text);
		};
		for (const name of names) {
			const e = (await rb.getExperimentByName(name))!;
			const { runs } = await rb.searchRuns({
				experimentIds: [e.experimentId],
				runViewType: 'ALL',
				maxResults: 50_000
			});
			const dumped: Record<string, DumpedRun> = {};
			for (const run of runs) {
				const id = run.info.runId;
				const history: Record<string, Point[]> = {};
				for (const m of run.data.metrics) {
					history[m.key] = (await rb.getMetricHistory(id, m.key)).map((p) => [
						p.step,
						p.timestamp,
						Number.isFinite(p.value) ? p.value : String(p.value)
					]);
				}
				const files: Record<string, string> = {};
				for (const f of await rb.listArtifactFilesOf({ runId: id }))
					if (!f.isDir) files[f.path] = await base64(await rb.getArtifact(id, f.path));
				dumped[id] = {
					runName: run.info.runName,
					status: run.info.status,
					startTime: run.info.startTime,
					endTime: run.info.endTime,
					lifecycleStage: run.info.lifecycleStage,
					params: Object.fromEntries(run.data.params.map((p) => [p.key, p.value])),
					tags: Object.fromEntries(run.data.tags.map((t) => [t.key, t.value])),
					history,
					files
				};
			}
			out[name] = { tags: Object.fromEntries(e.tags.map((t) => [t.key, t.value])), runs: dumped };
		}
		return out;
	}, names);
}

/** Points in one order on both sides, identical ones once (MLflow's SQL store keeps one). */
function normalise(points: Point[]): Point[] {
	const seen = new Map(points.map((p) => [JSON.stringify(p), p]));
	return [...seen.values()].sort(
		(a, b) => a[0] - b[0] || a[1] - b[1] || JSON.stringify(a[2]).localeCompare(JSON.stringify(b[2]))
	);
}

export function normaliseDump(dump: Dump): Dump {
	for (const e of Object.values(dump))
		for (const r of Object.values(e.runs))
			for (const k of Object.keys(r.history)) r.history[k] = normalise(r.history[k]!);
	return dump;
}

export function expectedOnServer(held: Dump): Dump {
	const expected = structuredClone(held);
	for (const e of Object.values(expected))
		for (const r of Object.values(e.runs))
			for (const [k, v] of Object.entries(r.tags)) if (v.length > 8000) delete r.tags[k];
	return normaliseDump(expected);
}
