// The MLflow file store (`mlruns/`) importer: the folder (or a zip of it, or any part of it) in, experiments,
// runs and logged models out. Layout and quirks: docs/formats.md §1; the parts live in ./mlruns/.
import { detectMlruns } from './mlruns/detect';
import { readMlruns } from './mlruns/read';
import type { Importer } from './types';

export const mlrunsImporter: Importer = {
	id: 'mlflow-mlruns',
	label: 'MLflow mlruns folder',
	detect: detectMlruns,
	read: readMlruns
};
