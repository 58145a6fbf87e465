// What importers of logs without experiments (TensorBoard, CSV, JSON logs) share about a drop: the folder the user
// dropped, and an experiment known only by its name (the writer finds or creates it by name).
import type { Tag } from '../model/types';
import type { ImportedExperiment } from './types';

/** The dropped folder's name when every path lies below one folder; '' for loose files. */
export function droppedRoot(paths: string[]): string {
	const first = paths[0]?.split('/')[0] ?? '';
	return paths.every((p) => p.includes('/') && p.split('/')[0] === first) ? first : '';
}

/** An experiment with only a name (and maybe tags): no times, no artifact location of its own. */
export function namedExperiment(key: string, name: string, tags: Tag[] = []): ImportedExperiment {
	return {
		key,
		name,
		lifecycleStage: 'active',
		creationTime: null,
		lastUpdateTime: null,
		artifactLocation: '',
		tags
	};
}
