// The CSV log importer: Lightning's CSVLogger folders (`<name>/version_N/metrics.csv` + `hparams.yaml`), Keras's
// CSVLogger files, any table with a step column and a column per metric, long (key, step, value) histories, runs
// tables (MLflow's search_runs CSV, Runboard's own Export CSV, W&B's and MLflow UI's runs exports), and tables whose
// columns a person chose (a column map file; without one, the import asks for them). docs/formats.md §6.3; parts in
// ./csv/.
import { detectCsv, readCsv } from './csv/read';
import type { Importer } from './types';

export const csvImporter: Importer = {
	id: 'csv',
	label: 'CSV logs (Lightning, Keras, metric tables)',
	detect: detectCsv,
	read: readCsv
};
