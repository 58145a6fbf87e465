// Which kind of table a CSV header is (docs/formats.md §6.3):
// - `runs`: a row per run — a run id column (`run_id`, MLflow's `Run ID`) with `params.`/`metrics.`/`tags.`
//   columns (MLflow's search_runs().to_csv(), Runboard's own Export CSV);
// - `long`: a row per point — a key column (`key`, `metric`, `name`, `tag`), `value`, a step, maybe a run column
//   and a timestamp (MLflow's metric history, W&B and TensorBoard long exports);
// - `wide`: a row per step — a step column (`step`, `epoch`, `global_step`, `iteration`, `_step`, …) and a column per
//   metric (Lightning's CSVLogger, Keras's CSVLogger, W&B history exports, most hand-written logs).
// - `flat`: a row per run with unprefixed param and metric columns (W&B's runs export, MLflow UI's CSV: flat-runs.ts);
// - `mapped`: any table whose columns the person chose in the Import page's dialog (mapping.ts).
// Anything else is not read as a log.
import { flatSource, type FlatSource } from './flat-runs';
import type { ColumnMap } from './mapping';

export type CsvShape =
	| { kind: 'runs'; runId: number; runName: number | null }
	| { kind: 'long'; key: number; value: number; step: number | null; time: number | null; run: number | null }
	| { kind: 'wide'; step: number; time: number | null }
	| { kind: 'flat'; source: FlatSource }
	| { kind: 'mapped'; map: ColumnMap };

const lower = (h: string[]) => h.map((x) => x.trim().toLowerCase());
const find = (h: string[], names: string[]) => {
	for (const name of names) {
		const i = h.indexOf(name);
		if (i >= 0) return i;
	}
	return -1;
};

/** Step columns in the order they are preferred (Lightning writes both step and epoch: step is the x axis). */
export const STEP_COLUMNS = [
	'step',
	'global_step',
	'_step',
	'trainer/global_step',
	'iteration',
	'iter',
	'epoch'
];
const TIME_COLUMNS = ['timestamp', '_timestamp', 'wall_time', 'time'];

export function csvShape(header: string[]): CsvShape | null {
	if (header.length < 2) return null;
	const h = lower(header);
	const flat = flatSource(header);
	if (flat) return { kind: 'flat', source: flat };
	const runId = find(h, ['run_id', 'run id', 'run_uuid']);
	if (runId >= 0 && header.some((c) => /^(params|metrics|tags)\./.test(c))) {
		const runName = find(h, ['run_name', 'name', 'tags.mlflow.runname']);
		return { kind: 'runs', runId, runName: runName >= 0 ? runName : null };
	}
	const key = find(h, ['key', 'metric', 'tag']);
	const value = find(h, ['value']);
	if (key >= 0 && value >= 0) {
		const step = find(h, STEP_COLUMNS);
		const time = find(h, TIME_COLUMNS);
		const run = find(h, ['run', 'run_name', 'run_id']);
		return {
			kind: 'long',
			key,
			value,
			step: step >= 0 ? step : null,
			time: time >= 0 ? time : null,
			run: run >= 0 ? run : null
		};
	}
	const step = find(h, STEP_COLUMNS);
	if (step >= 0) {
		const time = find(h, TIME_COLUMNS);
		return { kind: 'wide', step, time: time >= 0 ? time : null };
	}
	return null;
}
