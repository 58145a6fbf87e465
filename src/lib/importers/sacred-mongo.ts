// Sacred's MongoObserver database as `mongodump` writes it (`runs.bson`, `metrics.bson`): the same runs as the
// FileStorageObserver's (sacred.ts). Recognised by the first document of each file, whatever it is called.
// docs/formats.md §6.5; parts in ./sacred-mongo/.
import { dumpFiles, FORMAT, readSacredDump } from './sacred-mongo/read';
import type { Importer } from './types';

export const sacredMongoImporter: Importer = {
	id: FORMAT,
	label: 'Sacred MongoDB dumps (mongodump of runs and metrics)',
	async detect(files) {
		return (await dumpFiles(files)).some((f) => f.kind === 'runs') ? 0.9 : 0;
	},
	read: readSacredDump
};
