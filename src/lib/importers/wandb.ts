// The W&B importer: a run folder (`run-<date>-<id>/` or `offline-run-…/`), a `wandb/` folder of several, or a zip
// of them. One run per run log (`run-<id>.wandb`, W&B's binary record log: history, config, summary, exit); the
// `files/` beside it complete the run. Format facts and the rules chosen: docs/formats.md §6.8; the parts live in
// ./wandb/.
import type { Importer } from './types';
import { detectWandb } from './wandb/detect';
import { readWandb } from './wandb/read';

export const wandbImporter: Importer = {
	id: 'wandb',
	label: 'W&B run folders',
	detect: detectWandb,
	read: readWandb
};
