// What Runboard holds for some experiments, in the shape tests/interop/bundle_python.py prints for a bundle read
// by scripts/python/runboard_bundle.py: values as the hex of their IEEE 754 bits (so NaN, ±Infinity and −0 compare
// exactly), files as base64, points sorted so neither side's order matters.
import type { Page } from '@playwright/test';

export type BitsPoint = [number, number, string];
export interface BundleDumpRun {
	runName: string;
	status: string;
	startTime: number | null;
	endTime: number | null;
	lifecycleStage: string;
	userId: string;
	params: Record<string, string>;
	tags: Record<string, string>;
	history: Record<string, BitsPoint[]>;
	files: Record<string, string>;
}
export type BundleDump = Record<
	string,
	{ tags: Record<string, string>; runs: Record<string, BundleDumpRun> }
>;

export function dumpRunboardBits(page: Page, names: string[]): Promise<BundleDump> {
	return page.evaluate(async (names) => {
		const rb = window.runboard;
		const out: BundleDump = {};
		const bits = (x: number) => {
			const view = new DataView(new ArrayBuffer(8));
			view.setFloat64(0, x);
			return [...new Uint8Array(view.buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
		};
		const base64 = async (blob: Blob) => {
			let text = '';
			for (const b of new Uint8Array(await blob.arrayBuffer())) text += String.fromCharCode(b);
			return btoa(text);
		};
		for (const name of names) {
			const e = await rb.getExperimentByName(name);
			if (!e) throw new Error(`no experiment ${name}`);
			const { runs } = await rb.searchRuns({ experimentIds: [e.experimentId], runViewType: 'ALL' });
			const dumped: Record<string, BundleDumpRun> = {};
			for (const run of runs) {
				const id = run.info.runId;
				const history: Record<string, BitsPoint[]> = {};
				for (const m of run.data.metrics)
					history[m.key] = (await rb.getMetricHistory(id, m.key)).map((p) => [
						p.step,
						p.timestamp,
						bits(p.value)
					]);
				const files: Record<string, string> = {};
				for (const f of await rb.listArtifactFilesOf({ runId: id }))
					if (!f.isDir) files[f.path] = await base64(await rb.getArtifact(id, f.path));
				dumped[id] = {
					runName: run.info.runName,
					status: run.info.status,
					startTime: run.info.startTime,
					endTime: run.info.endTime,
					lifecycleStage: run.info.lifecycleStage,
					userId: run.info.userId,
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

/** Each series' points in one order (step, timestamp, bits) on both sides. */
export function sortPoints(dump: BundleDump): BundleDump {
	for (const e of Object.values(dump))
		for (const r of Object.values(e.runs))
			for (const points of Object.values(r.history))
				points.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
	return dump;
}
