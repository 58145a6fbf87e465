// The importer registry. Order matters only for ties in detection.
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { bundleImporter } from './bundle';
import { createMlflowDbImporter } from './mlflow-db';
import { mlrunsImporter } from './mlruns';
import { createRunboardDbImporter } from './runboard-db';
import { tensorboardImporter } from './tensorboard';
import { tensorboardDevImporter } from './tensorboard-dev';
import { csvImporter } from './csv';
import { hfTrainerImporter } from './hf-trainer';
import { jsonlImporter } from './jsonl';
import { dvcliveImporter } from './dvclive';
import { sacredMongoImporter } from './sacred-mongo';
import { sacredImporter } from './sacred';
import { wandbImporter } from './wandb';
import type { Importer } from './types';

export function createImporters(sqlite3: Sqlite3Static): Importer[] {
	return [
		mlrunsImporter,
		createMlflowDbImporter(sqlite3),
		createRunboardDbImporter(sqlite3),
		bundleImporter,
		tensorboardImporter,
		tensorboardDevImporter,
		csvImporter,
		hfTrainerImporter,
		sacredImporter,
		wandbImporter,
		jsonlImporter,
		dvcliveImporter,
		sacredMongoImporter
	];
}

export type { Importer } from './types';
