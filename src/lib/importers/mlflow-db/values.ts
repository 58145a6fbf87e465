// MLflow's SQLite value encodings, decoded once here (docs/formats.md §2.3). A hostile file may store any storage
// class in any column, so every reader goes through these and never trusts a column's declared type.
import type { SqlValue } from '@sqlite.org/sqlite-wasm';
import { RUN_STATUSES, type RunStatus } from '../../model/types';

/** MLflow writes ±Infinity as ±DBL_MAX because MySQL cannot store infinities; it never converts them back. */
const DBL_MAX = Number.MAX_VALUE;

const decoder = new TextDecoder();

/** A number from any SQLite value; null for NULL and for text that is not a number. */
export function toNumber(value: SqlValue | undefined): number | null {
	if (typeof value === 'number') return value;
	if (typeof value === 'bigint') return Number(value);
	if (typeof value === 'string' && value.trim() !== '') {
		const n = Number(value);
		return Number.isNaN(n) ? null : n;
	}
	return null;
}

/** Text from any SQLite value; NULL becomes ''. */
export function toText(value: SqlValue | undefined): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	return decoder.decode(
		value instanceof ArrayBuffer
			? new Uint8Array(value)
			: new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
	);
}

/** A metric value as MLflow meant it: is_nan → NaN, ±DBL_MAX → ±Infinity, NULL (pre-is_nan databases) → NaN. */
export function metricValue(value: number | null, isNan: boolean): number {
	if (isNan || value === null) return NaN;
	if (value === DBL_MAX) return Infinity;
	if (value === -DBL_MAX) return -Infinity;
	return value;
}

/** Run statuses are strings in the SQL store; the file store's integers are accepted in case of a hand-made db. */
// Maps, not object literals: a lookup by text from the file must not reach Object.prototype ('__proto__').
const STATUS_BY_NUMBER = new Map<string, RunStatus>([
	['1', 'RUNNING'],
	['2', 'SCHEDULED'],
	['3', 'FINISHED'],
	['4', 'FAILED'],
	['5', 'KILLED']
]);

export function runStatus(value: SqlValue | undefined): RunStatus {
	const text = toText(value).trim().toUpperCase();
	if ((RUN_STATUSES as readonly string[]).includes(text)) return text as RunStatus;
	return STATUS_BY_NUMBER.get(text) ?? 'FINISHED';
}

export function lifecycle(value: SqlValue | undefined): 'active' | 'deleted' {
	return toText(value) === 'deleted' ? 'deleted' : 'active';
}

/** MLflow 3's LoggedModelStatus names, by the integer the SQL store keeps. */
const MODEL_STATUS = new Map([
	['0', 'UNSPECIFIED'],
	['1', 'PENDING'],
	['2', 'READY'],
	['3', 'FAILED']
]);

export function loggedModelStatus(value: SqlValue | undefined): string {
	const text = toText(value);
	return MODEL_STATUS.get(text) ?? text;
}
