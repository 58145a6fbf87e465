// Loads the built-in demo experiment (static/demo/quickstart.json, produced by scripts/generate-demo.mjs from a
// real model trained on real data). Runs keep their ids, so loading it twice changes nothing.
import { base } from '$app/paths';
import type { IngestRun } from '$lib/api/db-api';
import { RunboardError, toRunboardError } from '$lib/api/errors';
import { connection } from '$lib/client';
import { packMetrics, transferables, type MetricInput } from '$lib/client/pack';
import type { RunStatus, Tag } from '$lib/model/types';

interface DemoFile {
	format: 'runboard-demo/1';
	experiment: { name: string; tags: Tag[] };
	runs: {
		runId: string;
		runName: string;
		status: RunStatus;
		startTime: number;
		endTime: number;
		userId: string;
		params: Tag[];
		tags: Tag[];
		metrics: MetricInput[];
	}[];
}

export async function loadDemo(): Promise<string> {
	const response = await fetch(`${base}/demo/quickstart.json`);
	if (!response.ok)
		throw new RunboardError('NOT_FOUND', `The demo data could not be loaded (HTTP ${response.status}).`);
	const demo = (await response.json()) as DemoFile;
	if (demo.format !== 'runboard-demo/1')
		throw new RunboardError('IMPORT_CORRUPT', 'Unexpected demo file format.');
	const buffers: ArrayBuffer[] = [];
	const runs: IngestRun[] = demo.runs.map((r) => {
		const metrics = packMetrics(r.metrics, r.startTime);
		buffers.push(...transferables(metrics));
		return { ...r, metrics };
	});
	const api = await connection.api();
	const result = await api
		.ingest(
			connection.transfer(
				{
					experimentName: demo.experiment.name,
					experimentTags: demo.experiment.tags,
					runs,
					source: { kind: 'demo', ref: 'demo/quickstart.json' }
				},
				buffers
			)
		)
		.catch((error: unknown) => {
			throw toRunboardError(error);
		});
	connection.changed('experiments');
	return result.experimentId;
}
