// The TensorBoard importer: event files (`events.out.tfevents.*`), a log directory of them, or a zip of one.
// One run per folder that holds event files; the experiment is named after the dropped folder. Format facts and
// the rules chosen: docs/formats.md §5; the parts live in ./tensorboard/.
import { detectTensorboard } from './tensorboard/detect';
import { readTensorboard } from './tensorboard/read';
import type { Importer } from './types';

export const tensorboardImporter: Importer = {
	id: 'tensorboard',
	label: 'TensorBoard event files',
	detect: detectTensorboard,
	read: readTensorboard
};
