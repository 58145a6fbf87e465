// What the storage tests do in the page: write earlier data and read it back, import a zip, and capture a call's
// coded error (RunboardError crosses page.evaluate as {code, message, details}).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from '@playwright/test';

export const MLRUNS = 'tests/fixtures/mlflow/mlruns';

/**
 * A zip of the fixture mlruns/ folder (or of some of its experiments), as MLflow wrote it; `extraBytes` adds an
 * artifact of that size to the last run, so the import needs more room than the fixture alone.
 */
export function mlrunsZip(experiments?: string[], extraBytes = 0): { base64: string; runIds: string[] } {
	const entries: Record<string, Uint8Array> = {};
	const runIds = new Set<string>();
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const full = join(dir, name);
			if (statSync(full).isDirectory()) walk(full);
			else {
				const path = relative(MLRUNS, full).split(sep).join('/');
				if (experiments && !experiments.includes(path.split('/')[0] as string)) continue;
				// A run is a folder <32 hex>/ with a meta.yaml, in an experiment or in .trash/<experiment>/.
				const run = /^(?:\.trash\/)?\d+\/([0-9a-f]{32})\/meta\.yaml$/.exec(path)?.[1];
				if (run) runIds.add(run);
				entries[`mlruns/${path}`] = readFileSync(full);
			}
		}
	};
	walk(MLRUNS);
	if (runIds.size === 0) throw new Error(`no runs found in ${MLRUNS} for ${experiments?.join(', ')}`);
	if (extraBytes > 0) {
		const last = Object.keys(entries)
			.filter((p) => /^mlruns\/\d+\/[0-9a-f]{32}\/meta\.yaml$/.test(p))
			.sort()
			.at(-1) as string;
		let seed = 1;
		const bytes = new Uint8Array(extraBytes).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
		entries[last.replace('meta.yaml', 'artifacts/big/blob.bin')] = bytes;
	}
	return { base64: Buffer.from(zipSync(entries, { level: 1 })).toString('base64'), runIds: [...runIds] };
}

export interface Outcome {
	ok: boolean;
	code?: string;
	message?: string;
	details?: Record<string, unknown>;
	value?: unknown;
}

/** Earlier data that must survive every failure: an experiment, a run with 2,000 points, a param, an artifact. */
export async function writeEarlierData(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const rb = window.runboard;
		const experimentId = await rb.createExperiment(`earlier-${Date.now()}-${Math.random()}`);
		const run = await rb.createRun({ experimentId, runName: 'earlier' });
		const id = run.info.runId;
		const metrics = Array.from({ length: 2000 }, (_, i) => ({ key: 'loss', value: 1 / (i + 1), step: i }));
		await rb.logBatch(id, { metrics, params: { alpha: 0.5 }, tags: { stage: 'kept' } });
		await rb.logArtifact(id, 'notes/earlier.txt', 'kept '.repeat(1000));
		return id;
	});
}

/** A digest of the earlier run: equal before and after a failure means it is intact. */
export async function earlierDigest(page: Page, runId: string): Promise<string> {
	return page.evaluate(async (id) => {
		const rb = window.runboard;
		const run = await rb.getRun(id);
		const history = await rb.getMetricHistory(id, 'loss');
		const text = await (await rb.getArtifact(id, 'notes/earlier.txt')).text();
		const sum = history.reduce((s, m) => s + m.value * (m.step + 1), 0);
		return JSON.stringify({
			params: run.data.params,
			tags: run.data.tags.filter((t) => !t.key.startsWith('mlflow.')),
			points: history.length,
			sum,
			text: text.length
		});
	}, runId);
}

/** How many of these MLflow run ids are stored (any lifecycle stage). */
export async function storedRuns(page: Page, runIds: string[]): Promise<number> {
	return page.evaluate(async (ids) => {
		let n = 0;
		for (const id of ids) {
			try {
				await window.runboard.getRun(id);
				n++;
			} catch (error) {
				if ((error as { code?: string }).code !== 'NOT_FOUND') throw error;
			}
		}
		return n;
	}, runIds);
}

/** Imports a zip through the page API (two workers, as a dropped file is). */
export async function importZip(page: Page, base64: string): Promise<Outcome> {
	return page.evaluate(async (data) => {
		const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
		const file = new File([bytes], 'mlruns.zip', { type: 'application/zip' });
		try {
			const report = await window.runboard.importFiles([{ path: 'mlruns.zip', file }]);
			return { ok: true, value: report.runsWritten };
		} catch (error) {
			const e = error as { code?: string; message?: string; details?: Record<string, unknown> };
			return { ok: false, code: e.code, message: e.message, details: e.details };
		}
	}, base64);
}

/** logBatch of `points` points of `key` (50,000 in the quota case). */
export async function logPoints(page: Page, runId: string, key: string, points: number): Promise<Outcome> {
	return page.evaluate(
		async ({ id, key, points }) => {
			const metrics = Array.from({ length: points }, (_, i) => ({ key, value: Math.sin(i), step: i }));
			try {
				await window.runboard.logBatch(id, { metrics, params: { [`${key}_batch`]: 'yes' } });
				return { ok: true };
			} catch (error) {
				const e = error as { code?: string; message?: string; details?: Record<string, unknown> };
				return { ok: false, code: e.code, message: e.message, details: e.details };
			}
		},
		{ id: runId, key, points }
	);
}

/** Points and the batch's param of `key` in the run: 0 and false when the batch is wholly absent. */
export async function batchPresence(
	page: Page,
	runId: string,
	key: string
): Promise<{ points: number; param: boolean }> {
	return page.evaluate(
		async ({ id, key }) => {
			const run = await window.runboard.getRun(id);
			const points = run.data.metrics.some((m) => m.key === key)
				? (await window.runboard.getMetricHistory(id, key)).length
				: 0;
			return { points, param: run.data.params.some((p) => p.key === `${key}_batch`) };
		},
		{ id: runId, key }
	);
}

export async function integrity(page: Page): Promise<string> {
	return page.evaluate(() => window.runboard.integrityCheck());
}
