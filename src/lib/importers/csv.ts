// The CSV log importer: Lightning's CSVLogger folders (`<name>/version_N/metrics.csv` + `hparams.yaml`), Keras's
// CSVLogger files, any table with a step column and a column per metric, long (key, step, value) histories, and
// runs tables (MLflow's search_runs CSV, Runboard's own Export CSV). docs/formats.md §6.3; parts in ./csv/.
import { detectCsv, readCsv } from './csv/read';
import type { Importer } from './types';

export const csvImporter: Importer = {
	id: 'csv',
	label: 'CSV logs (Lightning, Keras, metric tables)',
	detect: detectCsv,
	read: readCsv
};
