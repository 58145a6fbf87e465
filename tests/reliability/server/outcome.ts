// Runs one live-server import against the hostile server through the real DB API (sqlite-wasm in memory) and
// collects what it ended with: the report or the error, what is stored, and what the server saw.
import type { ImportReport, LoggedModelRecord } from '$lib/api/db-api';
import type { ServerLimits } from '$lib/importers/limits';
import { createTestDb } from '../../unit/harness';
import type { CaseStats, HostileServer } from './hostile-server';

/** Bounds small enough that every case ends in seconds; the defaults are the same rules at larger sizes. */
export const TEST_LIMITS: Partial<ServerLimits> = {
	requestTimeoutMs: 1000,
	retries: 2,
	backoffMs: 20,
	maxPages: 20,
	maxArtifactDepth: 8,
	maxArtifactEntries: 100,
	maxArtifactFileBytes: 1024 * 1024,
	maxJsonBytes: 1024 * 1024
};

/** Longer than any case can take within its limits: an import still running then is a hang. */
export const HANG_MS = 20_000;

export interface StoredRun {
	runId: string;
	name: string;
	params: string[];
	points: number[];
	artifacts: string[];
}

export interface Outcome {
	report?: ImportReport;
	error?: { code: string; message: string };
	hung: boolean;
	experiments: string[];
	runs: StoredRun[];
	/** The stored logged models as "<model id> <name>: <param>… | <metric key>=<value>… | <file>…". */
	models: string[];
	/** Every warning message, one a line, for toContain checks. */
	warnings: string;
	stats: CaseStats;
}

export interface ImportOptions {
	limits?: Partial<ServerLimits>;
	/** Cancels the import once this holds of what the server saw. */
	cancelWhen?: (stats: CaseStats) => boolean;
}

export async function importFrom(
	server: HostileServer,
	name: string,
	options: ImportOptions = {}
): Promise<Outcome> {
	const { api } = await createTestDb();
	const limits = { ...TEST_LIMITS, ...options.limits };
	const url = server.url(name);
	const running = api.importMlflowServer({ url, origin: 'http://runboard.test', limits });
	let settled = false;
	const result: Promise<{ report?: ImportReport; error?: Outcome['error'] }> = running.then(
		(report) => ({ report }),
		(e: { code: string; message: string }) => ({ error: { code: e.code, message: e.message } })
	);
	void result.finally(() => (settled = true));
	const started = Date.now();
	let cancelled = false;
	while (!settled && Date.now() - started < HANG_MS) {
		if (!cancelled && options.cancelWhen?.(server.stats(url))) {
			cancelled = true;
			await api.cancelImport();
		}
		await new Promise((r) => setTimeout(r, 5));
	}
	const hung = !settled;
	if (hung) await api.cancelImport();
	const { report, error } = await result;
	const stored = await api.searchExperiments({ viewType: 'ALL' });
	const experiments = stored.map((e) => e.name).sort();
	const experimentIds = stored.map((e) => e.experimentId);
	const all = experimentIds.length
		? await api.searchRuns({ experimentIds, runViewType: 'ALL', maxResults: 1000 })
		: { runs: [] };
	const runs: StoredRun[] = [];
	const models: string[] = [];
	for (const r of all.runs) {
		const runId = r.info.runId;
		const points = (await api.getMetricHistory(runId, 'loss').catch(() => [])).map((m) => m.value);
		const artifacts = (await api.listArtifactFiles({ runId })).map((a) => a.path).sort();
		const params = r.data.params.map((p) => `${p.key}=${p.value}`);
		runs.push({ runId, name: r.info.runName, params, points, artifacts });
		for (const m of (await api.getRunRecord(runId)).loggedModels) models.push(modelLine(m));
	}
	models.sort();
	runs.sort((a, b) => a.runId.localeCompare(b.runId));
	const warnings = (report?.warnings ?? [])
		.flatMap((g) => g.examples.map((m) => `${g.kind}: ${m}`))
		.join('\n');
	return { report, error, hung, experiments, runs, models, warnings, stats: server.stats(url) };
}

/** A logged model as one comparable line: "<id> <name> <status>: params | metrics | files". */
function modelLine(m: LoggedModelRecord): string {
	const params = m.params.map((p) => `${p.key}=${p.value}`).join(' ');
	const metrics = m.metrics.map((x) => `${x.key}=${x.value}@${x.step}/${x.runId}`).join(' ');
	const files = m.artifacts
		.map((a) => a.path)
		.sort()
		.join(' ');
	return `${m.modelId} ${m.name} ${m.status}: ${params} | ${metrics} | ${files}`;
}
