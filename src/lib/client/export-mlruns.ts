// What `runboard.exportMlruns` exports: the same selection as a run bundle (export-bundle.ts), written as an
// mlruns/ tree MLflow's file store reads (src/lib/exporters/mlruns/), one run at a time.
import type { DbApi } from '../api/db-api';
import { writeMlruns, type MlrunsOutput } from '../exporters/mlruns';
import { selectForExport } from './export-bundle';

export async function exportMlruns(api: DbApi, request: unknown): Promise<MlrunsOutput> {
	const { experiments, runs } = await selectForExport(api, request);
	return writeMlruns({ experiments, runs, readArtifact: (root, path) => api.getArtifact(root, path) });
}
