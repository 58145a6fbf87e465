// The runs of one parsed CSV table, by its shape (shapes.ts): a run per file for a wide or long history (a run per
// value of the run column when there is one), a run per row for a runs table. Cells that are not numbers where a
// metric is expected are counted into one warning per file, never guessed.
import { RUN_NAME_TAG, type RunStatus, type Tag } from '../../model/types';
import { MetricPacker } from '../metric-packer';
import type { PackedMetrics } from '../../api/db-api';
import { flatRuns } from './flat-runs';
import { mappedRuns } from './mapping';
import type { CsvShape } from './shapes';
import { cellNumber, type CsvTable } from './table';

export interface CsvRun {
	/** Tells this run apart from the file's others (the run column's value, a row's run id); '' for the file's one. */
	part: string;
	name: string | null;
	runId?: string;
	status?: RunStatus;
	startTime: number | null;
	endTime: number | null;
	params: Tag[];
	tags: Tag[];
	metrics: PackedMetrics;
}

export interface CsvRead {
	runs: CsvRun[];
	problems: string[];
}

/** Seconds since the epoch (most loggers) or milliseconds (MLflow): told apart by size. */
const toMs = (t: number) => Math.round(t < 1e11 ? t * 1000 : t);

export function runsOf(table: CsvTable, shape: CsvShape): CsvRead {
	if (shape.kind === 'runs') return runsTable(table, shape);
	if (shape.kind === 'long') return longHistory(table, shape);
	if (shape.kind === 'flat')
		return {
			runs: flatRuns(table, shape.source).map(({ metrics, part, name, ...rest }) =>
				finish(metrics, part, name, rest)
			),
			problems: []
		};
	if (shape.kind === 'mapped') {
		const { runs, problems } = mappedRuns(table, shape.map);
		return {
			runs: runs.map((r) => finish(r.packer, r.part, r.part || null, { params: r.params })),
			problems
		};
	}
	return wideHistory(table, shape);
}

function finish(
	packer: MetricPacker,
	part: string,
	name: string | null,
	extra: Partial<CsvRun> = {}
): CsvRun {
	const metrics = packer.build();
	let first = Infinity;
	let last = -Infinity;
	for (const t of metrics.timestamps) {
		if (t <= 0) continue;
		first = Math.min(first, t);
		last = Math.max(last, t);
	}
	return {
		part,
		name,
		startTime: Number.isFinite(first) ? first : null,
		endTime: Number.isFinite(last) ? last : null,
		params: [],
		tags: [],
		metrics,
		...extra
	};
}

function wideHistory(table: CsvTable, shape: Extract<CsvShape, { kind: 'wide' }>): CsvRead {
	const packer = new MetricPacker();
	const problems: string[] = [];
	let textCells = 0;
	let badSteps = 0;
	const columns = table.header
		.map((name, i) => ({ name, i }))
		.filter((c) => c.i !== shape.step && c.i !== shape.time && c.name !== '');
	for (const row of table.rows) {
		const step = cellNumber(row[shape.step]);
		if (typeof step !== 'number' || !Number.isFinite(step)) {
			badSteps++;
			continue;
		}
		const time = shape.time === null ? undefined : cellNumber(row[shape.time]);
		const timestamp = typeof time === 'number' && Number.isFinite(time) ? toMs(time) : 0;
		for (const c of columns) {
			const v = cellNumber(row[c.i]);
			if (v === 'text') textCells++;
			else if (v !== undefined) packer.push(packer.keyId(c.name), v, Math.floor(step), timestamp);
		}
	}
	if (badSteps > 0) problems.push(`${badSteps} row(s) without a number in the step column skipped`);
	if (textCells > 0) problems.push(`${textCells} cell(s) that are not numbers skipped`);
	return { runs: packer.size > 0 ? [finish(packer, '', null)] : [], problems };
}

function longHistory(table: CsvTable, shape: Extract<CsvShape, { kind: 'long' }>): CsvRead {
	const packers = new Map<string, MetricPacker>();
	const nextStep = new Map<string, number>();
	let bad = 0;
	for (const row of table.rows) {
		const key = (row[shape.key] ?? '').trim();
		const value = cellNumber(row[shape.value]);
		if (key === '' || typeof value !== 'number') {
			bad++;
			continue;
		}
		const run = shape.run === null ? '' : (row[shape.run] ?? '').trim();
		let packer = packers.get(run);
		if (!packer) packers.set(run, (packer = new MetricPacker()));
		const counter = `${run}\u0000${key}`;
		const given = shape.step === null ? undefined : cellNumber(row[shape.step]);
		const step =
			typeof given === 'number' && Number.isFinite(given) ? Math.floor(given) : (nextStep.get(counter) ?? 0);
		nextStep.set(counter, step + 1);
		const time = shape.time === null ? undefined : cellNumber(row[shape.time]);
		packer.push(
			packer.keyId(key),
			value,
			step,
			typeof time === 'number' && Number.isFinite(time) ? toMs(time) : 0
		);
	}
	return {
		runs: [...packers].map(([run, packer]) => finish(packer, run, run || null)),
		problems: bad > 0 ? [`${bad} row(s) without a key or a number value skipped`] : []
	};
}

const STATUSES = new Set(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']);

function timeCell(cell: string | undefined): number | null {
	const t = (cell ?? '').trim();
	if (t === '') return null;
	const n = Number(t);
	if (Number.isFinite(n)) return toMs(n);
	const parsed = Date.parse(t);
	return Number.isNaN(parsed) ? null : parsed;
}

function runsTable(table: CsvTable, shape: Extract<CsvShape, { kind: 'runs' }>): CsvRead {
	const h = table.header;
	const at = (name: string) => h.findIndex((c) => c.toLowerCase() === name);
	const [status, start, end] = [at('status'), at('start_time'), at('end_time')];
	const runs: CsvRun[] = [];
	let textCells = 0;
	for (const row of table.rows) {
		const id = (row[shape.runId] ?? '').trim();
		if (id === '') continue;
		const packer = new MetricPacker();
		const params: Tag[] = [];
		const tags: Tag[] = [];
		const endTime = end >= 0 ? timeCell(row[end]) : null;
		h.forEach((column, i) => {
			const cell = row[i] ?? '';
			if (cell === '') return;
			if (column.startsWith('params.')) params.push({ key: column.slice(7), value: cell });
			else if (column.startsWith('tags.')) tags.push({ key: column.slice(5), value: cell });
			else if (column.startsWith('metrics.')) {
				const v = cellNumber(cell);
				if (v === 'text') textCells++;
				else if (v !== undefined) packer.push(packer.keyId(column.slice(8)), v, 0, endTime ?? 0);
			}
		});
		const given = shape.runName === null ? '' : (row[shape.runName] ?? '').trim();
		const name = given || tags.find((t) => t.key === RUN_NAME_TAG)?.value || null;
		const s = status >= 0 ? (row[status] ?? '').trim().toUpperCase() : '';
		runs.push(
			finish(packer, id, name, {
				runId: /^[0-9a-f]{32}$/.test(id) ? id : undefined,
				status: STATUSES.has(s) ? (s as RunStatus) : undefined,
				startTime: start >= 0 ? timeCell(row[start]) : null,
				endTime,
				params,
				tags
			})
		);
	}
	return {
		runs,
		problems: textCells > 0 ? [`${textCells} metric cell(s) that are not numbers skipped`] : []
	};
}
