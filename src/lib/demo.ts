// The built-in demo: the MLflow quickstart experiment as the real MLflow 3.18 wrote it (an mlruns folder logged in a
// neutral folder by tests/interop/demo.sh and zipped by scripts/build-demo.mjs), imported like any dropped zip. Runs
// keep their MLflow ids, so loading it twice changes nothing.
import { base } from '$app/paths';
import { RunboardError } from '$lib/api/errors';
import { runboard } from '$lib/client';

const DEMO = 'demo/diabetes-quickstart.zip';

export async function loadDemo(): Promise<string> {
	const response = await fetch(`${base}/${DEMO}`);
	if (!response.ok)
		throw new RunboardError('NOT_FOUND', `The demo data could not be loaded (HTTP ${response.status}).`);
	const report = await runboard.importFiles([
		{ path: 'diabetes-quickstart.zip', file: await response.blob() }
	]);
	const experiment =
		report.experiments.find((e) => e.name === 'diabetes-quickstart') ?? report.experiments[0];
	if (!experiment) throw new RunboardError('IMPORT_CORRUPT', 'The demo holds no experiment.');
	return experiment.experimentId;
}
