// What `runboard.exportBundle` exports, gathered through DbApi and handed to the pure bundle writer
// (src/lib/exporters/bundle/): the runs asked for (by id, by experiment, or every run when nothing is named,
// deleted ones included), read in batches of about a million points with getRunRecords, so at most two batches
// (the one being written and the next, asked for ahead so the database reads while the page writes) are held at
// once while the zip grows as Blob parts.
import type { DbApi, RunRecord } from '../api/db-api';
import { RunboardError } from '../api/errors';
import { checkExperimentId, checkRunId } from '../api/validate';
import { writeBundle, type BundleOutput } from '../exporters/bundle';
import type { Experiment } from '../model/types';
import { ArtifactPrefetch } from './artifact-prefetch';

export interface ExportBundleRequest {
	runIds?: string[];
	experimentIds?: string[];
}

const PAGE = 1000;
/** Runs asked for in one getRunRecords call (it may answer fewer: it stops at about a million points). */
const RECORD_BATCH_RUNS = 200;

function checkedList<T>(what: string, list: unknown, check: (x: unknown) => T): T[] | undefined {
	if (list === undefined) return undefined;
	if (!Array.isArray(list)) throw new RunboardError('INVALID_ARGUMENT', `${what} must be a list.`);
	return list.map(check);
}

/** The request checked: lists of valid ids, nothing else. */
export function checkExportRequest(request: unknown): { runIds?: string[]; experimentIds?: string[] } {
	if (request === undefined) return {};
	if (typeof request !== 'object' || request === null || Array.isArray(request))
		throw new RunboardError('INVALID_ARGUMENT', 'An export takes {runIds?, experimentIds?}.');
	const r = request as Record<string, unknown>;
	return {
		runIds: checkedList('runIds', r.runIds, checkRunId),
		experimentIds: checkedList('experimentIds', r.experimentIds, checkExperimentId)
	};
}

async function runIdsOf(api: DbApi, experimentIds: string[]): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < experimentIds.length; i += 100) {
		let pageToken: string | undefined;
		do {
			const page = await api.searchRuns({
				experimentIds: experimentIds.slice(i, i + 100),
				runViewType: 'ALL',
				maxResults: PAGE,
				pageToken
			});
			ids.push(...page.runs.map((r) => r.info.runId));
			pageToken = page.nextPageToken;
		} while (pageToken);
	}
	return ids;
}

/** The runs a request names (by id, by experiment, or all when nothing is named) and their experiments. */
export async function selectForExport(
	api: DbApi,
	request: unknown,
	plan?: (record: RunRecord) => void
): Promise<{ experiments: Experiment[]; runs: AsyncGenerator<RunRecord> }> {
	const asked = checkExportRequest(request);
	const everything = asked.runIds === undefined && asked.experimentIds === undefined;
	const experimentIds = everything
		? (await api.searchExperiments({ viewType: 'ALL', maxResults: 50_000 })).map((e) => e.experimentId)
		: (asked.experimentIds ?? []);
	const found = await runIdsOf(api, experimentIds);
	const runIds = new Set([...(asked.runIds ?? []), ...found]);
	// Each run's experiment is read once (this also fails early, NOT_FOUND, for a run id that does not exist).
	// Runs found by experiment belong to experiments read here; only runs asked for by id are looked up.
	const experiments = new Map<string, Experiment>();
	for (const id of experimentIds) experiments.set(id, await api.getExperiment(id));
	const inSearched = new Set(found);
	for (const id of asked.runIds ?? []) {
		if (inSearched.has(id)) continue;
		const { experimentId } = (await api.getRun(id)).info;
		if (!experiments.has(experimentId)) experiments.set(experimentId, await api.getExperiment(experimentId));
	}
	// Sorted, so the same runs give the same file whatever order they were asked in.
	const ordered = [...runIds].sort();
	// Asked in batches (getRunRecords answers as many runs as fit a million points), one batch ahead.
	async function* records(): AsyncGenerator<RunRecord> {
		let from = 0;
		const ask = () => {
			if (from >= ordered.length) return undefined;
			const batch = api.getRunRecords(ordered.slice(from, from + RECORD_BATCH_RUNS));
			batch.catch(() => undefined); // awaited in turn; a failure surfaces then
			return batch;
		};
		let next = ask();
		while (next) {
			const records = await next;
			from += records.length;
			if (plan) records.forEach(plan);
			next = ask();
			yield* records;
		}
	}
	return {
		experiments: [...experiments.values()].sort((a, b) => Number(a.experimentId) - Number(b.experimentId)),
		runs: records()
	};
}

export async function exportBundle(api: DbApi, request: unknown): Promise<BundleOutput> {
	const artifacts = new ArtifactPrefetch(api);
	const { experiments, runs } = await selectForExport(api, request, (record) => artifacts.plan(record));
	return writeBundle({
		writer: 'Runboard',
		experiments,
		runs,
		readArtifact: (root, path) => artifacts.read(root, path)
	});
}
