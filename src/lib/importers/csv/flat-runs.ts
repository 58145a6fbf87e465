// Runs tables whose param and metric columns carry no prefix, so nothing in a cell's column says which it is:
// - W&B's "Export CSV" of a project's runs: `Name, State, Notes, User, Tags, Created, Runtime, Sweep`, then the
//   config columns, then the summary columns (docs.wandb.ai, "Export data": the runs table as shown);
// - MLflow UI's "Download CSV" of an experiment's runs (mlflow/server/js/src/experiment-tracking/utils/CsvUtils.ts,
//   runInfosToCsv): `Start Time, Duration, Run ID, Name, Source Type, Source Name, User, Status`, then params, metrics
//   and tags; every cell quoted, and a cell starting with `= + - @` prefixed with `'` against spreadsheet formulas.
// Both writers put params (config) before metrics (summary). W&B's summary starts at its first system column
// (`_runtime`, `_step`, `_timestamp`); otherwise the metrics are the longest run of columns, before any tag column,
// whose every cell is a number, and the columns before it are params: a numeric param just before the metrics is
// then read as a metric (the file cannot tell them apart); documented in docs/formats.md §6.3.
import type { RunStatus, Tag } from '../../model/types';
import { MetricPacker } from '../metric-packer';
import { cellNumber, type CsvTable } from './table';

export type FlatSource = 'wandb' | 'mlflow-ui';

export interface FlatRun {
	/** Tells the file's runs apart: MLflow's run id, or W&B's name and row. */
	part: string;
	name: string | null;
	runId?: string;
	status?: RunStatus;
	startTime: number | null;
	endTime: number | null;
	params: Tag[];
	tags: Tag[];
	metrics: MetricPacker;
}

const WANDB = ['name', 'state', 'notes', 'user', 'tags', 'created', 'runtime', 'sweep'];
const MLFLOW_UI = [
	'start time',
	'duration',
	'run id',
	'name',
	'source type',
	'source name',
	'user',
	'status'
];

/** Which of the two layouts a header starts with (W&B may put an `ID` column first). */
export function flatSource(header: string[]): FlatSource | null {
	const h = header.map((c) => c.trim().toLowerCase());
	const starts = (names: string[], from = 0) => names.every((n, i) => h[from + i] === n);
	if (starts(MLFLOW_UI)) return 'mlflow-ui';
	if (starts(WANDB) || (h[0] === 'id' && starts(WANDB, 1))) return 'wandb';
	return null;
}

/** MLflow's UI writes `'-0.5` for -0.5 (formula escaping): the quote is taken off again. */
const unescape = (cell: string | undefined) => {
	const t = (cell ?? '').trim();
	return /^'[=+\-@\r\t]/.test(t) ? t.slice(1) : t;
};

const WANDB_STATES: Record<string, RunStatus> = {
	finished: 'FINISHED',
	running: 'RUNNING',
	crashed: 'FAILED',
	failed: 'FAILED',
	killed: 'KILLED',
	preempted: 'KILLED'
};
const MLFLOW_STATES = new Set(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']);

/** MLflow UI's durations: `850ms`, `12.3s`, `4.5min`, `1.2h`, `3.0d` (Utils.formatDuration). */
function durationMs(cell: string): number | null {
	const m = /^(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)$/.exec(cell.trim());
	if (!m) return null;
	const unit = { ms: 1, s: 1e3, min: 6e4, h: 3.6e6, d: 8.64e7 }[m[2] as 'ms'];
	return Math.round(Number(m[1]) * unit);
}

/** A time cell: ISO or `YYYY-MM-DD HH:mm:ss` (MLflow's UI writes the viewer's local time, so it is read as local). */
function dateCell(cell: string): number | null {
	const t = cell.trim();
	if (t === '') return null;
	const parsed = Date.parse(/^\d{4}-\d\d-\d\d \d/.test(t) ? t.replace(' ', 'T') : t);
	return Number.isNaN(parsed) ? null : parsed;
}

interface Columns {
	params: number[];
	metrics: number[];
	tags: number[];
}

/** Splits the data columns (after the fixed ones) into params, metrics and tags (see the header comment). */
function dataColumns(table: CsvTable, first: number, source: FlatSource): Columns {
	const all = table.header.map((_, i) => i).filter((i) => i >= first && table.header[i] !== '');
	// MLflow's own tags (mlflow.*) come last in its UI's CSV; W&B has no tag columns (its tags are a cell).
	const tags = source === 'mlflow-ui' ? all.filter((i) => /^mlflow\./.test(table.header[i] ?? '')) : [];
	const rest = all.filter((i) => !tags.includes(i));
	const numeric = (i: number) =>
		table.rows.every((row) => {
			const v = cellNumber(unescape(row[i]));
			return v !== 'text';
		}) && table.rows.some((row) => cellNumber(unescape(row[i])) !== undefined);
	// W&B's summary always has `_runtime`, `_step` or `_timestamp` (config never does): where there is one, the
	// summary starts at the first of them.
	const system =
		source === 'wandb'
			? rest.findIndex((i) => /^_(runtime|step|timestamp)$/.test(table.header[i] ?? ''))
			: -1;
	let split = rest.length;
	if (system >= 0) split = system;
	else while (split > 0 && numeric(rest[split - 1] as number)) split--;
	return { params: rest.slice(0, split), metrics: rest.slice(split), tags };
}

export function flatRuns(table: CsvTable, source: FlatSource): FlatRun[] {
	const h = table.header.map((c) => c.trim().toLowerCase());
	const offset = source === 'wandb' && h[0] === 'id' ? 1 : 0;
	const columns = dataColumns(table, offset + 8, source);
	const at = (name: string) => h.indexOf(name);
	return table.rows.flatMap((row, index): FlatRun[] => {
		const cell = (i: number) => (i >= 0 ? unescape(row[i]) : '');
		const params = columns.params.flatMap((i) =>
			cell(i) === '' ? [] : [{ key: table.header[i] ?? '', value: cell(i) }]
		);
		const tags = columns.tags.flatMap((i) =>
			cell(i) === '' ? [] : [{ key: table.header[i] ?? '', value: cell(i) }]
		);
		const metrics = new MetricPacker();
		let start: number | null;
		let end: number | null;
		let run: Omit<FlatRun, 'params' | 'tags' | 'metrics' | 'startTime' | 'endTime'>;
		if (source === 'mlflow-ui') {
			const id = cell(at('run id'));
			if (id === '') return [];
			start = dateCell(cell(at('start time')));
			const took = durationMs(cell(at('duration')));
			end = start !== null && took !== null ? start + took : null;
			const status = cell(at('status')).toUpperCase();
			const user = cell(at('user'));
			if (user) tags.push({ key: 'mlflow.user', value: user });
			run = {
				part: id,
				name: cell(at('name')) || null,
				runId: /^[0-9a-f]{32}$/.test(id) ? id : undefined,
				status: MLFLOW_STATES.has(status) ? (status as RunStatus) : undefined
			};
		} else {
			const name = cell(at('name'));
			if (name === '' && offset === 0) return [];
			start = dateCell(cell(at('created')));
			const runtime = cellNumber(cell(at('runtime')));
			end =
				start !== null && typeof runtime === 'number' && Number.isFinite(runtime)
					? start + runtime * 1000
					: null;
			for (const [column, key] of [
				['notes', 'mlflow.note.content'],
				['user', 'mlflow.user'],
				['tags', 'wandb.tags'],
				['sweep', 'wandb.sweep']
			] as const)
				if (cell(at(column))) tags.push({ key, value: cell(at(column)) });
			run = {
				part: offset ? cell(0) : `${name}\u0000${index}`,
				name: name || null,
				status: WANDB_STATES[cell(at('state')).toLowerCase()]
			};
		}
		for (const i of columns.metrics) {
			const v = cellNumber(cell(i));
			if (typeof v === 'number') metrics.push(metrics.keyId(table.header[i] ?? ''), v, 0, end ?? start ?? 0);
		}
		return [{ ...run, startTime: start, endTime: end, params, tags, metrics }];
	});
}
