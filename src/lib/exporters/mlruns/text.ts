// The text of an mlruns/ tree as MLflow's FileStore writes and reads it (docs/formats.md §1): meta.yaml files,
// metric lines `<timestamp> <value> <step>` and MLflow's integer run status.
import type { RunStatus } from '$lib/model/types';

/** MLflow's RunStatus enum (mlflow/protos/service.proto): the file store keeps the number. */
export const STATUS_NUMBER: Record<RunStatus, number> = {
	RUNNING: 1,
	SCHEDULED: 2,
	FINISHED: 3,
	FAILED: 4,
	KILLED: 5
};

/** What MLflow's experiment id check accepts (_EXPERIMENT_ID_REGEX in mlflow/utils/validation.py). */
export const MLFLOW_EXPERIMENT_ID = /^[a-zA-Z0-9][\w-]{0,63}$/;

export type MetaValue = string | number | null;

/** Text PyYAML keeps as written between single quotes: its printable set, no line breaks or tabs. */
const PRINTABLE = /^[\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

/**
 * A YAML scalar PyYAML's safe loader reads back as the same value. Strings are always quoted, so an id of digits
 * stays a string and `yes`, `null` or `1e3` stay text; single quotes where they keep the text as written (YAML
 * folds a line break inside them), JSON's double-quoted form otherwise (a valid YAML double-quoted scalar).
 */
export function scalar(value: MetaValue): string {
	if (value === null) return 'null';
	if (typeof value === 'number') return String(value);
	if (PRINTABLE.test(value)) return `'${value.replaceAll("'", "''")}'`;
	// PyYAML's reader refuses a file holding a character outside its printable set, even inside quotes.
	return JSON.stringify(value).replace(/[^\x20-\x7e]/gu, (c) =>
		PRINTABLE.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
	);
}

/** A flat meta.yaml, keys sorted as PyYAML's dumper sorts them. */
export function metaYaml(fields: Record<string, MetaValue>): string {
	return Object.keys(fields)
		.sort()
		.map((key) => `${key}: ${scalar(fields[key] ?? null)}\n`)
		.join('');
}

/** A double as Python's float() reads it back bit for bit: JavaScript's shortest round-trip text, -0 kept. */
export function metricValue(value: number): string {
	if (Number.isNaN(value)) return 'nan';
	if (value === Infinity) return 'inf';
	if (value === -Infinity) return '-inf';
	if (Object.is(value, -0)) return '-0.0';
	return String(value);
}

export function metricLine(timestamp: number, value: number, step: number): string {
	return `${timestamp} ${metricValue(value)} ${step}\n`;
}
