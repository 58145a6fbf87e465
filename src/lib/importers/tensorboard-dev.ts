// TensorBoard.dev exports (`tensorboard dev export`, before the service closed on 2023-12-31): a folder per
// experiment, `experiment_<id>/` with `metadata.json` and `scalars.json` (JSON Lines, one time series per line:
// run, tag, base64 SummaryMetadata, parallel steps / values / wall_times). Each run name becomes a run of the
// experiment, each tag a metric. docs/formats.md §6.2.
import { detectTensorboardDev, readTensorboardDev } from './tensorboard-dev/read';
import type { Importer } from './types';

export const tensorboardDevImporter: Importer = {
	id: 'tensorboard-dev',
	label: 'TensorBoard.dev export',
	detect: detectTensorboardDev,
	read: readTensorboardDev
};
