// One JSONL metric record turned into points. Two shapes are read, record by record, so a file may mix them:
// wide (`{"step": 3, "loss": 0.2, "acc": 0.9}`: every numeric field a metric) and long
// (`{"key": "loss", "value": 0.2, "step": 3}`: one point per record). `step`, `timestamp`/`time` and `run`/`name`
// are the point's coordinates, never metrics; `epoch` stays a metric (a second x axis, as for Hugging Face).
import { jsonNumber } from '../json-lines';

/** Fields that place a point rather than measure something. */
const STEP_FIELDS = ['step', 'global_step', '_step'];
const TIME_FIELDS = ['timestamp', 'time', '_timestamp'];
const RUN_FIELDS = ['run', 'run_name'];
const COORDINATES = new Set([...STEP_FIELDS, ...TIME_FIELDS, ...RUN_FIELDS]);
/** Nested objects (`{"train": {"loss": 1}}`) are read this deep as `train/loss`; deeper values are left out. */
const MAX_DEPTH = 4;

export interface RecordPoints {
	/** The run the record names, or '' (the file's own run). */
	run: string;
	step: number | undefined;
	/** Milliseconds since the epoch, or 0 when the record has no readable time. */
	timestamp: number;
	points: [key: string, value: number][];
}

const own = (record: Record<string, unknown>, key: string) =>
	Object.hasOwn(record, key) ? record[key] : undefined;

function firstNumber(record: Record<string, unknown>, fields: string[]): number | undefined {
	for (const field of fields) {
		const v = own(record, field);
		if (typeof v === 'number' && Number.isFinite(v)) return v;
	}
	return undefined;
}

/** Seconds (time.time()) or milliseconds since the epoch, or an ISO date; 0 when none reads. */
function timestampOf(record: Record<string, unknown>): number {
	for (const field of TIME_FIELDS) {
		const v = own(record, field);
		if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.round(v < 1e11 ? v * 1000 : v);
		if (typeof v === 'string') {
			const t = Date.parse(v);
			if (!Number.isNaN(t)) return t;
		}
	}
	return 0;
}

function runOf(record: Record<string, unknown>, long: boolean): string {
	// In the long shape `name` may name the metric's owner or the metric itself: only `run` names a run there.
	for (const field of long ? RUN_FIELDS : [...RUN_FIELDS, 'name']) {
		const v = own(record, field);
		if (typeof v === 'string' && v !== '') return v;
		if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	}
	return '';
}

function widePoints(value: unknown, key: string, out: [string, number][], depth: number): void {
	const n = jsonNumber(value);
	if (n !== undefined) out.push([key, n]);
	else if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < MAX_DEPTH)
		for (const [k, v] of Object.entries(value as Record<string, unknown>))
			widePoints(v, `${key}/${k}`, out, depth + 1);
}

/** Whether a record reads as a metric record at all (what detection asks of a file's first line). */
export function isMetricRecord(record: Record<string, unknown>): boolean {
	return recordPoints(record).points.length > 0;
}

export function recordPoints(record: Record<string, unknown>): RecordPoints {
	const key = own(record, 'key') ?? own(record, 'metric');
	const long = typeof key === 'string' && Object.hasOwn(record, 'value');
	const points: [string, number][] = [];
	if (long) {
		const value = jsonNumber(record.value);
		if (value !== undefined && key !== '') points.push([key, value]);
	} else {
		const isRunName = (field: string) => field === 'name' && typeof record.name === 'string';
		for (const [field, value] of Object.entries(record))
			if (!COORDINATES.has(field) && !isRunName(field)) widePoints(value, field, points, 1);
	}
	const step = firstNumber(record, STEP_FIELDS);
	return {
		run: runOf(record, long),
		step: step === undefined ? undefined : Math.floor(step),
		timestamp: timestampOf(record),
		points
	};
}
