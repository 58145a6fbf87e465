// Errors cross the worker boundary as plain {code, message, details}: comlink keeps only name/message/stack of
// an Error, so the code would be lost. Codes are stable: tests and callers may switch on them.

export const ERROR_CODES = [
	'INVALID_ARGUMENT',
	'NOT_FOUND',
	'ALREADY_EXISTS',
	'PARAM_CONFLICT',
	'INVALID_STATE',
	'INVALID_FILTER',
	'DB_BUSY',
	'DB_UNAVAILABLE',
	'STORAGE_FULL',
	'STORAGE_IO',
	'IMPORT_UNRECOGNIZED',
	'IMPORT_CORRUPT',
	'FETCH_CORS',
	'INTERNAL'
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface SerializedError {
	readonly __runboardError: true;
	code: ErrorCode;
	message: string;
	details?: Record<string, unknown>;
}

export class RunboardError extends Error {
	override readonly name = 'RunboardError';
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly details?: Record<string, unknown>
	) {
		super(message);
	}

	toJSON(): SerializedError {
		return { __runboardError: true, code: this.code, message: this.message, details: this.details };
	}
}

export function isSerializedError(value: unknown): value is SerializedError {
	return typeof value === 'object' && value !== null && (value as SerializedError).__runboardError === true;
}

/** Turns anything thrown (ours, SQLite's, the platform's) into a coded error a person can act on. */
export function toRunboardError(error: unknown): RunboardError {
	if (error instanceof RunboardError) return error;
	if (isSerializedError(error)) return new RunboardError(error.code, error.message, error.details);
	const message = error instanceof Error ? error.message : String(error);
	if (/SQLITE_FULL|QuotaExceeded|quota/i.test(message)) {
		return new RunboardError('STORAGE_FULL', `The browser's storage for this site is full: ${message}`);
	}
	if (/SQLITE_BUSY|SQLITE_LOCKED/.test(message)) {
		return new RunboardError('DB_BUSY', `The database is busy; try again: ${message}`);
	}
	return new RunboardError('INTERNAL', message);
}
